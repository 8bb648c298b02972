// Request validation with the project's zod schemas: a failure becomes the real API's 400
// `{"message":"Invalid arguments","errors":{"field.path":["message"]}}`.
import type { z } from 'zod';
import { invalidArguments } from './errors';

/** zod path → the API's field notation: `slots[1].end`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || 'body';
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (errors[fieldPath(issue.path)] ??= []).push(issue.message);
  throw invalidArguments(errors);
}

// Loads the official Docplanner OpenAPI YAML (kept outside the repository at ../shared/docplanner/, never copied in)
// and prepares it for openapi-backend with the two in-memory fixes TOOLCHAIN.md describes:
// (1) `nullable` + `allOf` schemas without a type get `type: object` (Ajv ignores `nullable` without a type);
// (2) the Docplanner media types are treated as `application/json` (openapi-backend validates only that one);
// plus (3): nullable enums accept null (see fixNullableEnums).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const YAML_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/docplanner/integrations-api.yml',
);

export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The YAML as published. */
export function loadRawDoc(): Doc | null {
  if (!existsSync(YAML_PATH)) return null;
  return parse(readFileSync(YAML_PATH, 'utf8')) as Doc;
}

/** The YAML with the in-memory fixes applied. */
export function loadDoc(): Doc | null {
  const doc = loadRawDoc();
  if (!doc) return null;
  fixNullableAllOf(doc);
  fixNullableEnums(doc);
  fixMediaTypes(doc);
  return doc;
}

const isDocplannerType = (t: string) =>
  t.startsWith('application/vnd.docplanner+json') || t.startsWith('application/vnd.error+docplanner+json');

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (!node || typeof node !== 'object') return;
  visit(node as Record<string, unknown>);
  for (const v of Object.values(node)) walk(v, visit);
}

/**
 * Fix (1). TOOLCHAIN.md's `type: object` lets Ajv compile these schemas, but a `null` value would then still fail
 * the `allOf` member; so each one becomes `anyOf: [allOf…, null]`, which is what `nullable` means.
 * Returns how many schemas were rewritten (10 in the 1.14.0 YAML).
 */
export function fixNullableAllOf(doc: Doc): number {
  let fixed = 0;
  walk(doc, (n) => {
    if (n.nullable === true && Array.isArray(n.allOf) && n.type === undefined) {
      n.anyOf = [{ allOf: n.allOf }, { enum: [null] }];
      delete n.allOf;
      delete n.nullable;
      fixed++;
    }
  });
  return fixed;
}

/**
 * Fix (3). OpenAPI 3.0.3 says `nullable: true` adds null to the allowed values, but Ajv applies `enum` literally;
 * nullable enums (e.g. BookingPatient.gender, Booking.presence) get `null` added. Returns how many.
 */
export function fixNullableEnums(doc: Doc): number {
  let fixed = 0;
  walk(doc, (n) => {
    if (n.nullable === true && Array.isArray(n.enum) && !n.enum.includes(null)) {
      n.enum = [...n.enum, null];
      fixed++;
    }
  });
  return fixed;
}

function fixMediaTypes(doc: Doc): void {
  walk(doc, (n) => {
    const content = n.content;
    if (!content || typeof content !== 'object' || Array.isArray(content)) return;
    const c = content as Record<string, unknown>;
    for (const key of Object.keys(c)) {
      if (!isDocplannerType(key)) continue;
      c['application/json'] ??= c[key];
      delete c[key];
    }
  });
}

/** Resolves local `$ref`s (`#/components/...`) in a fragment, recursively. */
export function deref(doc: Doc, node: unknown, depth = 0): unknown {
  if (depth > 50) return node;
  if (Array.isArray(node)) return node.map((n) => deref(doc, n, depth + 1));
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string' && obj.$ref.startsWith('#/')) {
    const target = obj.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (acc, key) =>
          (acc as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        doc,
      );
    return deref(doc, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, deref(doc, v, depth + 1)]));
}

/** Example values of one media-type object (`example` or every `examples[name].value`). */
export function examplesOf(doc: Doc, media: unknown): { name: string; value: unknown }[] {
  const m = deref(doc, media) as
    { example?: unknown; examples?: Record<string, { value?: unknown }> } | undefined;
  if (!m) return [];
  const out: { name: string; value: unknown }[] = [];
  if (m.example !== undefined) out.push({ name: 'example', value: m.example });
  for (const [name, ex] of Object.entries(m.examples ?? {}))
    if (ex && 'value' in ex) out.push({ name, value: ex.value });
  return out;
}

// What an integration API handler receives and returns, and the helpers they share (path ids → records,
// `with=` parsing, date-time path/query parameters).
import { DateTime as DateTimeSchema } from '../../electron/engine/docplanner/schemas';
import type { SimAddress } from './estate';
import { SimError, invalidArguments } from './errors';
import { decodePathParam } from './routes';
import { parseInstant } from './time';
import type { World } from './world';

export interface ApiContext {
  world: World;
  clientId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  withs: Set<string>;
  /** Path of this request below the API base, for Location headers. */
  path: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: ApiContext) => Reply;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

export function parseWiths(query: URLSearchParams): Set<string> {
  return new Set(
    query
      .getAll('with')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean),
  );
}

export function addressOf(ctx: ApiContext): SimAddress {
  const p = ctx.params;
  return ctx.world.estate.resolveAddress(
    ctx.clientId,
    decodePathParam(p.facility_id!),
    decodePathParam(p.doctor_id!),
    decodePathParam(p.address_id!),
  );
}

/** A required date-time query parameter (offset mandatory), as epoch ms. */
export function queryInstant(ctx: ApiContext, name: string): number {
  const value = ctx.query.get(name);
  if (value === null || value === '') throw invalidArguments({ [name]: ['This value should not be blank.'] });
  if (!DateTimeSchema.safeParse(value).success) {
    throw invalidArguments({ [name]: ['This value is not a valid datetime with a timezone.'] });
  }
  return parseInstant(value);
}

export function pathInstant(ctx: ApiContext, name: string): number {
  const value = decodePathParam(ctx.params[name] ?? '');
  if (!DateTimeSchema.safeParse(value).success) {
    throw invalidArguments({ [name]: ['This value is not a valid datetime with a timezone.'] });
  }
  return parseInstant(value);
}

export function pathParam(ctx: ApiContext, name: string): string {
  return decodePathParam(ctx.params[name] ?? '');
}

export function optionalInt(ctx: ApiContext, name: string, min: number, max: number): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidArguments({ [name]: [`This value should be between ${min} and ${max}.`] });
  }
  return n;
}

export function conflictIf(condition: boolean, message: string): void {
  if (condition) throw new SimError(409, message);
}

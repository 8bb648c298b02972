// Why a resolution failed, in a form the UI can translate. An action throws a ResolutionFailure with its own reason
// (a `resolve.why.*` code and params, the English message beside it), or wraps a Docplanner / practice DB error as
// the Error's `cause`; the conflict service turns either into the outcome's code (resolve.failed-because /
// resolve.failed-why), the activity row and the open conflict's "last attempt failed" line.
import {
  msg,
  type ErrorCode,
  type MessageCode,
  type MessageParams,
  type MessageRef,
} from '../../../../shared/message-codes';
import { errorCodeOf } from '../error-code';
import { isNotLeading } from '../inbound/fence';

export class ResolutionFailure extends Error {
  constructor(
    message: string,
    readonly why: MessageRef,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ResolutionFailure';
  }
}

/** A failure with its English message and its `resolve.why.*` code (params: never patient data). */
export const fail = (
  message: string,
  code: MessageCode,
  params: MessageParams = {},
  options?: ErrorOptions,
): ResolutionFailure => new ResolutionFailure(message, msg(code, params), options);

/** The cause of a failed resolution the UI can name: an error code first, else the action's own reason. */
export type FailureCause = { error: ErrorCode } | { why: MessageRef } | null;

const MAX_CAUSES = 5;

export function failureCause(thrown: unknown): FailureCause {
  const error = errorCodeOf(thrown);
  if (error) return { error };
  let e: unknown = thrown;
  for (let depth = 0; e instanceof Error && depth < MAX_CAUSES; depth++) {
    if (e instanceof ResolutionFailure) return { why: e.why };
    if (isNotLeading(e)) return { why: msg('resolve.why.not-leading') };
    e = (e as Error).cause; // (NotLeadingError adds no member, so the guard above narrows `e` to never)
  }
  return null;
}

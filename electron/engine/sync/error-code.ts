// The ErrorInfo code (ERROR_CODES in shared/message-codes.ts) of something thrown, so a message can name its
// cause in the UI language: a Docplanner error's kind, a practice DB error's code, also when an Error wraps one
// as its `cause`. null for anything else (the English text beside the code still says what happened).
import { isErrorCode, type ErrorCode } from '../../../shared/message-codes';
import { DocplannerError } from '../docplanner/errors';
import { PracticeDbError } from '../practice/adapter';

const MAX_CAUSES = 5;

export function errorCodeOf(thrown: unknown): ErrorCode | null {
  let e: unknown = thrown;
  for (let depth = 0; e instanceof Error && depth < MAX_CAUSES; depth++) {
    if (e instanceof DocplannerError && isErrorCode(e.kind)) return e.kind;
    if (e instanceof PracticeDbError && isErrorCode(e.code)) return e.code;
    e = e.cause;
  }
  return null;
}

// Typed errors of the lease sidecar. Each carries a stable code (for the UI and tests) and plain words
// a receptionist can act on. No patient data ever appears here.

export type LeaseErrorCode =
  /** The folder beside the practice DB cannot be written and holds no sidecar to read. */
  | 'read-only-folder'
  /** The folder or the sidecar cannot be reached (share dropped, disk error, file locked too long). */
  | 'sidecar-unavailable'
  /** The sidecar file is damaged and could not be set aside. */
  | 'sidecar-corrupt'
  /** The sidecar was written by a newer version of the app. */
  | 'sidecar-too-new'
  /** This instance does not hold the lease (or its safe window has passed): it must not write. */
  | 'not-leader'
  /** This instance can only read the sidecar (read-only folder). */
  | 'read-only-sidecar';

export class LeaseError extends Error {
  override readonly name = 'LeaseError';
  constructor(
    readonly code: LeaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by assertLeader(): the caller must drop the external write it was about to make. */
export class NotLeaderError extends LeaseError {
  constructor(reason: string) {
    super('not-leader', `this PC is not the one syncing (${reason}); the write was not made`);
  }
}

/** SQLite result codes meaning "the file is not a valid database". */
export function isCorruptionError(e: unknown): boolean {
  const code = sqliteCode(e);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

/** SQLite result codes meaning "this connection cannot write here". */
export function isReadOnlyError(e: unknown): boolean {
  const code = sqliteCode(e);
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM';
}

export function sqliteCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return '';
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

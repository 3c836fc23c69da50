// Server-side errors carry a MongoDB error code so the driver raises the same error classes a real
// server would provoke (MongoServerError with `code`, `codeName`, and extra fields such as keyValue).
import type { Document } from 'bson';

export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  ConflictingUpdateOperators: 40,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationNotSupportedInTransaction: 263,
  NotImplemented: 238,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  ChangeStreamNotSupported: 40573,
} as const;

const codeNames = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

export function codeName(code: number): string {
  return codeNames.get(code) ?? 'UnknownError';
}

export class MongoCommandError extends Error {
  readonly code: number;
  /** Extra fields copied into the error reply (keyPattern, keyValue, ...). */
  readonly extra: Document;

  constructor(code: number, message: string, extra: Document = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.code = code;
    this.extra = extra;
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: codeName(this.code), ...this.extra };
  }

  /** The shape of one entry of a write command's `writeErrors` array. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

/** Turns anything thrown while executing a command (ours, mingo's, bson's) into a MongoCommandError. */
export function asCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // Programming errors are ours; mingo reports invalid operator use with plain Errors, which are
  // the client's fault.
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) {
    return new MongoCommandError(ErrorCodes.InternalError, `internal error: ${message}`);
  }
  return new MongoCommandError(ErrorCodes.BadValue, message);
}

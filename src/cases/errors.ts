// Errors the service layer throws on purpose. Their messages are written for the user and safe to show:
// they never reveal that a case exists to someone who is not a party to it.
import type { CaseState } from './types.js';

/** The case does not exist, or the caller is not a party to it (both answer the same). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(message = 'No case with that number was found among your cases.') {
    super(message);
  }
}

/** The caller may not do this now; the message says why and what the status means. */
export class NotAllowedError extends Error {
  override readonly name = 'NotAllowedError';
}

/** A guarded update lost a race: the case changed and is now in `currentState`. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    readonly currentState: CaseState,
  ) {
    super(message);
  }
}

/** Input failed validation; `fields` maps a field id (or `respondent.email`, `email`, ...) to a message. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

// Errors the services throw on purpose (identity, cases, and whatever builds on them). Their messages
// are written for the user and safe to show; the bot and the routes turn them into answers.

/** The thing asked for does not exist for this caller (cases: also when the caller is not a party). */
export class NotFoundError extends Error {
  override readonly name: string = 'NotFoundError';
}

/** The caller may not do this now; the message says why. */
export class NotAllowedError extends Error {
  override readonly name = 'NotAllowedError';
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

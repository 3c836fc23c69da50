// Errors of the case service. Their messages are written for the user and safe to show: they never
// reveal that a case exists to someone who is not a party to it. The generic ones live in src/errors.
import { NotFoundError } from '../errors/service-errors.js';
import type { CaseDoc, CaseState } from './types.js';

export { NotAllowedError, NotFoundError, ValidationError } from '../errors/service-errors.js';

/** The case does not exist, or the caller is not a party to it (both answer the same). */
export class CaseNotFoundError extends NotFoundError {
  constructor(message = 'No case with that number was found among your cases.') {
    super(message);
  }
}

/** A guarded update lost a race: the case changed and is now in `currentState`. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    readonly currentState: CaseState,
    /** The case as it is now, when the caller may see it (staff): lets them show what changed. */
    readonly current?: CaseDoc,
  ) {
    super(message);
  }
}

// The evidence tests' check that an operation is refused for a given reason.
import { expect } from 'chai';
import { EvidenceRejectedError, type EvidenceRejectionReason } from '../../src/evidence/errors.js';

/** Awaits `p`, expects an EvidenceRejectedError with `reason`, and returns its message. */
export async function refusedWith(p: Promise<unknown>, reason: EvidenceRejectionReason): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(EvidenceRejectedError);
    expect((err as EvidenceRejectedError).reason, (err as Error).message).to.equal(reason);
    return (err as Error).message;
  }
  expect.fail(`expected a ${reason} refusal`);
}

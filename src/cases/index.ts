// Cases: complaint types, the state machine and per-party views, deadlines, the repository and the service.
import type { Db } from 'mongodb';
import { CasesRepository } from './cases-repository.js';

export * from './types.js';
export * from './errors.js';
export * from './labels.js';
export * from './state-machine.js';
export * from './deadlines.js';
export * from './case-number.js';
export * from './complaint-types.js';
export { makeEvent } from './events.js';
export { CasesRepository, CASES_COLLECTION, COUNTERS_COLLECTION } from './cases-repository.js';
export {
  CaseService,
  DEFAULT_CASE_SETTINGS,
  caseSettingsFromConfig,
  partyOf,
  type CaseSettings,
  type StaffActionOptions,
  type CaseChange,
  type CaseListener,
  type CaseSummary,
  type CaseForParty,
  type FileCaseInput,
  type CaseServiceDeps,
} from './case-service.js';

/** The cases' indexes (for the app's start-up index setups). Idempotent. */
export async function ensureCaseIndexes(db: Db): Promise<void> {
  await new CasesRepository(db).ensureIndexes();
}

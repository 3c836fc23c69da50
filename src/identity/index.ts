// Identity: members, their chat accounts, email verification.
export {
  MemberService,
  ensureMemberIndexes,
  MEMBERS_COLLECTION,
  ACCOUNTS_COLLECTION,
  type AccountInput,
  type SendCode,
  type MemberServiceDeps,
  type VerificationStarted,
  type ConfirmResult,
} from './member-service.js';
export { normalizeEmail, parseEmail } from './email.js';
export type { Member, ChatAccount } from './types.js';

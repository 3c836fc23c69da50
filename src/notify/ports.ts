// What the notifications need from the rest of the bot, as narrow interfaces. MemberService and
// CaseService satisfy them structurally; tests may pass the real services or small in-memory stand-ins.
import type { ChatAccount, Member } from '../identity/types.js';

export interface MemberDirectory {
  getById(memberId: string): Promise<Member | null>;
  /** Members who verified this email. */
  findByEmail(email: string): Promise<Member[]>;
  /** Chat accounts of the member with a reference not marked inactive. */
  listActiveReferences(memberId: string): Promise<ChatAccount[]>;
  /** The channel answered 403/404 for this account's reference: stop using it. */
  markReferenceInactive(memberId: string, channelId: string, userId: string): Promise<void>;
}

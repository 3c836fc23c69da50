// What the conversation needs from the rest of the application (wired in src/app.ts).
import type { ConversationState, UserState } from 'botbuilder';
import type { Db } from 'mongodb';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { CaseService } from '../cases/case-service.js';
import type { MemberService } from '../identity/member-service.js';
import type { EvidenceStore } from '../evidence/index.js';
import type { DownloadLinks } from '../evidence/download-link.js';
import type { ActivityDedup } from './activity-dedup.js';
import type { HandoffService } from '../conversations/handoff-service.js';
import type { MongoTranscriptStore } from '../conversations/transcript-store.js';

import type { Attachment } from 'botbuilder';
import type { FaqMatch, FaqResult } from '../faq/index.js';

/** The FAQ (src/faq createFaq): only `ask` is used. */
export interface FaqPort {
  ask(text: string): FaqResult | Promise<FaqResult>;
}

/** Renders FAQ answers and suggestions; default: the FAQ module's faqCards (cards/faq-answer.json). */
export interface FaqCards {
  answer(match: FaqMatch): Attachment;
  suggestions?(suggestions: FaqMatch[]): Attachment;
}

export interface ComplaintBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  caseService: CaseService;
  memberService: MemberService;
  evidenceStore: EvidenceStore;
  faq: FaqPort;
  faqCards?: FaqCards;
  config: Pick<Config, 'PLATFORM_NAME' | 'PARTNER_SITE_NAME' | 'SUPPORT_EMAIL'>;
  logger: Logger;
  clock?: () => Date;
  /** Where processed activity ids are recorded (collection processed_activities). Without it (and without dedup) no dedup. */
  db?: Db;
  dedup?: ActivityDedup;
  /** Headers for downloading a chat attachment; default: the bot's bearer token for Bot Framework/Teams hosts only (attachment-auth.ts). */
  attachmentHeaders?: (url: string) => Record<string, string> | undefined | Promise<Record<string, string> | undefined>;
  /**
   * Which private/loopback attachment URLs may be downloaded (fetchAttachment's options): for the local
   * Direct Line, trustedPrefixes [`${publicUrl}/v3/directline/attachments/`]; tests allow the private network.
   */
  attachmentFetch?: { allowPrivateNetwork?: boolean; trustedPrefixes?: readonly string[]; timeoutMs?: number };
  /** Issues signed links to evidence files for the cards; without it files are listed by name only. */
  downloadLinks?: Pick<DownloadLinks, 'issue'>;
  /** Handoff to a person (src/conversations). Without it, asking for a person gives the support email. */
  handoffs?: HandoffService;
  /** Transcripts: the member's own deletion request, the transcript attached to handoff.initiate. */
  transcripts?: Pick<MongoTranscriptStore, 'deleteMemberHistory' | 'lastActivities'>;
  /** Minutes a verification code stays valid, as told to the user (MemberService default 10). */
  codeTtlMinutes?: number;
}

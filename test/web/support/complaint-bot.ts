// The real Complaint Center bot (src/bot) for browser tests, on the app's database and state, with
// the one-time codes captured instead of emailed. Attachments are fetched only from this server's
// local Direct Line upload URLs, as in local mode.
import type { ActivityHandlerBase } from 'botbuilder';
import type { AppContext } from '../../../src/app.js';
import { createComplaintBot } from '../../../src/bot/complaint-bot.js';
import { CaseService, caseSettingsFromConfig } from '../../../src/cases/case-service.js';
import { EvidenceStore } from '../../../src/evidence/index.js';
import { createFaq } from '../../../src/faq/index.js';
import { MemberService } from '../../../src/identity/member-service.js';
import { ATTACHMENTS_PATH } from '../../../src/web/index.js';

export interface ComplaintWorld {
  codes: Map<string, string>;
  caseService?: CaseService;
  /** createBot for startWebChatApp. */
  createBot(ctx: AppContext): ActivityHandlerBase;
  /** Indexes, and the upload URL prefix once the server's URL is known. */
  prepare(url: string): Promise<void>;
}

export function complaintWorld(): ComplaintWorld {
  const codes = new Map<string, string>();
  const trustedPrefixes: string[] = [];
  let members: MemberService | undefined;
  const world: ComplaintWorld = {
    codes,
    createBot(ctx) {
      members = new MemberService({ db: ctx.db, clock: ctx.clock, sendCode: async (email, code) => void codes.set(email, code) });
      world.caseService = new CaseService({ db: ctx.db, clock: ctx.clock, settings: caseSettingsFromConfig(ctx.config) });
      return createComplaintBot({
        conversationState: ctx.conversationState,
        userState: ctx.userState,
        caseService: world.caseService,
        memberService: members,
        evidenceStore: new EvidenceStore(ctx.db),
        faq: createFaq({ platform: ctx.config.PLATFORM_NAME, partner: ctx.config.PARTNER_SITE_NAME }),
        config: ctx.config,
        logger: ctx.logger,
        clock: ctx.clock,
        db: ctx.db,
        attachmentFetch: { trustedPrefixes },
      });
    },
    async prepare(url) {
      await world.caseService?.ensureIndexes();
      await members?.ensureIndexes();
      trustedPrefixes.push(`${url}${ATTACHMENTS_PATH}`);
    },
  };
  return world;
}

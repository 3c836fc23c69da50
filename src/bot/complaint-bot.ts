// The Complaint Center conversation: the composition of the router, the flows and the turn services.
// Keeps nothing in memory between turns: dialog and conversation state live in MongoDB (MongoStorage),
// processed activity ids in processed_activities.
//
// Wiring (src/app.ts):
//   createBot: (ctx) => createComplaintBot({
//     conversationState: ctx.conversationState, userState: ctx.userState,
//     caseService, memberService, evidenceStore, faq: createFaq({ platform, partner }),
//     config: ctx.config, logger: ctx.logger, clock: ctx.clock, db: ctx.db,
//     attachmentFetch: { trustedPrefixes: [`${ctx.publicUrl()}${ATTACHMENTS_PATH}`] },   // src/web
//   })
//   INDEX_SETUPS: ensureProcessedActivityIndexes (src/bot/activity-dedup.ts)
// The bot saves conversation and user state itself, once at the end of each successful turn (the only
// place state is saved); a parallel turn's eTag conflict is logged, not shown.
import { ActivityHandler, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Member } from '../identity/types.js';
import { isSharedConversation, type ConversationLike } from '../identity/shared-conversation.js';
import { linkTranscript } from '../conversations/turn-flags.js';
import { ActivityDedup, type ActivityClaim } from './activity-dedup.js';
import { mainMenuCard } from './cards/menu-cards.js';
import type { ComplaintBotDeps } from './deps.js';
import { sendCard } from './dialogs/common.js';
import { showCaseDetail } from './dialogs/my-cases.js';
import { Router } from './dialogs/router.js';
import { isValidTimeZone } from '../time/time-zone.js';
import { handoffGate } from './handoff-chat.js';
import { timeZoneFromActivity } from './time-zone.js';
import * as T from './texts.js';
import { setTurn, type Turn } from './turn.js';

export type { ComplaintBotDeps } from './deps.js';

interface UserProfile {
  timeZone?: string;
}

interface WelcomeState {
  welcomed: boolean;
}

export const DIALOG_STATE_PROPERTY = 'dialogState';

/**
 * A Teams channel or group chat: everyone there would read the cases shown, and its reference would
 * become where the member's case notifications are posted. Only personal chats get the bot.
 */
function inSharedConversation(activity: Pick<Activity, 'conversation'>): boolean {
  return isSharedConversation(activity.conversation as ConversationLike | undefined);
}

function isEtagConflict(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ETagConflictError' || /eTag conflict/i.test(err.message));
}

export class ComplaintBot extends ActivityHandler {
  private readonly router: Router;
  private readonly dedup?: ActivityDedup;

  constructor(private readonly deps: ComplaintBotDeps) {
    super();
    this.router = new Router(deps.conversationState.createProperty<DialogState>(DIALOG_STATE_PROPERTY));
    this.dedup = deps.dedup ?? (deps.db ? new ActivityDedup(deps.db, { clock: deps.clock }) : undefined);

    this.onMessage(async (context, next) => {
      // Answered without a member or a turn: nothing about this account or conversation is stored.
      if (inSharedConversation(context.activity)) await context.sendActivity(T.PERSONAL_CHAT_ONLY);
      else {
        const turn = await this.turn(context);
        // A person is in (or about to join) the chat: the message goes to them, the bot stays silent.
        if (!(await handoffGate(turn))) await this.router.onMessage(turn);
      }
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      if (inSharedConversation(context.activity)) return next();
      const others = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (others.length) await this.welcome(await this.turn(context));
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === 'webchat/join' && !inSharedConversation(context.activity)) {
        const turn = await this.turn(context);
        await this.welcome(turn);
        const value = context.activity.value as { case?: unknown } | undefined;
        if (typeof value?.case === 'string' && value.case.length <= 40) await showCaseDetail(turn, value.case.trim().toUpperCase());
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    let claim: ActivityClaim | null = null;
    if (this.dedup && (context.activity.type === 'message' || context.activity.type === 'event')) {
      claim = await this.dedup.claim(context.activity);
      if (!claim) {
        this.deps.logger.info({ activityId: context.activity.id, channelId: context.activity.channelId }, 'ignored a redelivered activity');
        return;
      }
    }
    try {
      await this.runTurn(context);
    } catch (err) {
      await claim?.release().catch(() => undefined);
      throw err;
    }
    // Done only once the answer went out and the state was saved: a crash before this runs it again.
    await claim?.done();
  }

  private async runTurn(context: TurnContext): Promise<void> {
    // Both states in one read (MongoStorage batches reads of the same tick); the flows then use the cache.
    await Promise.all([this.deps.conversationState.load(context), this.deps.userState.load(context)]);
    await super.run(context);
    try {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    } catch (err) {
      // Two turns of one conversation ran at once (a double click): the other turn's state stands.
      if (!isEtagConflict(err)) throw err;
      this.deps.logger.warn({ conversationId: context.activity.conversation?.id }, 'state changed by a parallel turn; this turn’s state changes were dropped');
    }
  }

  private async welcome(turn: Turn): Promise<void> {
    const accessor = this.deps.conversationState.createProperty<WelcomeState>('welcome');
    const state = await accessor.get(turn.ctx, { welcomed: false });
    if (state.welcomed) return;
    state.welcomed = true;
    await sendCard(turn, mainMenuCard(turn.names));
  }

  /** Builds (once per turn) the member, time zone and clock the flows use. */
  private async turn(context: TurnContext): Promise<Turn> {
    const existing = context.turnState.get(TURN_SERVICES) as Turn | undefined;
    if (existing) return existing;
    const { deps } = this;
    const activity = context.activity;
    const profileAccessor = deps.userState.createProperty<UserProfile>('profile');
    const profile = await profileAccessor.get(context, {});
    const reported = timeZoneFromActivity(activity);
    if (reported && reported !== profile.timeZone) profile.timeZone = reported;
    const member: Member = await deps.memberService.findOrCreateByAccount({
      channelId: activity.channelId,
      userId: activity.from.id,
      name: typeof activity.from.name === 'string' && activity.from.name ? activity.from.name : undefined,
      reference: TurnContext.getConversationReference(activity) as Partial<ConversationReference> as Record<string, unknown>,
      timeZone: reported,
    });
    linkTranscript(context, { memberId: member._id });
    const timeZone = [profile.timeZone, member.timeZone].find((tz) => isValidTimeZone(tz));
    const clock = deps.clock ?? (() => new Date());
    const turn: Turn = {
      ctx: context,
      deps,
      names: { platform: deps.config.PLATFORM_NAME, partner: deps.config.PARTNER_SITE_NAME },
      member,
      timeZone,
      now: clock,
    };
    setTurn(context, turn);
    context.turnState.set(TURN_SERVICES, turn);
    return turn;
  }
}

const TURN_SERVICES = Symbol('complaintBot.turnServices');

/** The conversation bot for src/app.ts. */
export function createComplaintBot(deps: ComplaintBotDeps): ActivityHandler {
  return new ComplaintBot(deps);
}


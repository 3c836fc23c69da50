// Proactive chat messages through the Bot Framework adapter. Each send goes to one stored
// ConversationReference; a member is reached in every conversation it is known in.
// 403 (bot removed, user blocked) and 404 (conversation gone) mark the reference inactive: the member is
// then reached by email only. 412, 429, 502 and 504 are retried with exponential backoff and jitter.
import type { Activity, BotAdapter, ConversationReference } from 'botbuilder';
import type { ChatAccount } from '../identity/types.js';
import type { Logger } from '../log/logger.js';
import { isSharedConversation } from '../identity/shared-conversation.js';
import type { MemberDirectory } from './ports.js';
import { ConversationRateLimiter, realSleep } from './rate-limiter.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './retry.js';

export const RETRYABLE_STATUS = [412, 429, 502, 504] as const;
export const GONE_STATUS = [403, 404] as const;

export type SendOutcome = 'sent' | 'gone';

export interface ProactiveSenderOptions {
  adapter: Pick<BotAdapter, 'continueConversationAsync'>;
  /** The bot's Microsoft App Id; '' when the bot runs without authentication (local). */
  appId: string;
  members: MemberDirectory;
  logger: Logger;
  backoff?: BackoffOptions;
  limiter?: ConversationRateLimiter;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface MemberSendResult {
  /** Conversation keys that received the message. */
  delivered: string[];
  /** Conversation keys answered 403/404 (now inactive). */
  gone: string[];
  /** Conversation keys that still failed after retries, with the last error. */
  failed: Array<{ key: string; error: string }>;
}

/** HTTP status of an error thrown by the connector client (RestError.statusCode), if any. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number') return err.statusCode;
  return undefined;
}

/** Retry-After of a failed connector response in ms, when the channel sent one. */
function retryAfterMs(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('response' in err)) return undefined;
  const headers = (err.response as { headers?: { get?: (name: string) => string | undefined } } | undefined)?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function conversationKey(reference: Partial<ConversationReference>): string {
  return `${reference.channelId ?? '?'}:${reference.conversation?.id ?? '?'}`;
}

export class ProactiveSender {
  private readonly backoff: BackoffOptions;
  private readonly limiter: ConversationRateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: ProactiveSenderOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.sleep = options.sleep ?? realSleep;
    this.limiter = options.limiter ?? new ConversationRateLimiter({ sleep: this.sleep });
    this.random = options.random ?? Math.random;
  }

  /**
   * Sends one message into the conversation of `reference`. 'gone' on 403/404; throws after the last
   * retry of a transient error, or at once for any other error.
   */
  async sendToReference(reference: Partial<ConversationReference>, message: string | Partial<Activity>): Promise<SendOutcome> {
    const activity: Partial<Activity> = typeof message === 'string' ? { type: 'message', text: message } : message;
    const key = conversationKey(reference);
    for (let attempt = 1; ; attempt += 1) {
      await this.limiter.acquire(key);
      const failure = await this.attempt(reference, activity);
      if (!failure) return 'sent';
      const { err } = failure;
      const status = statusOf(err);
      if (status !== undefined && (GONE_STATUS as readonly number[]).includes(status)) return 'gone';
      const retryable = status !== undefined && (RETRYABLE_STATUS as readonly number[]).includes(status);
      if (!retryable || attempt >= this.backoff.attempts) throw err;
      const delay = Math.max(backoffDelay(attempt, this.backoff, this.random), Math.min(retryAfterMs(err) ?? 0, this.backoff.maxMs));
      this.options.logger.warn({ status, attempt, delay, conversation: key }, 'proactive send failed; retrying');
      await this.sleep(delay);
    }
  }

  /** One send; the error, if any. */
  private async attempt(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<{ err: unknown } | undefined> {
    // The send error is caught inside the turn: an adapter's onTurnError would otherwise swallow it
    // (and answer the user with an apology), hiding the 403/429 this loop must see.
    const outcome: { failure?: { err: unknown } } = {};
    try {
      await this.options.adapter.continueConversationAsync(this.options.appId, reference, async (context) => {
        // A proactive message starts a new message in the conversation rather than replying to the
        // synthetic continuation activity: POST /v3/conversations/{id}/activities.
        context.onSendActivities(async (_ctx, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        try {
          await context.sendActivity(activity);
        } catch (err) {
          outcome.failure = { err };
        }
      });
    } catch (err) {
      outcome.failure = { err };
    }
    return outcome.failure;
  }

  /**
   * Sends to every active conversation of the member, skipping `alreadyDelivered` keys (a retried
   * notification must not repeat itself where it already arrived). `onDelivered` runs after each success
   * so the caller can record progress durably.
   */
  async sendToMember(
    memberId: string,
    message: string | Partial<Activity>,
    opts: { alreadyDelivered?: readonly string[]; onDelivered?: (key: string) => Promise<void> } = {},
  ): Promise<MemberSendResult> {
    const result: MemberSendResult = { delivered: [], gone: [], failed: [] };
    const accounts = await this.options.members.listActiveReferences(memberId);
    for (const account of accounts) {
      const reference = referenceOf(account);
      if (!reference) continue;
      const key = conversationKey(reference);
      if (opts.alreadyDelivered?.includes(key) || result.delivered.includes(key)) continue;
      try {
        const outcome = await this.sendToReference(reference, message);
        if (outcome === 'sent') {
          result.delivered.push(key);
          await opts.onDelivered?.(key);
        } else {
          result.gone.push(key);
          await this.options.members.markReferenceInactive(memberId, account.channelId, account.userId);
          this.options.logger.info({ memberId, conversation: key }, 'conversation reference answered 403/404: marked inactive, email only');
        }
      } catch (err) {
        result.failed.push({ key, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return result;
  }
}

function referenceOf(account: ChatAccount): Partial<ConversationReference> | undefined {
  const ref = account.reference as Partial<ConversationReference> | undefined;
  // A channel or group chat stored before the bot kept to personal chats: case news never goes there.
  if (isSharedConversation(ref?.conversation)) return undefined;
  return ref && ref.serviceUrl && ref.conversation?.id ? ref : undefined;
}

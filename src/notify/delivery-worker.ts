// Sends what the outbox holds. Each entry is claimed atomically (see outbox.ts), so several instances can
// run workers on one database. A failed send goes back to pending with exponential backoff; after
// `maxAttempts` it is marked failed and logged. Delivery is at least once only in one narrow case: a worker
// that dies after the channel accepted a message but before recording it; the lease then expires and the
// entry is sent again (SMTP and the Bot Connector offer no idempotency key to prevent that).
import { createHash, randomUUID } from 'node:crypto';
import type { CaseDoc } from '../cases/types.js';
import type { Logger } from '../log/logger.js';
import type { Mailer } from './mailer.js';
import type { DeliveryDoc, NotificationOutbox } from './outbox.js';
import type { ProactiveSender } from './proactive-sender.js';
import type { ConversationReference } from 'botbuilder';

export interface DeliveryWorkerOptions {
  outbox: NotificationOutbox;
  mailer: Mailer;
  sender: ProactiveSender;
  /** The support channel reference, read at send time (null when none is configured). */
  supportChannel: () => Promise<Partial<ConversationReference> | null>;
  /** Re-reads a case to check a reminder's guard before sending it. */
  getCase?: (caseNumber: string) => Promise<CaseDoc | null>;
  logger: Logger;
  clock?: () => Date;
  /**
   * How long a claimed entry stays ours without a heartbeat before another worker may take it over
   * (default 30 s; renewed every third of it while sending, so only a dead worker's entries move).
   */
  leaseMs?: number;
  maxAttempts?: number;
  /** Entries sent in parallel by this worker (default 4); per-conversation chat limits still apply. */
  concurrency?: number;
  /** First retry delay; doubles each attempt up to 1 hour (default 30 s). */
  retryBaseMs?: number;
  owner?: string;
}

/** A delivery's Message-ID, derived from its id (so the same on every attempt, from any instance). */
export function deliveryMessageId(deliveryId: string): string {
  return `<${createHash('sha256').update(deliveryId).digest('hex').slice(0, 40)}@complaint-center.notifications>`;
}

type Outcome = { status: 'sent' | 'skipped' | 'failed'; note?: string } | { status: 'retry'; error: string };

export class DeliveryWorker {
  private readonly clock: () => Date;
  private readonly owner: string;
  private readonly leaseMs: number;
  private draining: Promise<number> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /**
   * Sends every due entry (a few at a time) until none is due. Concurrent calls share one pass
   * (a call during a pass makes it look once more), so kicking it after each enqueue is cheap.
   * Resolves with the number of entries handled.
   */
  drain(): Promise<number> {
    // After stop() (shutdown) nothing new starts: the entries wait in the outbox for the next start.
    if (this.stopped) return Promise.resolve(0);
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      let handled = 0;
      const lane = async (): Promise<void> => {
        while (!this.stopped) {
          const entry = await this.options.outbox.claimNext(this.clock(), this.owner, this.leaseMs);
          if (!entry) return;
          await this.handle(entry);
          handled += 1;
        }
      };
      try {
        do {
          this.again = false;
          await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, lane));
        } while (this.again && !this.stopped);
      } finally {
        this.draining = undefined;
      }
      return handled;
    })();
    return this.draining;
  }

  /** Polls for due entries (retries, entries left by a dead instance) every `intervalMs`. */
  start(intervalMs: number): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.drain().catch((err: unknown) => this.options.logger.error({ err }, 'notification worker pass failed'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.draining?.catch(() => undefined);
  }

  private async handle(entry: DeliveryDoc): Promise<void> {
    const { outbox, logger } = this.options;
    let outcome: Outcome;
    // Heartbeat: a slow send keeps its lease; a dead worker's lease lapses within leaseMs.
    const heartbeat = setInterval(() => {
      outbox.renewLease(entry._id, this.owner, this.clock(), this.leaseMs).catch(() => undefined);
    }, Math.max(1000, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    try {
      outcome = await this.deliver(entry);
    } catch (err) {
      outcome = { status: 'retry', error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearInterval(heartbeat);
    }
    const now = this.clock();
    if (outcome.status !== 'retry') {
      await outbox.finish(entry._id, this.owner, outcome.status, now, outcome.note);
      logger.info({ id: entry._id, kind: entry.kind, channel: entry.channel, status: outcome.status, note: outcome.note }, 'notification handled');
      return;
    }
    const max = this.options.maxAttempts ?? 8;
    if (entry.attempts >= max) {
      await outbox.finish(entry._id, this.owner, 'failed', now, outcome.error);
      logger.error({ id: entry._id, attempts: entry.attempts, error: outcome.error }, 'notification failed for good');
      return;
    }
    const delay = Math.min(3_600_000, (this.options.retryBaseMs ?? 30_000) * 2 ** (entry.attempts - 1));
    await outbox.retryAt(entry._id, this.owner, new Date(now.getTime() + delay), outcome.error, now);
    logger.warn({ id: entry._id, attempts: entry.attempts, delay, error: outcome.error }, 'notification will be retried');
  }

  private async deliver(entry: DeliveryDoc): Promise<Outcome> {
    const { mailer, sender, outbox } = this.options;
    if (entry.guard && this.options.getCase) {
      const current = await this.options.getCase(entry.caseNumber);
      const stillDue =
        current?.state === entry.guard.state && current.deadline?.getTime() === new Date(entry.guard.deadline).getTime();
      if (!stillDue) return { status: 'skipped', note: 'the case no longer awaits this response' };
    }
    switch (entry.channel) {
      case 'email': {
        if (!entry.to || !entry.email) return { status: 'failed', note: 'email entry without address or content' };
        // The same Message-ID on every attempt: a re-send after a crash can be dropped as a duplicate.
        await mailer.sendMail({ to: entry.to, ...entry.email, messageId: deliveryMessageId(entry._id) });
        return { status: 'sent' };
      }
      case 'chat': {
        if (!entry.memberId || !entry.chat) return { status: 'failed', note: 'chat entry without member or text' };
        const result = await sender.sendToMember(entry.memberId, entry.chat, {
          alreadyDelivered: entry.delivered,
          onDelivered: (key) => outbox.recordDelivered(entry._id, this.owner, key, this.clock(), this.leaseMs),
        });
        if (result.failed.length > 0) return { status: 'retry', error: result.failed.map((f) => `${f.key}: ${f.error}`).join('; ') };
        if (result.delivered.length + entry.delivered.length === 0) {
          return { status: 'skipped', note: result.gone.length ? 'every conversation answered 403/404; email only' : 'no active conversation; email only' };
        }
        return { status: 'sent' };
      }
      case 'support_chat': {
        if (!entry.chat) return { status: 'failed', note: 'chat entry without text' };
        const reference = await this.options.supportChannel();
        if (!reference) return { status: 'skipped', note: 'no support channel configured' };
        const outcome = await sender.sendToReference(reference, entry.chat);
        if (outcome === 'gone') return { status: 'failed', note: 'the support channel answered 403/404: set it again' };
        return { status: 'sent' };
      }
    }
  }
}

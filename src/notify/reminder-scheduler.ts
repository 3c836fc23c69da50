// The timer loop: every sweep asks the case service to run what is due — a reminder step (claimed once per
// case, party, deadline and step by a guarded update on the case, which appends a 'reminder' event) or a
// passed deadline (the guarded missed-deadline transition). The Notifier turns those events into messages.
// So exactly-once rests on single-document updates in the case service, and the outbox keys reminders by
// (case, party, deadline, step) as a second line of defence. A sweep runs at start, which catches up
// what fell due while no instance ran (only the latest step; see dueReminder in src/cases/deadlines.ts).
import type { CaseChange } from '../cases/case-service.js';
import type { Logger } from '../log/logger.js';

export interface CaseTimers {
  /** One pass over due cases (indexed on the next timer moment); returns the changes made. */
  runDueTimers(now: Date, limit?: number): Promise<CaseChange[]>;
}

export interface ReminderSchedulerOptions {
  timers: CaseTimers;
  /** Sweep interval (REMINDER_SWEEP_SECONDS × 1000). */
  intervalMs: number;
  clock?: () => Date;
  logger: Logger;
  /** Cases handled per database read; a sweep reads again while a full batch came back. */
  batchSize?: number;
  /** Runs after each sweep (e.g. the notifications recovery pass); errors are logged. */
  afterSweep?: (now: Date) => Promise<void>;
}

export class ReminderScheduler {
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** One sweep now; returns the number of case changes (reminders claimed, deadlines marked missed). */
  sweepOnce(): Promise<number> {
    // A sweep still in flight is joined rather than overlapped.
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweep(): Promise<number> {
    const { timers, logger } = this.options;
    const batch = this.options.batchSize ?? 50;
    const now = this.clock();
    let total = 0;
    for (let round = 0; round < 100; round += 1) {
      const changes = await timers.runDueTimers(now, batch);
      total += changes.length;
      for (const c of changes) {
        logger.info({ caseNumber: c.caseDoc.number, event: c.event.type, party: c.event.party, hoursBefore: c.event.hoursBefore }, 'timer fired');
      }
      if (changes.length < batch) break;
      // Between batches the bot's turns get the event loop (the database may share it).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.options.afterSweep) {
      await this.options.afterSweep(now).catch((err: unknown) => logger.error({ err }, 'after-sweep task failed'));
    }
    return total;
  }

  /** Sweeps at once (downtime catch-up), then every interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = (): void => {
      this.sweepOnce()
        .catch((err: unknown) => this.options.logger.error({ err }, 'reminder sweep failed'))
        .finally(() => {
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.options.intervalMs);
            this.timer.unref();
          }
        });
    };
    tick();
  }

  /** Stops the loop and waits for a sweep in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}

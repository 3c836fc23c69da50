// The background part that ends waiting handoff requests nobody took within HANDOFF_WAIT_MINUTES and
// tells their users (with the support email). Runs on every instance; each request is claimed by one
// atomic update, so a user is told once.
import type { Db } from 'mongodb';
import type { Logger } from '../log/logger.js';
import { HandoffService } from './handoff-service.js';

export const HANDOFF_SWEEP_MS = 15_000;

export function handoffTimeoutSweep(handoffs: HandoffService, logger: Logger, everyMs = HANDOFF_SWEEP_MS): { name: string; start(): void; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const sweep = (): void => {
    if (running) return;
    running = handoffs
      .sweepTimeouts()
      .then((n) => {
        if (n) logger.info({ timedOut: n }, 'handoff requests timed out; users offered email');
      })
      .catch((err: unknown) => logger.error({ err }, 'handoff timeout sweep failed'))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name: 'handoff-timeouts',
    start() {
      timer = setInterval(sweep, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export async function ensureHandoffIndexes(db: Db): Promise<void> {
  await new HandoffService({ db, deliver: async () => 'sent', waitMinutes: 1, supportEmail: 'x@localhost' }).ensureIndexes();
}

// Evidence sent while filing is kept under a draft key until the case exists. A filing that is never
// submitted (the user walks away) leaves its drafts behind; this sweep removes those older than maxAge.
import type { EvidenceStore } from '../evidence/index.js';
import type { Logger } from '../log/logger.js';
import { DRAFT_KEY_PREFIX } from './dialogs/file-complaint.js';

export interface DraftEvidenceSweepOptions {
  evidence: Pick<EvidenceStore, 'removeStale'>;
  clock: () => Date;
  logger: Logger;
  /** Drafts stored longer ago than this are abandoned; default 24 h. */
  maxAgeMs?: number;
  /** Default hourly. */
  intervalMs?: number;
}

export interface DraftEvidenceSweep {
  name: 'draft-evidence-sweep';
  /** One run at once, then every intervalMs. */
  start(): void;
  /** No more runs; resolves when a run in flight is over. */
  stop(): Promise<void>;
  /** One sweep (joins a run in flight); resolves with the files removed, 0 after a logged failure. */
  runOnce(): Promise<number>;
}

export const DRAFT_MAX_AGE_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

export function createDraftEvidenceSweep(opts: DraftEvidenceSweepOptions): DraftEvidenceSweep {
  const maxAgeMs = opts.maxAgeMs ?? DRAFT_MAX_AGE_MS;
  const intervalMs = opts.intervalMs ?? HOUR_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const sweep = async (): Promise<number> => {
    try {
      const removed = await opts.evidence.removeStale(DRAFT_KEY_PREFIX, new Date(opts.clock().getTime() - maxAgeMs));
      if (removed > 0) opts.logger.info({ removed }, 'removed draft evidence of abandoned filings');
      return removed;
    } catch (err) {
      opts.logger.warn({ err }, 'draft evidence sweep failed; will retry at the next run');
      return 0;
    }
  };
  const runOnce = (): Promise<number> => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    name: 'draft-evidence-sweep',
    start() {
      void runOnce();
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}

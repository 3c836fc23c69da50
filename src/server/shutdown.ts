// SIGTERM/SIGINT: stop gracefully once; a second signal, or a stop that hangs, exits at once.
import type { Logger } from '../log/logger.js';

export interface ShutdownOptions {
  logger: Logger;
  /** Hard limit for stop(); the app's own deadline is shorter. */
  hardTimeoutMs: number;
  exit?: (code: number) => void;
}

export function exitOnSignals(stop: () => Promise<void>, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    signalled = true;
    options.logger.info({ signal }, 'signal received: stopping');
    const hard = setTimeout(() => {
      options.logger.error('graceful stop took too long: exiting');
      exit(1);
    }, options.hardTimeoutMs);
    hard.unref();
    stop().then(
      () => exit(0),
      (err: unknown) => {
        options.logger.error({ err }, 'graceful stop failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

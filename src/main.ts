// Entry point (`npm start`): configuration from the environment and .env, then the app.
// A configuration error is one line on stderr naming the variable, and exit code 1.
import { ConfigError, environmentWithDotEnv, loadConfig, type Config } from './config/config.js';
import { createLogger } from './log/logger.js';
import { createApp } from './app.js';
import { exitOnSignals } from './server/shutdown.js';

function readConfig(): Config {
  try {
    return loadConfig(environmentWithDotEnv(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const config = readConfig();
const logger = createLogger(config.LOG_LEVEL);

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

function fail(err: unknown): never {
  logger.fatal({ err }, `cannot start: ${(err as Error).message}`);
  process.exit(1);
}

const app = await createApp(config, { logger }).catch(fail);
exitOnSignals(() => app.stop(), { logger, hardTimeoutMs: (config.SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000 });
await app.start().catch(async (err: unknown) => {
  await app.stop().catch(() => undefined);
  fail(err);
});
// One plain line for the person who typed `npm start`, among the JSON logs: where to go next.
process.stdout.write(`Complaint Center bot: open ${app.publicUrl().replace(/\/+$/, '')}/\n`);

// `npm run db -- --port 27018 --data ./data/db`: the embedded server on its own, so mongosh or
// Compass can look at the data. Prints the URI; stops cleanly (snapshot written) on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { createLogger } from '../log/logger.js';
import { startEmbeddedMongo } from './index.js';

const USAGE = 'usage: npm run db -- [--port 27017] [--host 127.0.0.1] [--data ./data/db] (omit --data for memory only)';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      dbpath: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}\n${USAGE}`);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const dataDir = values.data ?? values.dbpath;
  const server = await startEmbeddedMongo({ port, host: values.host, dataDir, logger });
  console.log(server.uri);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'embedded-mongo: stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'embedded-mongo: failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const usageError = String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
  console.error(err instanceof Error ? err.message : err);
  if (usageError) console.error(USAGE);
  process.exit(1);
});

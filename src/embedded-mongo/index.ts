// Embedded MongoDB-compatible server: speaks the wire protocol to the official driver over a real
// socket, keeps data in memory, and optionally persists it to a data folder.
import type { Logger } from 'pino';
import { Persistence } from './persistence.js';
import { MongoServer } from './server.js';
import { Catalog } from './storage/catalog.js';

export interface EmbeddedMongoOptions {
  /** 0 = a random free port; default 27017. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Folder for the snapshot and journal; omit to keep everything in memory only. */
  dataDir?: string;
  logger?: Logger;
  /** How often expired TTL documents are removed; default 60 s like mongod. */
  ttlMonitorIntervalMs?: number;
  /** Idle server-side cursors are dropped after this; default 10 minutes like mongod. */
  cursorTimeoutMs?: number;
}

export interface EmbeddedMongo {
  /** mongodb://HOST:PORT/ */
  uri: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = opts.host ?? '127.0.0.1';
  const catalog = new Catalog();
  const persistence = opts.dataDir ? Persistence.open(opts.dataDir, catalog, { logger: opts.logger }) : undefined;
  const server = new MongoServer(
    {
      port: opts.port ?? 27017,
      host,
      logger: opts.logger,
      ttlMonitorIntervalMs: opts.ttlMonitorIntervalMs ?? 60_000,
      cursorTimeoutMs: opts.cursorTimeoutMs ?? 10 * 60_000,
      commit: persistence ? () => persistence.commit() : undefined,
    },
    catalog,
  );
  let port: number;
  try {
    port = await server.listen();
  } catch (err) {
    await persistence?.close();
    throw err;
  }
  const uriHost = host.includes(':') ? `[${host}]` : host;
  opts.logger?.info({ port, dataDir: opts.dataDir ?? null }, 'embedded-mongo: listening');
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await server.close();
    await persistence?.close();
  };
  return {
    uri: `mongodb://${uriHost}:${port}/`,
    port,
    close: () => (closing ??= close()),
  };
}

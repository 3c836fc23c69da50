// The database connection: a real MongoDB when MONGODB_URI is set, otherwise the embedded
// MongoDB-compatible server started in-process on loopback with its files under DATA_DIR/db.
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../log/logger.js';

export interface DatabaseOptions {
  /** MONGODB_URI; when absent the embedded server is started. */
  uri?: string;
  /** MONGODB_DB */
  dbName: string;
  /** DATA_DIR: the embedded server keeps its files in `<dataDir>/db`. */
  dataDir: string;
  logger: Logger;
  serverSelectionTimeoutMS?: number;
  /** How long one command may wait for the server's reply (the driver's socketTimeoutMS), default 5 s. */
  socketTimeoutMS?: number;
}

/**
 * Every wait on the database is bounded, so a database that stops answering (frozen process, network
 * partition) fails a chat turn within seconds with the apology to try again, instead of hanging it:
 * finding a server, opening a connection, waiting for a pooled connection, and each command's reply
 * (socketTimeoutMS: armed only while a command waits, so idle connections stay open). Not the driver's
 * timeoutMS: it would bound a whole cursor's life, and a file download to a slow reader takes longer.
 * The driver reconnects by itself once the server answers again.
 */
export const DATABASE_TIMEOUTS = { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, waitQueueTimeoutMS: 5_000, socketTimeoutMS: 5_000 };

export interface Database {
  client: MongoClient;
  db: Db;
  /** True when the embedded server was started for this process. */
  embedded: boolean;
  /** Closes the client, then the embedded server if there is one. */
  close(): Promise<void>;
}

/** Strips credentials so a URI can be logged. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

export async function connectDatabase(options: DatabaseOptions): Promise<Database> {
  const { logger } = options;
  let closeEmbedded: (() => Promise<void>) | undefined;
  let uri: string;
  if (options.uri) {
    uri = options.uri;
  } else {
    // Loaded only when needed: deployments on a real MongoDB never load the embedded server.
    const { startEmbeddedMongo } = await import('../embedded-mongo/index.js');
    const dataDir = path.join(options.dataDir, 'db');
    const embedded = await startEmbeddedMongo({ port: 0, dataDir, logger: logger.child({ component: 'embedded-mongo' }) });
    uri = embedded.uri;
    closeEmbedded = () => embedded.close();
    logger.info({ mongoUri: uri, dataDir }, `embedded MongoDB-compatible server listening at ${uri}`);
  }
  const client = new MongoClient(uri, {
    appName: 'complaint-center-bot',
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? DATABASE_TIMEOUTS.serverSelectionTimeoutMS,
    connectTimeoutMS: DATABASE_TIMEOUTS.connectTimeoutMS,
    waitQueueTimeoutMS: DATABASE_TIMEOUTS.waitQueueTimeoutMS,
    socketTimeoutMS: options.socketTimeoutMS ?? DATABASE_TIMEOUTS.socketTimeoutMS,
  });
  try {
    await client.connect();
    await client.db(options.dbName).command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => undefined);
    await closeEmbedded?.().catch(() => undefined);
    throw new Error(`cannot reach MongoDB at ${redactUri(uri)}: ${(err as Error).message}`, { cause: err });
  }
  if (!closeEmbedded) logger.info({ mongoUri: redactUri(uri), db: options.dbName }, 'connected to MongoDB');
  return {
    client,
    db: client.db(options.dbName),
    embedded: Boolean(closeEmbedded),
    async close() {
      await client.close();
      await closeEmbedded?.();
    },
  };
}

/** A database index setup: must be idempotent (createIndex with a fixed spec and name). */
export type IndexSetup = (db: Db) => Promise<void>;

export async function ensureIndexes(db: Db, setups: readonly IndexSetup[]): Promise<void> {
  for (const setup of setups) await setup(db);
}

/** Readiness: the database answers a ping within the time limit. */
export async function pingDatabase(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.command({ ping: 1 }).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

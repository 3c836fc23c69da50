// Per-suite server and client: these suites start their own server so they can set its options
// (data folder, TTL interval, cursor timeout) and look at raw sockets.
import { MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from '../../src/embedded-mongo/index.js';

export interface Harness {
  server: EmbeddedMongo;
  client: MongoClient;
  close(): Promise<void>;
}

export async function startHarness(opts: EmbeddedMongoOptions = {}): Promise<Harness> {
  const server = await startEmbeddedMongo({ port: 0, ...opts });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return {
    server,
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

let counter = 0;
export function uniqueName(label: string): string {
  counter += 1;
  return `${label}_${process.pid}_${counter}`;
}

export interface SuiteDb {
  /** The suite's server and client (set in its `before` hook). */
  readonly h: Harness;
  /** A fresh database for the current test. */
  readonly db: Db;
}

/**
 * Call inside a `describe`: one server for the suite and a fresh database (named after `label`)
 * for each test, read through the returned object once the hooks have run.
 */
export function useSuiteDb(label: string): SuiteDb {
  let h: Harness | undefined;
  let db: Db | undefined;
  const suite: SuiteDb = {
    get h() {
      if (!h) throw new Error('useSuiteDb: the server is not started yet');
      return h;
    },
    get db() {
      if (!db) throw new Error('useSuiteDb: no database before the first test');
      return db;
    },
  };
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());
  beforeEach(() => {
    db = suite.h.client.db(uniqueName(label));
  });
  return suite;
}

// Per-suite server and client: these suites start their own server so they can set its options
// (data folder, TTL interval, cursor timeout) and look at raw sockets.
import { MongoClient } from 'mongodb';
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

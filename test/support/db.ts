// The test database: the embedded MongoDB-compatible server by default, or a real MongoDB when
// MONGODB_URI is set. Either way the official driver talks to it over a real socket.
import { MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';

let server: EmbeddedMongo | undefined;
let client: MongoClient | undefined;
let counter = 0;

export async function testClient(): Promise<MongoClient> {
  if (client) return client;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    server = await startEmbeddedMongo({ port: 0 });
    uri = server.uri;
  }
  client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return client;
}

/** A fresh, uniquely named database for one test file or test. */
export async function testDb(label = 'test'): Promise<Db> {
  const c = await testClient();
  counter += 1;
  const name = `t_${label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 20)}_${process.pid}_${counter}_${Date.now().toString(36)}`;
  return c.db(name);
}

export async function closeTestDb(): Promise<void> {
  if (client) {
    // Real servers keep what tests wrote: drop our databases so runs don't accumulate.
    if (process.env.MONGODB_URI) {
      const { databases } = await client.db('admin').admin().listDatabases();
      for (const d of databases) if (d.name.startsWith(`t_`) && d.name.includes(`_${process.pid}_`)) await client.db(d.name).dropDatabase();
    }
    await client.close();
    client = undefined;
  }
  if (server) {
    await server.close();
    server = undefined;
  }
}

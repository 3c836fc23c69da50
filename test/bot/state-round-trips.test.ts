// Database round trips of one bot turn, counted with the mongodb driver's command monitoring on the
// real app (restify, CloudAdapter, MongoStorage, the complaint bot): bot state is read once and written
// at most once per state object per turn, whatever else the turn does.
import { expect } from 'chai';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { BOT_STATE_COLLECTION, MongoStorage } from '../../src/store/mongo-storage.js';
import { channelActivity, postToBot, startConnector, type Connector } from '../support/connector.js';
import { testClient, testDb } from '../support/db.js';

interface Command {
  name: string;
  collection: string;
  /** For writes: the _id of each document written. */
  ids: string[];
}

function describeCommand(e: CommandStartedEvent): Command {
  const collection = String(e.command[e.commandName] ?? '');
  const updates = (e.command.updates ?? e.command.documents ?? []) as Array<{ q?: { _id?: unknown }; _id?: unknown }>;
  return { name: e.commandName, collection, ids: updates.map((u) => String(u.q?._id ?? u._id ?? '')) };
}

describe('bot: database round trips per turn', function () {
  this.timeout(60_000);
  let connector: Connector;
  let app: App;
  let client: MongoClient;
  let commands: Command[] = [];

  before(async () => {
    connector = await startConnector();
    const shared = await testClient();
    const uri = process.env.MONGODB_URI ?? `mongodb://${shared.options.hosts.map((h) => h.toString()).join(',')}/?directConnection=true`;
    client = new MongoClient(uri, { monitorCommands: true });
    await client.connect();
    client.on('commandStarted', (e: CommandStartedEvent) => commands.push(describeCommand(e)));
    const db = client.db((await testDb('round_trips')).databaseName);
    // No sweeps or outbox polls during the measurement: only the turns talk to the database.
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', REMINDER_SWEEP_SECONDS: '3600' });
    app = await createApp(config, { logger: silentLogger, database: { client, db } });
    await app.start();
  });
  after(async () => {
    await app?.stop();
    await connector?.close();
    await client?.close();
  });

  async function turn(conversationId: string, fields: Record<string, unknown>): Promise<Command[]> {
    await new Promise((r) => setTimeout(r, 50));
    commands = [];
    const from = { id: `${conversationId}-user`, name: 'Round Trip' };
    expect(await postToBot(app.url!, channelActivity(connector, conversationId, { from, ...fields }))).to.equal(200);
    // Driver housekeeping and the notification worker's polls are not part of the turn.
    return commands.filter((c) => !['hello', 'ping', 'endSessions'].includes(c.name) && c.collection !== 'notifications');
  }

  it('reads bot state once and writes each state object at most once per turn', async () => {
    const conversation = `rt-${Date.now()}`;
    const turns: Array<[string, Record<string, unknown>]> = [
      ['join', { type: 'conversationUpdate', membersAdded: [{ id: `${conversation}-user` }] }],
      ['help', { type: 'message', text: 'help' }],
      ['faq', { type: 'message', text: 'How long does the other party have to respond?' }],
      ['my cases', { type: 'message', text: 'my cases' }],
      ['my cases again', { type: 'message', text: 'my cases' }],
    ];
    const figures: string[] = [];
    for (const [label, fields] of turns) {
      const seen = await turn(conversation, fields);
      const state = seen.filter((c) => c.collection === BOT_STATE_COLLECTION);
      const reads = state.filter((c) => c.name === 'find');
      const written = state.filter((c) => c.name === 'update' || c.name === 'insert').flatMap((c) => c.ids);
      expect(reads.length, `${label}: bot state reads`).to.equal(1);
      expect(new Set(written).size, `${label}: each state object written once`).to.equal(written.length);
      figures.push(`${label} ${seen.length} (state ${reads.length}r/${written.length}w)`);
      if (process.env.ROUND_TRIPS_DETAIL) console.log(label, seen.map((c) => `${c.name}:${c.collection}`).join(" "));
    }
    console.log(`      round trips per turn: ${figures.join(', ')}`);
  });

  it('MongoStorage: reads issued together share one find, and each caller gets only its keys', async () => {
    const storage = new MongoStorage(client.db((await testDb('batched_reads')).databaseName));
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    commands = [];
    const [a, b, none] = await Promise.all([storage.read(['a']), storage.read(['b', 'missing']), storage.read(['missing'])]);
    expect(commands.filter((c) => c.name === 'find').length).to.equal(1);
    expect(a).to.have.keys('a');
    expect(a.a.n).to.equal(1);
    expect(b).to.have.keys('b');
    expect(b.b.n).to.equal(2);
    expect(none).to.deep.equal({});
    // Reads one after the other are separate finds.
    commands = [];
    await storage.read(['a']);
    await storage.read(['b']);
    expect(commands.filter((c) => c.name === 'find').length).to.equal(2);
  });
});

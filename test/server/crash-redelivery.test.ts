// Fault test: the server is killed (SIGKILL) in the middle of a Submit turn, after the case is filed
// but before the turn ends. The channel redelivers the same activity to the restarted server: it must
// answer with the case, and there must still be exactly one case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { submitActions } from '../bot/support/card-check.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { channelActivity, postToBot, startConnector, type Connector, type ReceivedActivity } from '../support/connector.js';

type Json = Record<string, unknown>;
const CARD = 'application/vnd.microsoft.card.adaptive';

describe('fault: kill -9 during Submit', function () {
  this.timeout(120_000);
  let mongo: EmbeddedMongo;
  let client: MongoClient;
  let db: Db;
  let connector: Connector;
  let dataDir: string;
  let server: ChildServer | undefined;
  let killWhenFiled = false;

  before(async () => {
    mongo = await startEmbeddedMongo({ port: 0 });
    client = new MongoClient(mongo.uri);
    db = client.db('crash_redelivery');
    dataDir = mkdtempSync(path.join(tmpdir(), 'cc-crash-'));
    connector = await startConnector({
      // The bot waits for the channel to take its reply: once the case exists, the server dies right there.
      beforeAnswer: async () => {
        if (killWhenFiled && server && (await db.collection('cases').countDocuments()) > 0) {
          killWhenFiled = false;
          await server.kill9();
          return 'drop';
        }
      },
    });
  });
  after(async () => {
    await server?.kill9();
    await connector?.close();
    await client?.close();
    await mongo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ PORT: '0', DATA_DIR: dataDir, MONGODB_URI: mongo.uri, MONGODB_DB: 'crash_redelivery' });
  const conversationId = `crash-${Date.now()}`;

  function lastCard(): Json {
    for (let i = connector.received.length - 1; i >= 0; i -= 1) {
      const r = connector.received[i];
      const card = r.conversationId === conversationId ? r.activity.attachments?.find((a) => a.contentType === CARD) : undefined;
      if (card) return card.content as Json;
    }
    throw new Error('no card yet');
  }
  function pressActivity(title: string | RegExp, inputs: Json = {}): Json {
    const action = submitActions(lastCard()).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!action) throw new Error(`no button ${String(title)}: ${submitActions(lastCard()).map((a) => a.title).join(', ')}`);
    return channelActivity(connector, conversationId, { type: 'message', value: { ...action.data, ...inputs } });
  }
  async function press(url: string, title: string | RegExp, inputs: Json = {}): Promise<void> {
    expect(await postToBot(url, pressActivity(title, inputs))).to.equal(200);
  }

  it('the redelivered Submit after a restart answers with the case, and exactly one case exists', async () => {
    // A member whose email is already verified (as after the verification step).
    await db.collection('members').insertOne({ _id: 'm-crash' as never, name: 'Ann Buyer', company: 'Buyer Ltd', email: 'ann@buyer.example', emailVerified: true, createdAt: new Date(), updatedAt: new Date() });
    await db.collection('member_accounts').insertOne({ _id: 'test:user-1' as never, memberId: 'm-crash', channelId: 'test', userId: 'user-1', createdAt: new Date() });

    server = startChildServer(env());
    let url = await server.url;
    expect(await postToBot(url, channelActivity(connector, conversationId, { type: 'message', value: { verb: 'menu.file' } }))).to.equal(200);
    await press(url, 'Continue', { typeId: 'fraud' });
    await press(url, 'Continue', { incidentDate: '2026-01-02', description: 'They asked me to pay outside the platform.' });
    await press(url, 'Continue', { respondentCompany: 'Bad Co', respondentEmail: 'sales@bad.example' });
    await press(url, /Skip/);
    const submit = pressActivity('Submit complaint');

    killWhenFiled = true;
    const before = connector.received.length;
    await postToBot(url, submit).catch(() => 0); // the connection dies with the server
    await server.exit;
    expect(await db.collection('cases').countDocuments(), 'filed before the crash').to.equal(1);
    const { number } = (await db.collection('cases').findOne({}))!;

    server = startChildServer(env());
    url = await server.url;
    // The channel did not get an answer in time, so it delivers the same activity (same id) again,
    // once the dead turn's short lease (a few seconds) has lapsed, as Teams' redelivery 15 s later would.
    const held = await db.collection<{ _id: string; leaseUntil?: Date }>('processed_activities').findOne({ _id: `test|${conversationId}|${String(submit.id)}` });
    const lapse = held?.leaseUntil instanceof Date ? held.leaseUntil.getTime() - Date.now() : 0;
    if (lapse > 0) await new Promise((resolve) => setTimeout(resolve, lapse + 100));
    expect(await postToBot(url, submit)).to.equal(200);
    // The answer to this activity (a reply to its id), not the case notification sent on its own.
    const answered = (r: ReceivedActivity) => r.replyToId === submit.id && JSON.stringify(r.activity).includes(String(number));
    const answer = await connector.waitFor((r) => connector.received.indexOf(r) >= before && answered(r), 15_000);
    expect(answer).to.not.equal(undefined);
    expect(await db.collection('cases').countDocuments()).to.equal(1);

    // A further redelivery, now that the turn finished, is ignored.
    const count = connector.received.length;
    expect(await postToBot(url, submit)).to.equal(200);
    expect(connector.received.slice(count).filter((r) => r.replyToId === submit.id)).to.deep.equal([]);
  });
});

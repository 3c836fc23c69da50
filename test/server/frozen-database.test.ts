// Fault test: the database stops answering (a proxy in front of it stops forwarding) while the real
// server runs as a child process. A chat turn must fail within seconds with the apology to try again,
// and the bot must answer normally again once the database does, without a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TURN_ERROR_MESSAGE } from '../../src/server/adapter.js';
import { HELP_TITLE } from '../../src/bot/texts.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { cardTitle, channelActivity, postToBot, startConnector, type Connector } from '../support/connector.js';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy.js';

describe('fault: the database stops answering', function () {
  this.timeout(120_000);
  let mongo: EmbeddedMongo;
  let proxy: FreezableProxy;
  let connector: Connector;
  let server: ChildServer;
  let dataDir: string;

  before(async () => {
    mongo = await startEmbeddedMongo({ port: 0 });
    proxy = await startFreezableProxy({ host: '127.0.0.1', port: Number(new URL(mongo.uri.replace('mongodb://', 'http://')).port) });
    connector = await startConnector();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cc-frozen-'));
  });
  after(async () => {
    await server?.kill9();
    await connector?.close();
    await proxy?.close();
    await mongo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a turn fails within seconds with the apology, and the bot recovers by itself', async () => {
    server = startChildServer({ PORT: '0', DATA_DIR: dataDir, MONGODB_URI: `mongodb://127.0.0.1:${proxy.port}`, MONGODB_DB: 'frozen_db' });
    const url = await server.url;
    const conversationId = `frozen-${Date.now()}`;
    const help = () => channelActivity(connector, conversationId, { type: 'message', text: 'help' });
    const replyTo = (id: unknown, match: (text: string, title?: string) => boolean, timeoutMs: number) =>
      connector.waitFor((r) => r.replyToId === id && match(String(r.activity.text ?? ''), cardTitle(r.activity)), timeoutMs);

    const first = help();
    expect(await postToBot(url, first)).to.equal(200);
    await replyTo(first.id, (_t, title) => title === HELP_TITLE, 10_000);

    proxy.freeze();
    const during = help();
    const t0 = Date.now();
    void postToBot(url, during).catch(() => 0);
    await replyTo(during.id, (text) => text.startsWith(TURN_ERROR_MESSAGE), 20_000);
    const failedAfterMs = Date.now() - t0;
    console.log(`      turn failed after ${failedAfterMs} ms with the database frozen`);
    expect(failedAfterMs).to.be.below(12_000);

    proxy.thaw();
    // The driver reconnects by itself: within a few tries (a few seconds) the bot answers again.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const again = help();
      await postToBot(url, again).catch(() => 0);
      const answered = await replyTo(again.id, (_t, title) => title === HELP_TITLE, 8_000).then(() => true, () => false);
      if (answered) break;
      expect(Date.now(), 'the bot answers again after the database came back').to.be.below(deadline);
    }
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
  });
});

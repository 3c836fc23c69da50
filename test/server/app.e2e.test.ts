// End to end over HTTP: the real app (restify, CloudAdapter, MongoDB state) on a random port,
// activities posted to /api/messages, replies received by a connector the test serves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ActivityHandler } from 'botbuilder';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { createApp, type App, type AppDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { TURN_ERROR_MESSAGE } from '../../src/server/adapter.js';
import { HELP_TITLE, MENU_TITLE } from '../../src/bot/texts.js';
import { cardTitle, channelActivity, postToBot, startConnector, type Connector } from '../support/connector.js';
import { testClient, testDb } from '../support/db.js';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

interface CardShape { type: string; body: Array<{ text?: string }>; actions: Array<{ title: string }> }

async function startTestApp(env: Record<string, string>, deps: Partial<AppDeps> = {}): Promise<App> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5', ...env });
  const app = await createApp(config, {
    logger: silentLogger,
    database: { client: await testClient(), db: await testDb('app') },
    ...deps,
  });
  await app.start();
  return app;
}

describe('bot server end to end', () => {
  let connector: Connector;
  let app: App;
  let url: string;
  let conv = 0;
  const newConversation = (): string => `conv-${Date.now()}-${++conv}`;

  before(async () => {
    connector = await startConnector();
    app = await startTestApp({ PLATFORM_NAME: 'Example Market' });
    url = app.url!;
  });
  after(async () => {
    await app?.stop();
    await connector?.close();
  });

  it('answers GET /healthz and /readyz with 200 JSON', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/application\/json/);
      const body = (await res.json()) as { status: string };
      expect(body.status).to.be.oneOf(['ok', 'ready']);
    }
  });

  it('answers /readyz 503 while the database is unreachable, /healthz still 200', async () => {
    const mongo = await startEmbeddedMongo({ port: 0 });
    const client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 500 });
    await client.connect();
    const own = await startTestApp({}, { database: { client, db: client.db('readyz') } });
    try {
      expect((await fetch(`${own.url}/readyz`)).status).to.equal(200);
      await mongo.close();
      const res = await fetch(`${own.url}/readyz`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: 'not ready', database: 'unreachable' });
      expect((await fetch(`${own.url}/healthz`)).status).to.equal(200);
    } finally {
      await own.stop();
      await client.close();
      await mongo.close();
    }
  });

  it('sends the welcome Adaptive Card to a member who joins, not to the bot itself', async () => {
    const id = newConversation();
    const incoming = channelActivity(connector, id, {
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot' }, { id: 'user-1' }],
    });
    expect(await postToBot(url, incoming)).to.equal(200);
    const reply = await connector.waitFor((r) => r.conversationId === id);
    expect(reply.method).to.equal('POST');
    expect(reply.replyToId).to.equal(incoming.id);
    const [attachment] = reply.activity.attachments ?? [];
    expect(attachment.contentType).to.equal(ADAPTIVE);
    const card = attachment.content as CardShape;
    expect(card.type).to.equal('AdaptiveCard');
    expect(card.body[0].text).to.equal(MENU_TITLE);
    expect(card.body[1].text).to.contain('Example Market Complaint Center assistant');
    expect(card.actions.map((a) => a.title)).to.include.members(['File a complaint', 'Respond to a complaint', 'My cases', 'Questions', 'Help']);
    expect(connector.received.filter((r) => r.conversationId === id)).to.have.length(1);
  });

  it('answers "help" with the help card', async () => {
    const id = newConversation();
    expect(await postToBot(url, channelActivity(connector, id, { type: 'message', text: 'help' }))).to.equal(200);
    const reply = await connector.waitFor((r) => r.conversationId === id && cardTitle(r.activity) === HELP_TITLE);
    expect(reply.activity.type).to.equal('message');
  });

  it('keeps conversation state in MongoDB: a member is welcomed once per conversation', async () => {
    const id = newConversation();
    const join = { type: 'conversationUpdate', membersAdded: [{ id: 'user-1' }] };
    await postToBot(url, channelActivity(connector, id, join));
    await connector.waitFor((r) => r.conversationId === id);
    await postToBot(url, channelActivity(connector, id, join));
    await postToBot(url, channelActivity(connector, id, { type: 'message', text: 'help' }));
    await connector.waitFor((r) => r.conversationId === id && cardTitle(r.activity) === HELP_TITLE);
    const menus = connector.received.filter((r) => r.conversationId === id && cardTitle(r.activity) === MENU_TITLE);
    expect(menus).to.have.length(1);
    const key = `test/conversations/${id}/`; // ConversationState's key: channel/conversations/id/namespace
    const items = await app.storage.read([key]);
    expect(items[key].welcome).to.deep.equal({ welcomed: true });
  });

  it('answers 400 to a body that is not a JSON activity, and 413 to an oversized one', async () => {
    const bad = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).to.equal(400);
    expect(await bad.json()).to.deep.equal({ code: 'InvalidContent', message: 'The body is not valid JSON' });
    const empty = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(empty.status).to.equal(400);
    expect(await empty.json()).to.deep.equal({ code: 'BadRequest', message: 'The body must be a JSON Bot Framework activity with a type' });
    const big = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).to.equal(413);
  });

  it('answers a failing route with a generic 500, without the error message', async () => {
    app.server.get('/test-only/boom', async () => {
      throw new Error('connection string mongodb://admin:hunter2@db');
    });
    const res = await fetch(`${url}/test-only/boom`);
    expect(res.status).to.equal(500);
    const text = await res.text();
    expect(text).to.not.contain('hunter2');
    expect(JSON.parse(text)).to.deep.equal({ code: 'InternalServerError', message: 'Internal server error' });
  });

  it('listens on 127.0.0.1 only in local mode, whatever HOST says', async () => {
    const local = await startTestApp({ HOST: '0.0.0.0' });
    try {
      expect((local.server.server.address() as AddressInfo).address).to.equal('127.0.0.1');
      expect(local.config.authEnabled).to.equal(false);
      expect(local.baseUrl()).to.equal(local.url).and.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(local.baseUrl()).to.not.match(/:0$/);
      expect(local.publicUrl()).to.equal(local.baseUrl());
    } finally {
      await local.stop();
    }
  });

  it('gives parts the PUBLIC_URL when one is configured', async () => {
    const withPublic = await startTestApp({ PUBLIC_URL: 'https://complaints.example.com/' });
    try {
      expect(withPublic.publicUrl()).to.equal('https://complaints.example.com');
      expect(withPublic.baseUrl()).to.equal(withPublic.url);
    } finally {
      await withPublic.stop();
    }
  });

  it('tells the user something went wrong, without internals, when a turn fails', async () => {
    const failing = await startTestApp(
      {},
      {
        createBot: () => {
          const bot = new ActivityHandler();
          bot.onMessage(async () => {
            throw new Error('database password is hunter2');
          });
          return bot;
        },
      },
    );
    try {
      const id = newConversation();
      expect(await postToBot(failing.url!, channelActivity(connector, id, { type: 'message', text: 'hi' }))).to.equal(200);
      const reply = await connector.waitFor((r) => r.conversationId === id);
      expect(reply.activity.text).to.match(new RegExp(`^${TURN_ERROR_MESSAGE.replace(/[.]/g, '\\.')} \\(reference [0-9a-f]{8}\\)$`));
      expect(reply.activity.text).to.not.contain('hunter2');
    } finally {
      await failing.stop();
    }
  });

  it('replies to a loopback serviceUrl directly even when HTTP_PROXY/HTTPS_PROXY are set', async () => {
    let proxied = 0;
    const trap: Server = createServer((_req, res) => {
      proxied += 1;
      res.writeHead(502).end();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY };
    const proxyUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    process.env.HTTP_PROXY = proxyUrl;
    process.env.HTTPS_PROXY = proxyUrl;
    try {
      const id = newConversation();
      await postToBot(url, channelActivity(connector, id, { type: 'message', text: 'help' }));
      const reply = await connector.waitFor((r) => r.conversationId === id);
      expect(cardTitle(reply.activity)).to.equal(HELP_TITLE);
      expect(proxied).to.equal(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await new Promise((resolve) => trap.close(resolve));
    }
  });

  it('stops gracefully: refuses new requests, finishes the turn in flight, then resolves', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = await startTestApp(
      {},
      {
        createBot: () => {
          const bot = new ActivityHandler();
          bot.onMessage(async (context, next) => {
            await released;
            await context.sendActivity('finished after the stop began');
            await next();
          });
          return bot;
        },
      },
    );
    const slowUrl = slow.url!;
    const id = newConversation();
    const events: string[] = [];
    const posted = postToBot(slowUrl, channelActivity(connector, id, { type: 'message', text: 'slow' })).then((s) => {
      events.push(`request ${s}`);
    });
    while (slow.turns.inFlight === 0) await new Promise((r) => setTimeout(r, 10));

    const stopped = slow.stop().then(() => events.push('stopped'));
    await new Promise((r) => setTimeout(r, 50));
    const refused = await fetch(`${slowUrl}/healthz`).then(
      (res) => res.status,
      () => 'connection refused',
    );
    expect(refused).to.be.oneOf([503, 'connection refused']);
    expect(events).to.deep.equal([]);

    release();
    await Promise.all([posted, stopped]);
    const reply = await connector.waitFor((r) => r.conversationId === id);
    expect(reply.activity.text).to.equal('finished after the stop began');
    expect(events).to.deep.equal(['request 200', 'stopped']);
    expect(slow.turns.inFlight).to.equal(0);
  });
});

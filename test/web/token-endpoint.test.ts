// POST /api/webchat/token in both modes. Production mode exchanges the Direct Line secret with
// a fake Azure Direct Line served on loopback; the secret must never reach the browser.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { EchoBot } from './support/echo-bot.js';
import { DirectLineClient } from './support/directline-client.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';
import type { WebChatTokenResponse } from '../../src/web/token-endpoint.js';

async function askToken(base: string, body: unknown = {}): Promise<{ status: number; text: string; json: WebChatTokenResponse }> {
  const res = await fetch(`${base}/api/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: (text ? JSON.parse(text) : {}) as WebChatTokenResponse };
}

interface FakeCall {
  authorization?: string;
  body: { user?: { id?: string } };
}

/** A stand-in for Azure's tokens/generate, answering like the service does. */
async function startFakeDirectLine(): Promise<{ url: string; calls: FakeCall[]; failNext: () => void; close: () => Promise<void> }> {
  const calls: FakeCall[] = [];
  let fail = false;
  const read = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      if (req.method !== 'POST' || req.url !== '/v3/directline/tokens/generate') {
        res.writeHead(404).end();
        return;
      }
      calls.push({ authorization: req.headers.authorization, body: JSON.parse(body || '{}') as FakeCall['body'] });
      if (fail || req.headers.authorization !== 'Bearer fake-azure-secret') {
        const status = fail ? 500 : 403;
        fail = false;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end('{"error":{"code":"ServiceError"}}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ conversationId: `azure-conv-${calls.length}`, token: `azure-token-${calls.length}`, expires_in: 3600 }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v3/directline`,
    calls,
    failNext: () => {
      fail = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('web chat: token endpoint', function () {
  this.timeout(30_000);

  describe('local mode', () => {
    let server: WebChatTestApp;
    before(async () => {
      server = await startWebChatApp({}, () => new EchoBot());
    });
    after(async () => server?.stop());

    it('issues a conversation token and a user handle that keeps the user id across visits', async () => {
      const first = await askToken(server.url);
      expect(first.status).to.equal(200);
      expect(first.json.mode).to.equal('local');
      expect(first.json.domain).to.equal('/v3/directline');
      expect(first.json.userId).to.match(/^dl_[A-Za-z0-9_-]{20,}$/);
      expect(first.json.expires_in).to.equal(1800);

      const again = await askToken(server.url, { user: first.json.userHandle });
      expect(again.json.userId).to.equal(first.json.userId);
      expect(again.json.conversationId).to.not.equal(first.json.conversationId);

      const forged = await askToken(server.url, { user: `${first.json.userHandle.slice(0, -4)}AAAA` });
      expect(forged.json.userId).to.not.equal(first.json.userId);

      // The token starts exactly its conversation, for its user.
      const dl = new DirectLineClient(server.url);
      const conversation = await dl.startConversation(first.json.token);
      expect(conversation.conversationId).to.equal(first.json.conversationId);
      const posted = await dl.post(conversation, { type: 'message', text: 'hi' });
      const all = await dl.waitFor(conversation, (a) => a.some((x) => x.text === 'echo: hi'));
      expect(all.find((a) => a.id === posted.body.id)?.from.id).to.equal(first.json.userId);
    });
  });

  describe('production mode (DIRECT_LINE_SECRET set)', () => {
    let fake: Awaited<ReturnType<typeof startFakeDirectLine>>;
    let server: WebChatTestApp;
    before(async () => {
      fake = await startFakeDirectLine();
      server = await startWebChatApp({ DIRECT_LINE_SECRET: 'fake-azure-secret', DIRECT_LINE_ENDPOINT: fake.url }, () => new EchoBot());
    });
    after(async () => {
      await server?.stop();
      await fake?.close();
    });

    it('exchanges the secret for a token bound to the user id; the secret never reaches the browser', async () => {
      const answer = await askToken(server.url);
      expect(answer.status).to.equal(200);
      expect(answer.text).to.not.contain('fake-azure-secret');
      expect(answer.json).to.include({ mode: 'azure', domain: fake.url, conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 });
      expect(fake.calls[0].authorization).to.equal('Bearer fake-azure-secret');
      expect(fake.calls[0].body.user?.id).to.equal(answer.json.userId);
      expect(answer.json.userId).to.match(/^dl_/);

      const again = await askToken(server.url, { user: answer.json.userHandle });
      expect(fake.calls[1].body.user?.id).to.equal(answer.json.userId);
      expect(again.json.userId).to.equal(answer.json.userId);
    });

    it('answers 502 without details when Direct Line fails', async () => {
      fake.failNext();
      const answer = await askToken(server.url);
      expect(answer.status).to.equal(502);
      expect(answer.text).to.not.contain('fake-azure-secret');
    });

    it('turns the local Direct Line endpoint off', async () => {
      const res = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST' });
      expect(res.status).to.be.oneOf([404, 405]);
      const page = await (await fetch(`${server.url}/`)).text();
      expect(page).to.contain('"mode":"azure"');
      expect(page).to.not.contain('fake-azure-secret');
    });
  });

  describe('with Bot Framework authentication and no Direct Line secret', () => {
    let server: WebChatTestApp;
    before(async () => {
      server = await startWebChatApp(
        { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used', MicrosoftAppTenantId: 'tenant', HOST: '127.0.0.1' },
        () => new EchoBot(),
      );
    });
    after(async () => server?.stop());

    it('turns web chat off: the page says so, no token, no local endpoint', async () => {
      const page = await (await fetch(`${server.url}/`)).text();
      expect(page).to.contain('"mode":"off"');
      const answer = await askToken(server.url);
      expect(answer.status).to.equal(503);
      expect(answer.text).to.not.contain('DIRECT_LINE_SECRET');
      expect((await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST' })).status).to.be.oneOf([404, 405]);
    });
  });
});

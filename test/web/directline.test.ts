// The local Direct Line v3 endpoint over real HTTP and WebSocket, against the real app (restify,
// CloudAdapter, MongoDB) running a small echo bot.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { TokenIssuer } from '../../src/web/directline/tokens.js';
import { MAX_UPLOAD_FILES } from '../../src/web/directline/upload-form.js';
import { EchoBot } from './support/echo-bot.js';
import { DirectLineClient, StreamReader, upgradeStatus, type Conversation, type DlActivity } from './support/directline-client.js';
import { TEST_TOKEN_SECRET, startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

const texts = (activities: DlActivity[]): string[] => activities.map((a) => a.text ?? '');
const secretKey = new TextEncoder().encode(TEST_TOKEN_SECRET);

describe('web chat: local Direct Line v3', function () {
  this.timeout(30_000);
  let server: WebChatTestApp;
  let bot: EchoBot;
  let dl: DirectLineClient;

  before(async () => {
    bot = new EchoBot();
    server = await startWebChatApp({ PLATFORM_NAME: 'Echo Market', DIRECT_LINE_UPLOAD_MAX_MB: '1', DIRECT_LINE_BOT_TIMEOUT_SECONDS: '1' }, () => bot);
    dl = new DirectLineClient(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  describe('conversations and activities', () => {
    let conversation: Conversation & { status: number };

    before(async () => {
      conversation = await dl.startConversation(undefined, { user: { id: 'alice' }, locale: 'en-GB' });
    });

    it('starts a conversation with a scoped token, expiry and stream URL', () => {
      expect(conversation.status).to.equal(201);
      expect(conversation.conversationId).to.match(/^dl-/);
      expect(conversation.token).to.be.a('string');
      expect(conversation.expires_in).to.equal(1800);
      expect(conversation.streamUrl).to.match(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversation.conversationId}/stream\\?t=`));
    });

    it('tells the bot the user joined (membersAdded) and delivers its welcome with id, timestamp and from.role', async () => {
      const update = bot.received.find((a) => a.type === 'conversationUpdate' && a.conversation.id === conversation.conversationId);
      expect(update, 'conversationUpdate').to.not.equal(undefined);
      expect(update!.membersAdded!.map((m) => m.id)).to.include('alice');
      expect(update!.channelId).to.equal('directline');
      expect(update!.locale).to.equal('en-GB');
      expect(update!.serviceUrl).to.equal(server.url);

      const all = await dl.waitFor(conversation, (a) => a.length >= 1);
      const welcome = all[0];
      expect(welcome.type).to.equal('message');
      expect(welcome.from.role).to.equal('bot');
      expect(welcome.id).to.equal(`${conversation.conversationId}|0000001`);
      expect(Date.parse(welcome.timestamp)).to.be.closeTo(Date.now(), 60_000);
      expect(welcome.attachments?.[0].contentType).to.equal('application/vnd.microsoft.card.adaptive');
    });

    it('echoes the user activity with its id and clientActivityID, then the bot reply, with string watermarks', async () => {
      const before = await dl.activities(conversation);
      expect(before.watermark).to.be.a('string');
      const posted = await dl.post(conversation, {
        type: 'message',
        text: 'hello bot',
        from: { id: 'dl_mallory', name: 'Alice' },
        channelData: { clientActivityID: 'client-123' },
      });
      expect(posted.status).to.equal(200);
      expect(posted.body.id).to.match(new RegExp(`^${conversation.conversationId}\\|\\d{7}$`));

      const page = await dl.activities(conversation, before.watermark);
      expect(page.watermark).to.be.a('string');
      expect(Number(page.watermark)).to.equal(Number(before.watermark) + 2);
      const [echo, reply] = page.activities;
      expect(echo.id).to.equal(posted.body.id);
      expect(echo.channelData?.clientActivityID).to.equal('client-123');
      expect(echo.from).to.deep.equal({ id: 'alice', name: 'Alice', role: 'user' });
      expect(echo.text).to.equal('hello bot');
      expect(reply.text).to.equal('echo: hello bot');
      expect(reply.replyToId).to.equal(echo.id);
      expect(reply.from.role).to.equal('bot');

      const seen = bot.received.find((a) => a.id === echo.id);
      expect(seen?.from.id, 'the bot sees the token user, not the id the client wrote').to.equal('alice');
      expect(seen?.channelData).to.deep.equal({ clientActivityID: 'client-123' });

      const nothingNew = await dl.activities(conversation, page.watermark);
      expect(nothingNew.activities).to.deep.equal([]);
      expect(nothingNew.watermark).to.equal(page.watermark);
    });

    it("answers Web Chat's retry of a stored activity (same clientActivityID) with its id, without a second delivery", async () => {
      const first = await dl.post(conversation, { type: 'message', text: 'only once', channelData: { clientActivityID: 'retry-1' } });
      const retry = await dl.post(conversation, { type: 'message', text: 'only once', channelData: { clientActivityID: 'retry-1' } });
      expect(retry.status).to.equal(200);
      expect(retry.body.id).to.equal(first.body.id);
      expect(bot.received.filter((a) => a.text === 'only once')).to.have.length(1);
      const all = await dl.waitFor(conversation, (a) => texts(a).includes('echo: only once'));
      expect(texts(all).filter((t) => t === 'only once')).to.have.length(1);
    });

    it('sends a retried activity to the bot again (same id) only if the bot never took it', async () => {
      const slow = { type: 'message', text: 'slow one', channelData: { clientActivityID: 'slow-1' } };
      const first = await dl.post(conversation, slow);
      expect(first.status, 'the bot did not answer in time').to.equal(504);
      const stored = await dl.waitFor(conversation, (a) => texts(a).includes('echo: slow one'));
      const id = stored.find((a) => a.text === 'slow one')!.id;

      const retry = await dl.post(conversation, slow);
      expect(retry.status).to.equal(504);
      expect(retry.body).to.deep.include({ error: { code: 'BotTimeout', message: 'The bot did not answer in time' } });
      const delivered = bot.received.filter((a) => a.text === 'slow one');
      expect(delivered.map((a) => a.id)).to.deep.equal([id, id]);

      await new Promise((resolve) => setTimeout(resolve, 1800));
      const afterSuccess = await dl.post(conversation, { type: 'message', text: 'fast', channelData: { clientActivityID: 'fast-1' } });
      expect(afterSuccess.status).to.equal(200);
      const again = await dl.post(conversation, { type: 'message', text: 'fast', channelData: { clientActivityID: 'fast-1' } });
      expect(again.body.id).to.equal(afterSuccess.body.id);
      expect(bot.received.filter((a) => a.text === 'fast')).to.have.length(1);
      const all = await dl.activities(conversation);
      expect(texts(all.activities).filter((t) => t === 'slow one')).to.have.length(1);
    });

    it('passes an event (webchat/join) to the bot with its value', async () => {
      const posted = await dl.post(conversation, {
        type: 'event',
        name: 'webchat/join',
        value: { case: 'C-2026-000123', locale: 'en-GB', timeZone: 'Europe/London' },
      });
      expect(posted.status).to.equal(200);
      const event = bot.received.find((a) => a.id === posted.body.id);
      expect(event?.name).to.equal('webchat/join');
      expect(event?.value).to.deep.equal({ case: 'C-2026-000123', locale: 'en-GB', timeZone: 'Europe/London' });
      await dl.waitFor(conversation, (a) => texts(a).includes('joined, opening C-2026-000123'));
    });

    it('passes an invoke response back to the client', async () => {
      const posted = await dl.post(conversation, { type: 'invoke', name: 'test/ping', value: { n: 7 } });
      expect(posted.status).to.equal(200);
      expect(posted.body.id).to.be.a('string');
      expect(posted.body.body).to.deep.equal({ pong: { n: 7 } });
    });

    it('refuses activities without a type with 400', async () => {
      const posted = await dl.post(conversation, { text: 'no type' });
      expect(posted.status).to.equal(400);
    });

    it('reconnects: GET /conversations/{id} gives a stream URL from a watermark', async () => {
      const res = await dl.request('GET', `/conversations/${conversation.conversationId}?watermark=3`, conversation.token);
      expect(res.status).to.equal(200);
      const body = (await res.json()) as Conversation;
      expect(body.conversationId).to.equal(conversation.conversationId);
      expect(body.streamUrl).to.contain('watermark=3');
    });
  });

  describe('WebSocket stream', () => {
    it('sends the backlog, then new activities as they happen, never twice', async () => {
      const conversation = await dl.startConversation();
      const stream = await StreamReader.open(conversation.streamUrl);
      try {
        await stream.waitFor((a) => a.some((x) => x.attachments?.length));
        const posted = await dl.post(conversation, { type: 'message', text: 'over the socket', channelData: { clientActivityID: 'ws-1' } });
        const all = await stream.waitFor((a) => texts(a).includes('echo: over the socket'));
        const echo = all.find((a) => a.id === posted.body.id);
        expect(echo?.channelData?.clientActivityID).to.equal('ws-1');
        const ids = all.map((a) => a.id);
        expect(new Set(ids).size, 'no duplicates').to.equal(ids.length);
        expect(stream.groups.every((g) => typeof g.watermark === 'string')).to.equal(true);
        expect(stream.groups.at(-1)!.watermark).to.equal(String(all.length));
      } finally {
        stream.close();
      }
    });

    it('refuses a malformed stream path with 400 and keeps serving', async () => {
      const conversation = await dl.startConversation();
      expect(await upgradeStatus(conversation.streamUrl.replace(/conversations\/[^/]+\/stream/, 'conversations/%E0%A4%A/stream'))).to.equal(400);
      expect((await dl.activities(conversation)).activities.length).to.be.greaterThan(0);
    });

    it('resumes from the watermark in the stream URL', async () => {
      const conversation = await dl.startConversation();
      await dl.post(conversation, { type: 'message', text: 'one' });
      const { watermark } = await dl.activities(conversation);
      const url = conversation.streamUrl.replace('?t=', `?watermark=${watermark}&t=`);
      const stream = await StreamReader.open(url);
      try {
        await dl.post(conversation, { type: 'message', text: 'two' });
        const all = await stream.waitFor((a) => texts(a).includes('echo: two'));
        expect(texts(all)).to.deep.equal(['two', 'echo: two']);
      } finally {
        stream.close();
      }
    });
  });

  describe('tokens', () => {
    let a: Conversation;
    let b: Conversation;

    before(async () => {
      a = await dl.startConversation();
      b = await dl.startConversation();
    });

    it('refuses a token for conversation A on conversation B (403), on every route', async () => {
      const other = `/conversations/${b.conversationId}`;
      const calls: Array<[string, string, unknown?]> = [
        ['GET', `${other}/activities`],
        ['GET', other],
        ['POST', `${other}/activities`, { type: 'message', text: 'intrusion' }],
      ];
      for (const [method, path, body] of calls) {
        const res = await dl.request(method, path, a.token, body);
        expect(res.status, `${method} ${path}`).to.equal(403);
      }
      const upload = new FormData();
      upload.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
      const res = await fetch(`${dl.domain}${other}/upload?userId=x`, { method: 'POST', headers: { Authorization: `Bearer ${a.token}` }, body: upload });
      expect(res.status, 'upload').to.equal(403);
      expect(await upgradeStatus(b.streamUrl.replace(/t=[^&]+/, `t=${a.token}`)), 'stream').to.equal(403);
      const bActivities = await dl.activities(b);
      expect(texts(bActivities.activities)).to.not.include('intrusion');
    });

    it('requires a token (401 without one) and refuses forged ones (403)', async () => {
      expect((await dl.request('GET', `/conversations/${a.conversationId}/activities`, undefined)).status).to.equal(401);
      const forged = await new TokenIssuer({ secret: new TextEncoder().encode('another-secret-another-secret-another-secret') })
        .issueConversationToken(a.conversationId, 'dl_x');
      expect((await dl.request('GET', `/conversations/${a.conversationId}/activities`, forged.token)).status).to.equal(403);
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ conv: a.conversationId })).toString('base64url')}.`;
      expect((await dl.request('GET', `/conversations/${a.conversationId}/activities`, unsigned)).status).to.equal(403);
    });

    it('refuses an expired token (403 TokenExpired), also for refresh and the stream', async () => {
      const past = Date.now() - 3600_000;
      const expired = await new TokenIssuer({ secret: secretKey, now: () => past }).issueConversationToken(a.conversationId, 'dl_x');
      const res = await dl.request('GET', `/conversations/${a.conversationId}/activities`, expired.token);
      expect(res.status).to.equal(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('TokenExpired');
      expect((await dl.request('POST', '/tokens/refresh', expired.token)).status).to.equal(403);
      expect(await upgradeStatus(a.streamUrl.replace(/t=[^&]+/, `t=${expired.token}`))).to.equal(403);
    });

    it("refuses a web chat user's dl_ id proposed without a token (start and generate): no taking over a user", async () => {
      // The page's users get dl_ ids bound into their tokens, and their cases follow that id.
      for (const path of ['/conversations', '/tokens/generate']) {
        for (const id of ['dl_victimvictimvictim', 'DL_victim']) {
          const res = await dl.request('POST', path, undefined, { user: { id } });
          expect(res.status, `${path} ${id}`).to.equal(400);
          expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('BadArgument');
        }
      }
      // Other ids (the Emulator's kind) still work, and with a token the token's user counts.
      const own = await dl.startConversation(undefined, { user: { id: 'emulator-user' } });
      expect(own.status).to.equal(201);
      const issued = await new TokenIssuer({ secret: secretKey }).issueConversationToken('dl-tokenusertokenusertokenu', 'dl_carol');
      const started = await dl.startConversation(issued.token, { user: { id: 'dl_mallory' } });
      expect(started.status).to.equal(201);
      const update = bot.received.find((x) => x.type === 'conversationUpdate' && x.conversation.id === 'dl-tokenusertokenusertokenu');
      expect(update!.membersAdded!.map((m) => m.id)).to.include('dl_carol').and.not.include('dl_mallory');
    });

    it('refreshes a valid token into a new one for the same conversation', async () => {
      // A token issued a minute ago, so the refreshed one differs in its times.
      const older = await new SignJWT({ conv: a.conversationId, user: 'dl_refresh' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('complaint-center/webchat')
        .setAudience('directline-conversation')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
        .setExpirationTime(Math.floor(Date.now() / 1000) + 120)
        .sign(secretKey);
      const res = await dl.request('POST', '/tokens/refresh', older);
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { conversationId: string; token: string; expires_in: number };
      expect(body.conversationId).to.equal(a.conversationId);
      expect(body.expires_in).to.equal(1800);
      expect(body.token).to.not.equal(older);
      const page = await dl.activities({ ...a, token: body.token });
      expect(page.activities.length).to.be.greaterThan(0);
    });

    it('starts the conversation a pre-issued token names, once', async () => {
      const issued = await new TokenIssuer({ secret: secretKey }).issueConversationToken('dl-preissuedpreissuedpreiss', 'dl_bob');
      const first = await dl.startConversation(issued.token);
      expect(first.status).to.equal(201);
      expect(first.conversationId).to.equal('dl-preissuedpreissuedpreiss');
      const again = await dl.startConversation(issued.token);
      expect(again.status).to.equal(200);
      const updates = bot.received.filter((x) => x.type === 'conversationUpdate' && x.conversation.id === first.conversationId);
      expect(updates).to.have.length(1);
      expect(updates[0].membersAdded!.map((m) => m.id)).to.include('dl_bob');
    });
  });

  describe('uploads', () => {
    it('stores the files, gives the bot download URLs it can fetch without a token, same bytes', async () => {
      const conversation = await dl.startConversation(undefined, { user: { id: 'uploader' } });
      const bytes = randomBytes(200 * 1024);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify({
        type: 'message',
        from: { id: 'uploader' },
        attachments: [{ contentType: 'application/pdf', name: 'proof of shipment.pdf' }],
        channelData: { clientActivityID: 'up-1' },
      })], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'proof of shipment.pdf');
      const res = await fetch(`${dl.domain}/conversations/${conversation.conversationId}/upload?userId=uploader`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${conversation.token}` },
        body: form,
      });
      expect(res.status).to.equal(200);
      const { id } = (await res.json()) as { id: string };

      const seen = bot.received.find((a) => a.id === id);
      expect(seen?.attachments).to.have.length(1);
      const attachment = seen!.attachments![0];
      expect(attachment.name).to.equal('proof of shipment.pdf');
      expect(attachment.contentType).to.equal('application/pdf');
      expect(attachment.contentUrl).to.match(new RegExp(`^${server.url}/v3/directline/attachments/[A-Za-z0-9_-]{43}/proof%20of%20shipment\\.pdf$`));

      const all = await dl.waitFor(conversation, (a) => texts(a).some((t) => t.startsWith('file ')));
      expect(texts(all)).to.include(`file proof of shipment.pdf ${bytes.length} bytes sha256=${sha} status=200`);
      const echo = all.find((a) => a.id === id);
      expect(echo?.channelData?.clientActivityID).to.equal('up-1');
      expect(echo?.attachments?.[0].contentUrl).to.equal(attachment.contentUrl);

      const download = await fetch(attachment.contentUrl!);
      expect(download.status).to.equal(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).to.equal(true);
      expect(download.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(download.headers.get('content-disposition')).to.match(/^attachment;/);

      const guessed = attachment.contentUrl!.replace(/attachments\/[^/]+/, `attachments/${'A'.repeat(43)}`);
      expect((await fetch(guessed)).status).to.equal(404);
    });

    it('serves uploaded HTML and SVG as downloads that cannot run script on this origin', async () => {
      const conversation = await dl.startConversation();
      const urls: string[] = [];
      for (const [name, type] of [['page.html', 'text/html'], ['logo.svg', 'image/svg+xml'], ['x.html', 'text/html; charset=utf-8']]) {
        const form = new FormData();
        form.append('activity', new Blob([JSON.stringify({ type: 'message', attachments: [{ contentType: type, name }] })], { type: 'application/vnd.microsoft.activity' }));
        form.append('file', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'], { type }), name);
        const res = await fetch(`${dl.domain}/conversations/${conversation.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${conversation.token}` }, body: form });
        expect(res.status, name).to.equal(200);
        const { id } = (await res.json()) as { id: string };
        urls.push(bot.received.find((x) => x.id === id)!.attachments![0].contentUrl!);
      }
      for (const url of urls) {
        const download = await fetch(url);
        expect(download.status).to.equal(200);
        expect(download.headers.get('content-disposition'), url).to.match(/^attachment;/);
        expect(download.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(download.headers.get('content-security-policy')).to.include('sandbox').and.include("default-src 'none'");
        expect(download.headers.get('content-type')).to.not.match(/charset|;/);
      }
      // Traversal-looking names only name the download; the key alone finds the file.
      const traversal = urls[0].replace(/\/[^/]+$/, '/..%2F..%2F..%2Fpackage.json');
      expect((await fetch(traversal)).headers.get('content-disposition')).to.include("filename*=UTF-8''page.html");
    });

    it('refuses an upload with more than MAX_UPLOAD_FILES files (400), storing none of them', async () => {
      const conversation = await dl.startConversation();
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
      for (let i = 0; i <= MAX_UPLOAD_FILES; i++) form.append('file', new Blob([`note ${i}`], { type: 'text/plain' }), `n${i}.txt`);
      const before = await server.app.db.collection('directline_uploads.files').countDocuments();
      const res = await fetch(`${dl.domain}/conversations/${conversation.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${conversation.token}` }, body: form });
      expect(res.status).to.equal(400);
      expect(await server.app.db.collection('directline_uploads.files').countDocuments()).to.equal(before);
    });

    it('refuses an upload over the size cap with 413', async () => {
      const conversation = await dl.startConversation();
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', new Blob([randomBytes(1024 * 1024 + 10)]), 'big.bin');
      const res = await fetch(`${dl.domain}/conversations/${conversation.conversationId}/upload`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${conversation.token}` },
        body: form,
      });
      expect(res.status).to.equal(413);
    });
  });

  describe('connector routes and CORS', () => {
    it('answers a bot reply to an unknown conversation with 404 and updates with 405', async () => {
      const unknown = await fetch(`${server.url}/v3/conversations/dl-nope/activities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x' }),
      });
      expect(unknown.status).to.equal(404);
      const conversation = await dl.startConversation();
      const update = await fetch(`${server.url}/v3/conversations/${conversation.conversationId}/activities/x`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'changed' }),
      });
      expect(update.status).to.equal(405);
      expect(((await update.json()) as { error: { message: string } }).error.message).to.match(/not supported/);
    });

    it('created its indexes at start (unique watermark per conversation, TTL)', async () => {
      const indexes = await server.app.db.collection('directline_activities').indexes();
      const unique = indexes.find((i) => i.key.conversationId === 1 && i.key.seq === 1);
      expect(unique?.unique).to.equal(true);
      expect(indexes.some((i) => i.key.expireAt === 1 && i.expireAfterSeconds === 0)).to.equal(true);
    });

    it('answers CORS preflights for the headers Web Chat sends', async () => {
      const res = await fetch(`${dl.domain}/conversations`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://market.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,x-ms-bot-agent,x-requested-with',
        },
      });
      expect(res.status).to.equal(204);
      expect(res.headers.get('access-control-allow-origin')).to.equal('*');
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const h of ['authorization', 'content-type', 'x-ms-bot-agent', 'x-requested-with']) expect(allowed).to.contain(h);
      const actual = await dl.request('POST', '/conversations', undefined, {});
      expect(actual.headers.get('access-control-allow-origin')).to.equal('*');
    });
  });
});

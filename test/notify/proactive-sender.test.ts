// Proactive chat through a real CloudAdapter (no app id, as in a local run) to a test connector endpoint,
// with members stored by the real MemberService on the test database.
import { expect } from 'chai';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import { MemberService } from '../../src/identity/member-service.js';
import { createAdapter } from '../../src/server/adapter.js';
import { silentLogger } from '../../src/log/logger.js';
import { ProactiveSender } from '../../src/notify/proactive-sender.js';
import { ConversationRateLimiter } from '../../src/notify/rate-limiter.js';
import { testDb } from '../support/db.js';
import { bypassProxyForLoopback, startTestConnector, type TestConnector } from './support/connector.js';

describe('notify: proactive sender', () => {
  let connector: TestConnector;
  let members: MemberService;
  let sleeps: number[];
  let sender: ProactiveSender;

  const reference = (conversationId: string, userId: string) =>
    ({
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: conversationId },
      bot: { id: 'bot-id', name: 'Complaint Center' },
      user: { id: userId },
    }) as Partial<ConversationReference> & Record<string, unknown>;

  before(async () => {
    bypassProxyForLoopback();
    connector = await startTestConnector();
    members = new MemberService({ db: await testDb('notify_sender'), sendCode: async () => undefined, logger: silentLogger });
    await members.ensureIndexes();
  });
  after(async () => connector.close());

  beforeEach(() => {
    sleeps = [];
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    sender = new ProactiveSender({
      adapter,
      appId: '',
      members,
      logger: silentLogger,
      backoff: { attempts: 4, baseMs: 200, maxMs: 2000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  });

  it('never posts case news into a channel or group chat reference stored for the member', async () => {
    const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u-shared', reference: { ...reference('19:team@thread.tacv2', 'u-shared'), conversation: { id: '19:team@thread.tacv2', conversationType: 'channel', isGroup: true } } });
    const result = await sender.sendToMember(m._id, 'Case C-2026-000002: a complaint was filed against you.');
    expect(result).to.deep.equal({ delivered: [], gone: [], failed: [] });
    expect(connector.received.filter((r) => r.conversationId === '19:team@thread.tacv2')).to.have.length(0);
  });

  it('posts a new message to /v3/conversations/{id}/activities of every active conversation', async () => {
    const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u-1', reference: reference('conv-1', 'u-1') });
    const result = await sender.sendToMember(m._id, 'Case C-2026-000001: your response is needed.');
    expect(result).to.deep.equal({ delivered: ['msteams:conv-1'], gone: [], failed: [] });
    const [got] = connector.received.filter((r) => r.conversationId === 'conv-1');
    expect(got.path).to.equal('/v3/conversations/conv-1/activities');
    expect(got.activity.type).to.equal('message');
    expect(got.activity.text).to.equal('Case C-2026-000001: your response is needed.');
    expect(got.activity.replyToId).to.equal(undefined);
  });

  it('403 marks that reference inactive (the member is then reached by email only)', async () => {
    const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u-403', reference: reference('conv-403', 'u-403') });
    connector.script('conv-403', [403]);
    const result = await sender.sendToMember(m._id, 'hello');
    expect(result.gone).to.deep.equal(['msteams:conv-403']);
    expect(result.delivered).to.deep.equal([]);
    expect(await members.listActiveReferences(m._id)).to.deep.equal([]);
    // Nothing more is tried there.
    await sender.sendToMember(m._id, 'again');
    expect(connector.answered('conv-403')).to.deep.equal([403]);
  });

  it('404 also marks the reference inactive', async () => {
    const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u-404', reference: reference('conv-404', 'u-404') });
    connector.script('conv-404', [404]);
    expect((await sender.sendToMember(m._id, 'hello')).gone).to.deep.equal(['msteams:conv-404']);
    expect(await members.listActiveReferences(m._id)).to.deep.equal([]);
  });

  it('retries 429, 412 and 502 with growing, jittered delays, then delivers once', async () => {
    connector.script('conv-retry', [429, 412, 502]);
    const outcome = await sender.sendToReference(reference('conv-retry', 'u-r'), 'hi');
    expect(outcome).to.equal('sent');
    expect(connector.answered('conv-retry')).to.deep.equal([429, 412, 502, 200]);
    expect(connector.textsFor('conv-retry')).to.deep.equal(['hi']);
    // 429 and 412 are retried here; 5xx may also be retried inside the connector client's own pipeline.
    expect(sleeps.length).to.be.within(2, 3);
    sleeps.forEach((ms, i) => expect(ms).to.be.within(1, 200 * 2 ** i));
  });

  it('gives up after the bounded attempts and reports the failure without deactivating', async () => {
    const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u-429', reference: reference('conv-429', 'u-429') });
    connector.script('conv-429', [429, 429, 429, 429, 429]);
    const result = await sender.sendToMember(m._id, 'hi');
    expect(result.failed.map((f) => f.key)).to.deep.equal(['msteams:conv-429']);
    expect(connector.answered('conv-429')).to.deep.equal([429, 429, 429, 429]);
    expect(await members.listActiveReferences(m._id)).to.have.length(1);
  });

  it("with the app's adapter (onTurnError set) a 403 or 429 still reaches the sender, and no apology is posted", async () => {
    const appSender = new ProactiveSender({
      adapter: createAdapter({ authEnabled: false, MicrosoftAppType: 'SingleTenant' }, silentLogger),
      appId: '',
      members,
      logger: silentLogger,
      sleep: async () => undefined,
    });
    connector.script('conv-app-403', [403]);
    expect(await appSender.sendToReference(reference('conv-app-403', 'u'), 'x')).to.equal('gone');
    expect(connector.answered('conv-app-403')).to.deep.equal([403]);
    connector.script('conv-app-429', [429]);
    expect(await appSender.sendToReference(reference('conv-app-429', 'u'), 'once')).to.equal('sent');
    expect(connector.answered('conv-app-429')).to.deep.equal([429, 200]);
    expect(connector.textsFor('conv-app-429')).to.deep.equal(['once']);
  });

  it('does not retry other errors (400)', async () => {
    connector.script('conv-400', [400]);
    const err = await sender.sendToReference(reference('conv-400', 'u'), 'x').then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect(connector.answered('conv-400')).to.deep.equal([400]);
  });
});

describe('notify: per-conversation rate limit', () => {
  it('allows 7 a second and 60 per 30 seconds per conversation, independently per conversation', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new ConversationRateLimiter({
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 7; i += 1) await limiter.acquire('a');
    expect(waits).to.deep.equal([]);
    await limiter.acquire('b'); // another conversation is not held back
    expect(waits).to.deep.equal([]);
    await limiter.acquire('a');
    expect(waits).to.deep.equal([1001]);
    // Send 60 in total to 'a', then the 61st waits until 30 s after the first.
    waits.length = 0;
    let sent = 8;
    while (sent < 60) {
      await limiter.acquire('a');
      sent += 1;
    }
    const before61 = now;
    await limiter.acquire('a');
    expect(now).to.be.at.least(30_001);
    expect(now - before61).to.be.greaterThan(0);
    // Never more than 7 in any 1 s window was allowed.
  });
});

// The transcript of a real conversation: the app as `npm start` builds it (real bot, CloudAdapter,
// MongoDB), driven over POST /api/messages; replies arrive at the test's connector. Every activity in
// and out is stored in order, the verification code (typed and in a card) is redacted, attachment
// metadata is kept without its URL, and a proactive message sent through continueConversationAsync
// is in the transcript too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { REDACTED, REDACTED_CODE, REDACTED_URL } from '../../src/conversations/redact.js';
import { TRANSCRIPT_ACTIVITIES_COLLECTION } from '../../src/conversations/transcript-store.js';
import { startConnector, type Connector } from '../support/connector.js';
import { testClient, testDb } from '../support/db.js';
import { MailOutbox } from '../e2e/support/mail-outbox.js';
import { HttpChat } from './support/http-chat.js';

async function wholeTranscript(app: App, conversationId: string): Promise<Activity[]> {
  const out: Activity[] = [];
  let token: string | undefined;
  do {
    const page = await app.services.transcripts.getTranscriptActivities('test', conversationId, token);
    out.push(...page.items);
    token = page.continuationToken || undefined;
  } while (token);
  return out;
}

describe('conversations: transcript of a real conversation over HTTP', function () {
  this.timeout(60_000);
  let app: App;
  let connector: Connector;
  let dataDir: string;

  before(async () => {
    connector = await startConnector();
    dataDir = await mkdtemp(path.join(tmpdir(), 'cc-transcript-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5' });
    app = await createApp(config, { logger: silentLogger, database: { client: await testClient(), db: await testDb('transcript_e2e') } });
    await app.start();
  });
  after(async () => {
    await app?.stop();
    await connector?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores every activity in order, redacted, linked to the member, proactive messages included', async () => {
    const outbox = new MailOutbox(path.join(dataDir, 'outbox'));
    const chat = new HttpChat(() => app.url!, connector, `tr-${Date.now()}`, { id: 'tr-user', name: 'Tara' });
    const welcome = await chat.post({ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, chat.from] });
    const details = await chat.press(welcome.cards, 'File a complaint');
    const codeCard = await chat.press(details.cards, 'Send me a code', { name: 'Tara Buyer', company: 'Tara Co', email: 'tara@buyer.example' });
    const code = await outbox.verificationCode('tara@buyer.example');
    const wrong = code === '000000' ? '111111' : '000000';
    const retry = await chat.press(codeCard.cards, 'Confirm', { code: wrong });
    expect(retry.text).to.include("That code isn't right");
    const confirmed = await chat.say(code);
    expect(confirmed.text).to.include('email address is confirmed');
    await chat.say('cancel');
    const file = await chat.post({ type: 'message', attachments: [{ contentType: 'application/pdf', name: 'invoice.pdf', contentUrl: `${connector.url}/v3/attachments/secret-id/views/original` }] });
    expect(file.text).to.include('Nothing was stored');
    const proactive = 'Your case C-2026-000777 has news.';
    await app.services.notifications.sender.sendToReference(
      { channelId: 'test', serviceUrl: connector.url, conversation: { id: chat.conversationId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: chat.from.id, name: chat.from.name }, bot: { id: 'bot', name: 'Bot' } },
      proactive,
    );

    const stored = await wholeTranscript(app, chat.conversationId);
    const sent = chat.all();
    // In: conversationUpdate + 6 messages. Out: everything the connector received, in the same order.
    const incoming = stored.filter((a) => a.from?.role === 'user');
    const outgoing = stored.filter((a) => a.from?.role === 'bot');
    expect(incoming.map((a) => a.type)).to.deep.equal(['conversationUpdate', 'message', 'message', 'message', 'message', 'message', 'message']);
    expect(outgoing.map((a) => a.text ?? a.attachments?.[0]?.contentType)).to.deep.equal(sent.map((r) => r.activity.text ?? r.activity.attachments?.[0]?.contentType));
    expect(stored.length).to.equal(incoming.length + outgoing.length);
    expect(outgoing.at(-1)?.text).to.equal(proactive);
    // Replies follow the message they answer.
    const cancelAt = stored.findIndex((a) => a.text === 'cancel');
    expect(stored[cancelAt + 1].from.role).to.equal('bot');

    // Codes are gone, wherever they were; the file's name and type stay, its URL does not.
    const codeTurn = incoming.find((a) => (a.value as { verb?: string } | undefined)?.verb === 'verify.code');
    expect((codeTurn?.value as { code?: string }).code).to.equal(REDACTED);
    expect(incoming.some((a) => a.text === REDACTED_CODE)).to.equal(true);
    const fileTurn = incoming.find((a) => a.attachments?.length);
    expect(fileTurn?.attachments?.[0]).to.deep.equal({ contentType: 'application/pdf', name: 'invoice.pdf', contentUrl: REDACTED_URL });
    const raw = JSON.stringify(await app.db.collection(TRANSCRIPT_ACTIVITIES_COLLECTION).find({ conversationId: chat.conversationId }).toArray());
    expect(raw).to.not.include(code);
    expect(raw).to.not.include('secret-id');
    // Cards are stored as sent.
    expect(outgoing.some((a) => a.attachments?.some((att) => att.contentType === 'application/vnd.microsoft.card.adaptive'))).to.equal(true);

    const conv = await app.services.transcripts.getConversation('test', chat.conversationId);
    const memberId = await app.services.members.findMemberIdByAccount('test', chat.from.id);
    expect(memberId).to.be.a('string');
    expect(conv).to.include({ memberId, userId: chat.from.id, userName: 'Tara', activityCount: stored.length });
    expect(conv?.caseNumbers).to.include('C-2026-000777');
  });
});

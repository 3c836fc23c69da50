// Handoff to a person through the real app over HTTP (restify, CloudAdapter, MongoDB): the user asks
// for a person, accepts, a staff member (through the service functions, as the desk will) takes the
// request, three messages go each way, the staff member ends it and the bot answers again. Also: the
// timeout (fake clock), "back to the bot", a second FAQ miss, a typed yes, two instances on one
// database (user on one, staff on the other, then a restart), and "delete my conversation history".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Db } from 'mongodb';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import type { ConversationEvent } from '../../src/conversations/events.js';
import { startConnector, type Connector } from '../support/connector.js';
import { testClient, testDb } from '../support/db.js';
import { HttpChat } from './support/http-chat.js';

const STAFF = { id: 'staff-dana', name: 'Dana' };

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

describe('conversations: handoff to a person over HTTP', function () {
  this.timeout(60_000);
  let connector: Connector;
  let db: Db;
  let dataDir: string;
  let now = new Date();
  const apps: App[] = [];
  let a: App;
  let b: App;
  const events: ConversationEvent[] = [];

  async function startApp(): Promise<App> {
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5', HANDOFF_WAIT_MINUTES: '5', SUPPORT_EMAIL: 'help@support.example' });
    const app = await createApp(config, { logger: silentLogger, clock: () => now, database: { client: await testClient(), db } });
    await app.start();
    apps.push(app);
    return app;
  }

  before(async () => {
    connector = await startConnector();
    dataDir = await mkdtemp(path.join(tmpdir(), 'cc-handoff-'));
    db = await testDb('handoff_e2e');
    a = await startApp();
    b = await startApp();
    a.services.conversationEvents.subscribe((e) => events.push(e));
  });
  after(async () => {
    for (const app of apps) await app.stop();
    await connector?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const newChat = (app: () => App, name: string): HttpChat =>
    new HttpChat(() => app().url!, connector, `ho-${name}-${Date.now()}`, { id: `ho-${name}`, name: name.charAt(0).toUpperCase() + name.slice(1) });

  it('asks, waits, talks with a staff member three times each way, and gets the bot back', async () => {
    const chat = newChat(() => a, 'bea');
    const offer = await chat.say('talk to a human');
    expect(offer.text).to.include('Talk to a person?').and.include('help@support.example');
    const waiting = await chat.press(offer.cards, 'Yes, connect me');
    expect(waiting.text).to.include("I've asked the support team to join");
    // Bot Framework's handoff protocol: the event with the transcript attached.
    const initiate = waiting.activities.find((r) => r.activity.type === 'event')?.activity as Record<string, unknown> | undefined;
    expect(initiate?.name).to.equal('handoff.initiate');
    const attached = (initiate?.attachments as Array<{ name: string; content: { activities: Activity[] } }>)[0];
    expect(attached.name).to.equal('Transcript');
    expect(attached.content.activities.map((x) => x.text)).to.include('talk to a human');

    const [queued] = (await b.services.handoffs.listOpen()).filter((h) => h.conversationId === chat.conversationId);
    expect(queued).to.include({ state: 'waiting', userName: 'Bea', reason: 'asked' });
    expect(events.some((e) => e.type === 'handoff.waiting' && e.handoff.id === queued.id)).to.equal(true);

    const early = await chat.say('Hello? My order never came.');
    expect(early.text).to.include("I've passed that on");

    // The staff member acts on the other instance.
    await b.services.handoffs.take(queued.id, STAFF);
    expect((await chat.waitForText(/Dana from the support team has joined/)).activity.text).to.include('back to the bot');
    let second: unknown;
    try {
      await a.services.handoffs.take(queued.id, { id: 'staff-eve', name: 'Eve' });
    } catch (err) {
      second = err;
    }
    expect((second as Error).message).to.include('already in the conversation');

    for (let i = 1; i <= 3; i += 1) {
      await b.services.handoffs.postStaffMessage(queued.id, STAFF, `Staff message ${i} *with* markdown`);
      const got = await chat.waitForText(new RegExp(`Staff message ${i}`));
      expect(got.activity.text).to.equal(`**Dana (support):** Staff message ${i} \\*with\\* markdown`);
      const reply = await chat.say(`User message ${i}`);
      // The bot stays silent: the message goes to the desk.
      expect(reply.activities, `reply to user message ${i}`).to.have.length(0);
      expect(events.some((e) => e.type === 'handoff.message' && e.from === 'user' && e.text === `User message ${i}`)).to.equal(true);
    }
    // An intruder cannot post into someone else's handoff.
    let refused: unknown;
    try {
      await b.services.handoffs.postStaffMessage(queued.id, { id: 'staff-eve', name: 'Eve' }, 'hi');
    } catch (err) {
      refused = err;
    }
    expect((refused as Error).message).to.include('Dana is handling');

    await b.services.handoffs.end(queued.id, STAFF);
    await chat.waitForText(/Dana has left the chat/);
    const answered = await chat.say("what does the status 'Processing' mean?");
    expect(answered.activities.length).to.be.greaterThan(0);
    expect(answered.text).to.match(/investigat/i);

    // The transcript holds every message in order, the staff's included.
    const texts = (await wholeTranscript(a, chat.conversationId)).map((x) => `${x.from.role}:${x.text ?? ''}`).filter((t) => /message \d|joined|has left|Hello\?/.test(t));
    expect(texts).to.deep.equal([
      'user:Hello? My order never came.',
      'bot:Dana from the support team has joined the chat. You\'re talking to a person now; type back to the bot at any time to return to me.',
      'bot:**Dana (support):** Staff message 1 \\*with\\* markdown',
      'user:User message 1',
      'bot:**Dana (support):** Staff message 2 \\*with\\* markdown',
      'user:User message 2',
      'bot:**Dana (support):** Staff message 3 \\*with\\* markdown',
      'user:User message 3',
      "bot:Dana has left the chat. You're back with the Complaint Center bot: ask me anything, or type menu.",
    ]);
    expect((await a.services.handoffs.get(queued.id))?.state).to.equal('ended');
  });

  it('tells the user and offers email when nobody takes the request in time', async () => {
    const chat = newChat(() => a, 'tim');
    await chat.say('agent');
    const waiting = await chat.say('yes');
    expect(waiting.text).to.include("I've asked the support team");
    const request = await a.services.handoffs.forConversation('test', chat.conversationId);
    now = new Date(now.getTime() + 4 * 60_000);
    expect(await b.services.handoffs.sweepTimeouts()).to.equal(0);
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await b.services.handoffs.sweepTimeouts()).to.equal(1);
    expect(await a.services.handoffs.sweepTimeouts()).to.equal(0);
    const told = await chat.waitForText(/nobody from the support team is free/);
    expect(told.activity.text).to.include('help@support.example');
    expect((await a.services.handoffs.get(request!.id))?.state).to.equal('ended');
    const back = await chat.say('how long does the supplier have to respond?');
    expect(back.activities.length).to.be.greaterThan(0);
  });

  it('"back to the bot" leaves an active handoff; a declined offer changes nothing', async () => {
    const chat = newChat(() => a, 'lee');
    const offer = await chat.say('support');
    const declined = await chat.press(offer.cards, 'No, thanks');
    expect(declined.text).to.include("I'll keep helping you here");
    const again = await chat.say('support');
    await chat.press(again.cards, 'Yes, connect me');
    const h = await a.services.handoffs.forConversation('test', chat.conversationId);
    // Two staff members on two instances take it at the same moment: exactly one gets it, the user is told once.
    const race = await Promise.allSettled([a.services.handoffs.take(h!.id, STAFF), b.services.handoffs.take(h!.id, { id: 'staff-eve', name: 'Eve' })]);
    expect(race.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    await chat.waitForText(/has joined/);
    await new Promise((r) => setTimeout(r, 200));
    expect(chat.all().filter((r) => /has joined/.test(r.activity.text ?? ''))).to.have.length(1);
    const winner = race[0].status === 'fulfilled' ? STAFF : { id: 'staff-eve', name: 'Eve' };
    const left = await chat.say('back to the bot');
    expect(left.text).to.include("You're back with the Complaint Center bot");
    expect((await a.services.handoffs.get(h!.id))).to.include({ state: 'ended', endReason: 'left' });
    let error: unknown;
    try {
      await a.services.handoffs.postStaffMessage(h!.id, winner, 'still there?');
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.include('not active');
  });

  it('offers a person after the FAQ does not know twice in one conversation', async () => {
    const chat = newChat(() => a, 'faye');
    const first = await chat.say('zxqv blorf wibble');
    expect(first.text).to.include("I don't know the answer");
    expect(first.text).to.not.include('Talk to a person?');
    const second = await chat.say('plonk frobnicate quux');
    expect(second.text).to.include('Talk to a person?');
    expect((await a.services.handoffs.forConversation('test', chat.conversationId))).to.include({ state: 'offered', reason: 'faq' });
  });

  it('a handoff survives a restart: the new instance stays silent and relays', async () => {
    let current = a;
    const chat = newChat(() => current, 'rex');
    const offer = await chat.say('agent');
    await chat.press(offer.cards, 'Yes, connect me');
    const h = await a.services.handoffs.forConversation('test', chat.conversationId);
    await b.services.handoffs.take(h!.id, STAFF);
    await chat.waitForText(/has joined/);
    await a.stop();
    current = await startApp();
    const silent = await chat.say('are you still there?');
    expect(silent.activities).to.have.length(0);
    await b.services.handoffs.postStaffMessage(h!.id, STAFF, 'Yes, I am.');
    await chat.waitForText(/Yes, I am/);
    a = current;
  });

  it('deletes the member’s conversation history after confirmation, without storing that turn', async () => {
    const chat = newChat(() => a, 'del');
    await chat.say('zxqv hello there');
    const other = new HttpChat(() => a.url!, connector, `ho-del-2-${Date.now()}`, chat.from);
    await other.say('menu');
    const memberId = await a.services.members.findMemberIdByAccount('test', chat.from.id);
    expect(await a.services.transcripts.listConversations({ memberId })).to.have.length(2);
    const ask = await chat.say('delete my conversation history');
    expect(ask.text).to.include('Delete your conversation history?');
    const kept = await chat.press(ask.cards, 'Keep it');
    expect(kept.text).to.include('nothing was deleted');
    expect(await a.services.transcripts.listConversations({ memberId })).to.have.length(2);
    const done = await chat.press(ask.cards, 'Delete my history');
    expect(done.text).to.include('your conversation history has been deleted');
    expect(await a.services.transcripts.listConversations({ memberId })).to.have.length(0);
    expect(await wholeTranscript(a, chat.conversationId)).to.have.length(0);
    expect(await wholeTranscript(a, other.conversationId)).to.have.length(0);
    // Later turns are stored again.
    await chat.say('menu');
    expect((await wholeTranscript(a, chat.conversationId)).map((x) => x.text)).to.include('menu');
  });
});

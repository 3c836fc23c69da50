// Channel behaviour: redelivered activity ids are ignored (Teams retries after 15 s), used cards are
// replaced by read-only ones in Teams only, the welcome comes once, time zones come from the channel or
// the web chat join event, and free text reaches the menu's intents or the FAQ.
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { ActivityDedup, PROCESSED_ACTIVITIES } from '../../src/bot/activity-dedup.js';
import { createComplaintBot } from '../../src/bot/complaint-bot.js';
import { makeWorld, seen, cardsOf, type World } from './support/harness.js';
import { cardText } from './support/card-check.js';
import { BUYER, fileFraud } from './support/flows.js';

describe('bot: channels, text and time zones', () => {
  let w: World;
  before(async () => {
    w = await makeWorld('bot_channel');
  });

  it('an activity id seen before is ignored, across bot instances sharing the database', async () => {
    const u = w.user('chan-1');
    const first = await u.send({ id: 'teams-msg-1', text: 'help' });
    expect(first).to.have.length.greaterThan(0);
    const again = await u.send({ id: 'teams-msg-1', text: 'help' });
    expect(again).to.have.length(0);
    // A second bot instance on the same database sees the redelivery as well.
    const other = createComplaintBot(w.deps);
    await u.adapter.processActivity({ type: 'message', id: 'teams-msg-1', text: 'help' }, (ctx) => other.run(ctx));
    expect(u.adapter.activeQueue).to.have.length(0);
    expect(await w.db.collection(PROCESSED_ACTIVITIES).countDocuments()).to.be.greaterThan(0);
    const indexes = await w.db.collection(PROCESSED_ACTIVITIES).indexes();
    expect(indexes.some((i) => i.expireAfterSeconds !== undefined)).to.equal(true);
  });

  it('a redelivery while the first turn runs is ignored; after it failed or its lease lapsed it runs again', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const dedup = new ActivityDedup(w.db, { clock: () => now, leaseMs: 6_000 });
    const activity = { id: 'lease-1', channelId: 'msteams', conversation: { id: 'c-lease' } } as Partial<Activity>;
    const first = await dedup.claim(activity);
    expect(first).to.not.equal(null);
    expect(await dedup.claim(activity), 'still running').to.equal(null);
    now = new Date(now.getTime() + 7_000); // the instance died: its lease was not renewed
    const second = await dedup.claim(activity);
    expect(second, 'taken over').to.not.equal(null);
    await second!.done();
    now = new Date(now.getTime() + 60_000);
    expect(await dedup.claim(activity), 'finished turns are not run again').to.equal(null);
    const failing = { ...activity, id: 'lease-2' };
    await (await dedup.claim(failing))!.release();
    expect(await dedup.claim(failing), 'a failed turn may run again at once').to.not.equal(null);
  });

  it('in Teams the clicked card is replaced by a read-only version; in web chat nothing is updated', async () => {
    const t = w.user('chan-teams', { channelId: 'msteams' });
    const sent = await t.click({ verb: 'menu.file' });
    const cardActivity = sent.find((a) => a.attachments?.length)!;
    expect(cardActivity.id).to.be.a('string');
    // Put the card back where TestAdapter.updateActivity looks for it.
    t.adapter.activeQueue.push(cardActivity);
    const r = await t.click(t.button('Send me a code'), { name: 'Tia', company: 'T', email: 'tia@teams.example' }, { replyToId: cardActivity.id });
    const replaced = r.find((a) => a.id === cardActivity.id);
    expect(replaced, 'the card was updated').to.not.equal(undefined);
    const used = cardsOf([replaced!])[0];
    expect(cardText(used)).to.include('Details sent');
    expect(JSON.stringify(used)).to.not.include('Action.Submit');

    const webchat = w.user('chan-web', { channelId: 'webchat' });
    const s2 = await webchat.click({ verb: 'menu.file' });
    const card2 = s2.find((a) => a.attachments?.length)!;
    webchat.adapter.activeQueue.push(card2);
    const r2 = await webchat.click(webchat.button('Send me a code'), { name: 'Wes', company: 'W', email: 'wes@web.example' }, { replyToId: card2.id });
    const same = r2.find((a) => a.id === card2.id);
    expect(same && cardsOf([same])[0]).to.deep.equal(cardsOf([card2])[0]);
  });

  it('welcomes once per conversation, whether the web chat join event or conversationUpdate comes first', async () => {
    const u = w.user('chan-2');
    const join = await u.send({ type: 'event', name: 'webchat/join', value: { locale: 'en-US', timeZone: 'America/New_York' } });
    expect(seen(join)).to.include('Complaint Center');
    const update = await u.send({ type: 'conversationUpdate', membersAdded: [{ id: 'chan-2', name: '' }] });
    expect(update).to.have.length(0);
  });

  it('dates follow the time zone of the web chat join event, else UTC', async () => {
    const u = w.user('chan-3');
    await u.send({ type: 'event', name: 'webchat/join', value: { locale: 'en-US', timeZone: 'America/New_York' } });
    const number = await fileFraud(w, u, { verify: { ...BUYER, email: 'tz@buyer.example' } });
    expect(seen(await u.click({ verb: 'case.view', caseNumber: number }))).to.include('(America/New_York)');
    const utc = w.user('chan-4');
    const n2 = await fileFraud(w, utc, { verify: { ...BUYER, email: 'utc@buyer.example' } });
    expect(seen(await utc.click({ verb: 'case.view', caseNumber: n2 }))).to.match(/\d{2}:\d{2} UTC/);
    // A bogus zone is ignored.
    const bogus = w.user('chan-5', { timeZone: 'Mars/Olympus' });
    const n3 = await fileFraud(w, bogus, { verify: { ...BUYER, email: 'mars@buyer.example' } });
    expect(seen(await bogus.click({ verb: 'case.view', caseNumber: n3 }))).to.match(/\d{2}:\d{2} UTC/);
  });

  it('a join event naming a case shows it to its party', async () => {
    const u = w.user('chan-6');
    const number = await fileFraud(w, u, { verify: { ...BUYER, email: 'join@buyer.example' } });
    const r = await u.send({ type: 'event', name: 'webchat/join', value: { case: number, locale: 'en', timeZone: 'UTC' } });
    expect(seen(r)).to.include(number).and.include('Timeline');
  });

  it('free text: requests start flows, "help" shows help, questions go to the FAQ, the rest gets the menu', async () => {
    const u = w.user('chan-7');
    expect(seen(await u.send('I want to complain about a supplier'))).to.include('Confirm your email address');
    expect(seen(await u.send('cancel'))).to.include('I stopped that');
    expect(seen(await u.send('help'))).to.include('What the statuses mean').and.include('Awaiting my response');
    const faq = seen(await u.send('How do I submit a complaint?'));
    expect(faq).to.include('local law enforcement agency');
    const faq2 = seen(await u.send("why can't I respond to some complaints?"));
    expect(faq2).to.include('Awaiting my response');
    const unknown = seen(await u.send('what is the weather in Paris tomorrow'));
    expect(unknown).to.include("don't know");
    expect(seen(await u.send('talk to a person'))).to.include('support@example.com');
  });

  it('a question asked in the middle of a flow is answered and the flow stays open', async () => {
    const u = w.user('chan-8');
    await u.click({ verb: 'menu.file' });
    const verifyCard = u.lastCard();
    const r = seen(await u.send('What should I do if I have many files to upload?'));
    expect(r).to.include('zip').and.include('still in progress');
    const go = await u.click(u.button('Send me a code', verifyCard), { name: 'Q', company: '', email: 'q@buyer.example' });
    expect(seen(go)).to.include('Enter your code');
  });
});

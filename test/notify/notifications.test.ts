// Notifications and reminders end to end: real case and member services on the test database, a real
// CloudAdapter posting to a test connector, a real SMTP server, and a fake clock.
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Db } from 'mongodb';
import { CaseService } from '../../src/cases/case-service.js';
import { silentLogger } from '../../src/log/logger.js';
import { DeliveryWorker } from '../../src/notify/delivery-worker.js';
import { createMailer, type Mailer } from '../../src/notify/mailer.js';
import { Notifier, recentCasesFrom } from '../../src/notify/notifier.js';
import { NotificationOutbox } from '../../src/notify/outbox.js';
import { ReminderScheduler } from '../../src/notify/reminder-scheduler.js';
import { setSupportChannel } from '../../src/notify/support-channel.js';
import { testDb } from '../support/db.js';
import { bypassProxyForLoopback, startTestConnector, type TestConnector } from './support/connector.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from './support/smtp.js';
import { conversationReference, FakeClock, fileAgainst, HOUR, makeInstance, verifiedMember, type Instance } from './support/world.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const MIN = 60_000;

describe('notify: notifications and reminders (end to end)', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let connector: TestConnector;
  let mailer: Mailer;
  let seq = 0;

  before(async () => {
    bypassProxyForLoopback();
    smtp = await startTestSmtp();
    connector = await startTestConnector();
    mailer = createMailer({ smtpUrl: smtp.url, dataDir: os.tmpdir(), from: 'Complaint Center <cc@example.test>', logger: silentLogger });
  });
  // Case numbers restart in each fresh database: each test looks only at the mail it caused.
  beforeEach(() => {
    smtp.received.length = 0;
  });
  after(async () => {
    mailer.close();
    await smtp.close();
    await connector.close();
  });

  /** Unique conversation ids and addresses per test, since the SMTP server and connector are shared. */
  function names() {
    seq += 1;
    return {
      buyerConv: `buyer-${seq}`,
      supplierConv: `supplier-${seq}`,
      supportConv: `support-${seq}`,
      buyerEmail: `buyer${seq}@example.com`,
      supplierEmail: `supplier${seq}@example.com`,
    };
  }

  const mailsAbout = (caseNumber: string): ReceivedMail[] => smtp.received.filter((m) => m.parsed.subject?.includes(`[${caseNumber}]`));
  const mailsTo = (caseNumber: string, to: string, subjectPart = ''): ReceivedMail[] =>
    mailsAbout(caseNumber).filter((m) => m.envelopeTo.includes(to) && (m.parsed.subject ?? '').includes(subjectPart));

  async function settle(...instances: Instance[]): Promise<void> {
    await Promise.all(instances.map((i) => i.notifications.worker.drain()));
  }

  async function world(label: string, opts: { instances?: number } = {}) {
    const db = await testDb(label);
    const clock = new FakeClock(T0);
    const instances: Instance[] = [];
    for (let i = 0; i < (opts.instances ?? 1); i += 1) instances.push(await makeInstance(db, clock, mailer));
    const n = names();
    const a = instances[0];
    const buyer = await verifiedMember(a, conversationReference(connector, n.buyerConv, `u-${n.buyerConv}`), n.buyerEmail, 'Europe/Berlin');
    const supplier = await verifiedMember(a, conversationReference(connector, n.supplierConv, `u-${n.supplierConv}`), n.supplierEmail);
    await setSupportChannel(db, conversationReference(connector, n.supportConv, 'support-bot'));
    return { db, clock, instances, a, n, buyer, supplier };
  }

  it('filing: receipt to the complainant, notice with the deadline to the respondent (chat + email), support alert (email + Teams channel)', async () => {
    const { a, n, buyer } = await world('notify_filing');
    const c = await fileAgainst(a, buyer, n.supplierEmail, 'It broke <script>alert(1)</script>');
    await settle(a);

    const receipt = mailsTo(c.number, n.buyerEmail);
    expect(receipt.map((m) => m.parsed.subject)).to.deep.equal([`[${c.number}] We received your complaint`]);
    // The buyer's time zone is known: the receipt speaks in it.
    expect(receipt[0].parsed.text).to.contain(`http://127.0.0.1:3978/?case=${c.number}`);

    const notice = mailsTo(c.number, n.supplierEmail);
    expect(notice.map((m) => m.parsed.subject)).to.deep.equal([`[${c.number}] A complaint was filed against you — please respond`]);
    expect(notice[0].parsed.text).to.contain('Please respond by 5 Mar 2026, 09:00 UTC (shown in UTC because your time zone is not known)');
    expect(String(notice[0].parsed.html)).to.contain('It broke &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(String(notice[0].parsed.html)).not.to.contain('<script>');

    const alert = mailsTo(c.number, 'support@example.test');
    expect(alert.map((m) => m.parsed.subject)).to.deep.equal([`[${c.number}] New complaint: Other complaints`]);
    expect(mailsAbout(c.number)).to.have.length(3);

    // Chat: the respondent is told in its conversation, the support channel gets the alert; the buyer,
    // who just filed in chat, gets no chat message.
    expect(connector.textsFor(n.supplierConv)).to.have.length(1);
    expect(connector.textsFor(n.supplierConv)[0]).to.contain(c.number).and.to.contain('Please respond by');
    expect(connector.textsFor(n.supportConv)).to.have.length(1);
    expect(connector.textsFor(n.supportConv)[0]).to.contain(`New complaint ${c.number}`);
    expect(connector.textsFor(n.buyerConv)).to.deep.equal([]);
  });

  it('two schedulers racing on one database with a fake clock send each reminder exactly once, then the deadline runs once', async () => {
    const { clock, instances, a, n, buyer } = await world('notify_race', { instances: 2 });
    const cases = [];
    for (let i = 0; i < 3; i += 1) cases.push(await fileAgainst(a, buyer, n.supplierEmail));
    await settle(...instances);
    const deadline = (cases[0].deadline as Date).getTime();

    const sweepBoth = async (at: number) => {
      clock.set(new Date(at));
      await Promise.all(instances.map((i) => i.notifications.scheduler.sweepOnce()));
      await settle(...instances);
      // A second round at the same moment must find nothing more to do.
      await Promise.all(instances.map((i) => i.notifications.scheduler.sweepOnce()));
      await settle(...instances);
    };
    for (const hoursBefore of [48, 24, 2]) {
      await sweepBoth(deadline - hoursBefore * HOUR + MIN);
      await sweepBoth(deadline - hoursBefore * HOUR + 30 * MIN);
    }
    for (const c of cases) {
      const reminders = mailsTo(c.number, n.supplierEmail, 'Reminder');
      expect(reminders.map((m) => m.parsed.subject)).to.deep.equal([
        `[${c.number}] Reminder: your response is due in 1 day 23 hours`,
        `[${c.number}] Reminder: your response is due in 23 hours 59 minutes`,
        `[${c.number}] Reminder: your response is due in 1 hour 59 minutes`,
      ]);
      expect(connector.textsFor(n.supplierConv).filter((t) => t.startsWith(`Reminder — case ${c.number}:`))).to.have.length(3);
      expect(mailsTo(c.number, n.buyerEmail, 'Reminder')).to.deep.equal([]);
    }

    await sweepBoth(deadline + MIN);
    await sweepBoth(deadline + 10 * MIN);
    for (const c of cases) {
      expect(mailsTo(c.number, n.supplierEmail, 'The response deadline has passed')).to.have.length(1);
      expect(mailsTo(c.number, n.buyerEmail, 'The other party did not respond in time')).to.have.length(1);
      expect(mailsTo(c.number, 'support@example.test', 'Deadline missed by the respondent')).to.have.length(1);
      expect(connector.textsFor(n.supportConv).filter((t) => t.startsWith(`Case ${c.number}: the respondent missed`))).to.have.length(1);
      const after = await a.cases.getByNumber(c.number);
      expect(after?.state).to.equal('processing');
      expect(after?.events.filter((e) => e.type === 'deadline_missed')).to.have.length(1);
      expect(mailsTo(c.number, n.supplierEmail, 'Reminder')).to.have.length(3);
    }
  });

  it('downtime catch-up: only the latest due step goes out, once; past the deadline no reminder, only the missed deadline', async () => {
    const { clock, a, n, buyer } = await world('notify_catchup');
    const c1 = await fileAgainst(a, buyer, n.supplierEmail);
    const c2 = await fileAgainst(a, buyer, n.supplierEmail);
    await settle(a);
    const deadline = (c1.deadline as Date).getTime();

    // Down from filing until 1 h before the deadline: the 48 h, 24 h and 2 h steps all fell due meanwhile.
    clock.set(new Date(deadline - HOUR));
    await a.notifications.scheduler.sweepOnce();
    await a.notifications.scheduler.sweepOnce();
    await settle(a);
    for (const c of [c1, c2]) {
      const reminders = mailsTo(c.number, n.supplierEmail, 'Reminder');
      expect(reminders.map((m) => m.parsed.subject)).to.deep.equal([`[${c.number}] Reminder: your response is due in 1 hour`]);
    }
    const stored = await a.cases.getByNumber(c1.number);
    expect(stored?.events.filter((e) => e.type === 'reminder').map((e) => e.hoursBefore)).to.deep.equal([2]);

    // A third case, down until after its deadline: no reminder at all, the missed deadline once.
    clock.set(T0);
    const c3 = await fileAgainst(a, buyer, n.supplierEmail);
    await settle(a);
    clock.set(new Date((c3.deadline as Date).getTime() + 5 * HOUR));
    await a.notifications.scheduler.sweepOnce();
    await settle(a);
    expect(mailsTo(c3.number, n.supplierEmail, 'Reminder')).to.deep.equal([]);
    expect(mailsTo(c3.number, n.supplierEmail, 'The response deadline has passed')).to.have.length(1);
  });

  it('no reminder after the party responded (and the complainant hears that the other party responded)', async () => {
    const { clock, a, n, buyer, supplier } = await world('notify_responded');
    const c = await fileAgainst(a, buyer, n.supplierEmail);
    await settle(a);
    const deadline = (c.deadline as Date).getTime();
    clock.set(new Date(deadline - 48 * HOUR + MIN));
    await a.notifications.scheduler.sweepOnce();
    await settle(a);
    expect(mailsTo(c.number, n.supplierEmail, 'Reminder')).to.have.length(1);

    clock.set(new Date(deadline - 30 * HOUR));
    await a.cases.respond(supplier, c.number, { statement: 'Shipped on time, tracking attached.' });
    await settle(a);
    expect(mailsTo(c.number, n.buyerEmail, 'The other party responded')).to.have.length(1);
    expect(connector.textsFor(n.buyerConv).some((t) => t.includes('the other party responded'))).to.equal(true);

    for (const at of [deadline - 24 * HOUR + MIN, deadline - 2 * HOUR + MIN, deadline + MIN]) {
      clock.set(new Date(at));
      await a.notifications.scheduler.sweepOnce();
      await settle(a);
    }
    expect(mailsTo(c.number, n.supplierEmail, 'Reminder')).to.have.length(1);
    expect(mailsTo(c.number, n.supplierEmail, 'deadline')).to.deep.equal([]);
    expect((await a.cases.getByNumber(c.number))?.state).to.equal('processing');
  });

  it('a reminder queued but not yet sent when the party answers is dropped, not sent', async () => {
    const db = await testDb('notify_guard');
    const clock = new FakeClock(T0);
    const a = await makeInstance(db, clock, mailer, { listen: false });
    const n = names();
    const buyer = await verifiedMember(a, conversationReference(connector, n.buyerConv, `u-${n.buyerConv}`), n.buyerEmail);
    const supplier = await verifiedMember(a, conversationReference(connector, n.supplierConv, `u-${n.supplierConv}`), n.supplierEmail);
    // A notifier that queues without waking a worker, so the reminder waits in the outbox.
    const outbox = new NotificationOutbox(db);
    const notifier = new Notifier({ outbox, members: a.members, platformName: 'Alibaba.com', publicUrl: 'http://127.0.0.1:3978', supportEmail: 'support@example.test', clock: clock.now, logger: silentLogger });
    a.cases.addListener(notifier);
    const c = await fileAgainst(a, buyer, n.supplierEmail);
    clock.set(new Date((c.deadline as Date).getTime() - 48 * HOUR + MIN));
    // The timer pass alone (the scheduler would also drain the outbox at once).
    expect(await a.cases.runDueTimers(clock.now())).to.have.length(1);
    await a.cases.respond(supplier, c.number, { statement: 'Here is my answer.' });
    const worker = new DeliveryWorker({ outbox, mailer, sender: a.notifications.sender, supportChannel: async () => null, getCase: (num) => a.cases.getByNumber(num), logger: silentLogger, clock: clock.now });
    await worker.drain();
    const entries = await outbox.byCase(c.number);
    const reminderEntries = entries.filter((e) => e.kind === 'reminder');
    expect(reminderEntries.map((e) => [e.channel, e.status])).to.have.deep.members([
      ['email', 'skipped'],
      ['chat', 'skipped'],
    ]);
    expect(mailsTo(c.number, n.supplierEmail, 'Reminder')).to.deep.equal([]);
  });

  it('403 from the channel: the reference is marked inactive and the party is reached by email', async () => {
    const { clock, a, n, buyer, supplier } = await world('notify_403');
    connector.script(n.supplierConv, [403]);
    const c = await fileAgainst(a, buyer, n.supplierEmail);
    await settle(a);
    expect(mailsTo(c.number, n.supplierEmail, 'A complaint was filed against you')).to.have.length(1);
    expect(connector.answered(n.supplierConv)).to.deep.equal([403]);
    expect(await a.members.listActiveReferences(supplier._id)).to.deep.equal([]);
    const chatEntry = (await a.notifications.outbox.byCase(c.number)).find((e) => e.channel === 'chat' && e.memberId === supplier._id);
    expect(chatEntry?.status).to.equal('skipped');

    // Later messages go by email only; the dead conversation is not tried again.
    clock.set(new Date((c.deadline as Date).getTime() - 2 * HOUR + MIN));
    await a.notifications.scheduler.sweepOnce();
    await settle(a);
    expect(mailsTo(c.number, n.supplierEmail, 'Reminder')).to.have.length(1);
    expect(connector.answered(n.supplierConv)).to.deep.equal([403]);
  });

  it('recovery: a change whose listener never ran (process died) is queued by the reconcile pass, once', async () => {
    const db = await testDb('notify_recover');
    const clock = new FakeClock(T0);
    const a = await makeInstance(db, clock, mailer, { listen: false });
    const n = names();
    const buyer = await verifiedMember(a, conversationReference(connector, n.buyerConv, `u-${n.buyerConv}`), n.buyerEmail);
    const c = await fileAgainst(a, buyer, n.supplierEmail);
    await settle(a);
    expect(mailsAbout(c.number)).to.deep.equal([]);

    const recent = recentCasesFrom(db);
    clock.advance(5 * MIN);
    const added = await a.notifications.notifier.reconcile(recent, new Date(clock.now().getTime() - HOUR));
    expect(added).to.be.greaterThan(0);
    await settle(a);
    expect(mailsTo(c.number, n.buyerEmail)).to.have.length(1);
    expect(mailsTo(c.number, n.supplierEmail)).to.have.length(1);
    expect(mailsTo(c.number, 'support@example.test')).to.have.length(1);
    expect(await a.notifications.notifier.reconcile(recent, new Date(clock.now().getTime() - HOUR))).to.equal(0);
    await settle(a);
    expect(mailsAbout(c.number)).to.have.length(3);
  });

  it('start() catches up at once; stop() waits for the sweep in flight', async () => {
    const { clock, a, n, buyer } = await world('notify_startstop');
    const c = await fileAgainst(a, buyer, n.supplierEmail);
    await settle(a);
    clock.set(new Date((c.deadline as Date).getTime() - 24 * HOUR + MIN));
    a.notifications.start();
    await a.notifications.stop();
    await settle(a);
    expect(mailsTo(c.number, n.supplierEmail, 'Reminder')).to.have.length(1);
  });
});

describe('notify: reminder scheduler loop', () => {
  it('sweeps again every interval until stopped', async () => {
    const db = await testDb('notify_loop');
    const clock = new FakeClock(T0);
    const { cases } = await makeInstance(db, clock, createMailer({ dataDir: os.tmpdir(), from: 'x@localhost', logger: silentLogger }));
    const sweeps: Date[] = [];
    const scheduler = new ReminderScheduler({ timers: cases, intervalMs: 20, clock: clock.now, logger: silentLogger, afterSweep: async (now) => void sweeps.push(now) });
    scheduler.start();
    const until = Date.now() + 5000;
    while (sweeps.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    const count = sweeps.length;
    expect(count).to.be.at.least(3);
    await new Promise((r) => setTimeout(r, 80));
    expect(sweeps.length).to.equal(count);
  });
});

describe('notify: local run without SMTP_URL', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'notify-eml-'));
  });
  after(async () => rm(tmp, { recursive: true, force: true }));

  it("filing against supplier@example.com leaves the respondent's email in <DATA_DIR>/outbox", async () => {
    const db: Db = await testDb('notify_eml');
    const clock = new FakeClock(T0);
    const mailer = createMailer({ dataDir: tmp, from: 'Complaint Center <complaints@localhost>', logger: silentLogger });
    const a = await makeInstance(db, clock, mailer);
    const buyer = await verifiedMember(a, { channelId: 'webchat', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'w1' }, user: { id: 'wu1' } } as never, 'buyer@example.org');
    const c: Awaited<ReturnType<CaseService['fileCase']>> = await fileAgainst(a, buyer, 'supplier@example.com');
    await a.notifications.worker.drain();
    const files = await readdir(path.join(tmp, 'outbox'));
    const parsed = await Promise.all(files.map(async (f) => simpleParser(await readFile(path.join(tmp, 'outbox', f)))));
    const toSupplier = parsed.filter((p) => (p.to as { text: string } | undefined)?.text === 'supplier@example.com');
    expect(toSupplier.map((p) => p.subject)).to.deep.equal([`[${c.number}] A complaint was filed against you — please respond`]);
  });
});

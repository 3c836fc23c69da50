// The durable outbox and its worker against the test database and a real SMTP server.
import { expect } from 'chai';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MemberService } from '../../src/identity/member-service.js';
import { silentLogger } from '../../src/log/logger.js';
import { DeliveryWorker } from '../../src/notify/delivery-worker.js';
import { createMailer, type Mailer } from '../../src/notify/mailer.js';
import { NotificationOutbox, type NewDelivery } from '../../src/notify/outbox.js';
import { ProactiveSender } from '../../src/notify/proactive-sender.js';
import { testDb } from '../support/db.js';
import { FakeClock } from './support/world.js';

const T0 = new Date('2026-05-01T12:00:00Z');

function email(id: string, to: string): NewDelivery {
  return { _id: id, caseNumber: 'C-2026-000009', kind: 'status_changed', channel: 'email', to, email: { subject: `[C-2026-000009] ${id}`, text: 'text', html: '<p>text</p>' } };
}

describe('notify: outbox and delivery worker', function () {
  this.timeout(30_000);
  let server: SMTPServer;
  let mailer: Mailer;
  const subjects: string[] = [];
  const messageIds: string[] = [];
  let rejectNext = 0;

  before(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, cb) {
        simpleParser(stream).then(
          (parsed) => {
            if (rejectNext > 0) {
              rejectNext -= 1;
              const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
              cb(err);
              return;
            }
            subjects.push(parsed.subject ?? '');
            messageIds.push(parsed.messageId ?? '');
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.server.address() as AddressInfo).port;
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, dataDir: os.tmpdir(), from: 'cc@example.test', logger: silentLogger });
  });
  after(async () => {
    mailer.close();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    subjects.length = 0;
    messageIds.length = 0;
    rejectNext = 0;
  });

  async function setup(label: string) {
    const db = await testDb(label);
    const outbox = new NotificationOutbox(db);
    await outbox.ensureIndexes();
    const clock = new FakeClock(T0);
    const members = new MemberService({ db, sendCode: async () => undefined, logger: silentLogger });
    const sender = new ProactiveSender({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', members, logger: silentLogger });
    const worker = (owner: string) =>
      new DeliveryWorker({ outbox, mailer, sender, supportChannel: async () => null, logger: silentLogger, clock: clock.now, owner, retryBaseMs: 60_000, leaseMs: 120_000 });
    return { outbox, clock, worker };
  }

  it('enqueue is idempotent per key', async () => {
    const { outbox, clock } = await setup('ob_idem');
    expect(await outbox.enqueue([email('a', 'x@example.com'), email('b', 'x@example.com')], clock.now())).to.equal(2);
    expect(await outbox.enqueue([email('a', 'x@example.com'), email('b', 'x@example.com'), email('c', 'x@example.com')], clock.now())).to.equal(1);
    expect((await outbox.byCase('C-2026-000009')).map((d) => d._id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('two workers draining at once send each entry exactly once', async () => {
    const { outbox, clock, worker } = await setup('ob_race');
    const entries = Array.from({ length: 20 }, (_, i) => email(`m${String(i).padStart(2, '0')}`, `r${i}@example.com`));
    await outbox.enqueue(entries, clock.now());
    const [w1, w2] = [worker('w1'), worker('w2')];
    const [n1, n2] = await Promise.all([w1.drain(), w2.drain()]);
    expect(n1 + n2).to.equal(20);
    expect([...subjects].sort()).to.deep.equal(entries.map((e) => e.email?.subject).sort());
    const docs = await outbox.byCase('C-2026-000009');
    expect(docs.every((d) => d.status === 'sent' && d.attempts === 1)).to.equal(true);
  });

  it('a temporary SMTP failure is retried after a backoff, then sent once', async () => {
    const { outbox, clock, worker } = await setup('ob_retry');
    await outbox.enqueue([email('r1', 'x@example.com')], clock.now());
    rejectNext = 1;
    const w = worker('w1');
    await w.drain();
    let [doc] = await outbox.byCase('C-2026-000009');
    expect(doc.status).to.equal('pending');
    expect(doc.lastError).to.match(/451|Try again later/);
    expect(doc.nextAttemptAt.getTime()).to.equal(T0.getTime() + 60_000);
    expect(subjects).to.deep.equal([]);
    // Not before its time...
    clock.advance(30_000);
    expect(await w.drain()).to.equal(0);
    // ...then it goes.
    clock.advance(31_000);
    expect(await w.drain()).to.equal(1);
    [doc] = await outbox.byCase('C-2026-000009');
    expect(doc.status).to.equal('sent');
    expect(subjects).to.deep.equal(['[C-2026-000009] r1']);
  });

  it('an entry held by a worker that died is taken over when its lease expires', async () => {
    const { outbox, clock, worker } = await setup('ob_lease');
    await outbox.enqueue([email('l1', 'x@example.com')], clock.now());
    // A worker claims it and dies before sending.
    expect(await outbox.claimNext(clock.now(), 'dead-worker', 120_000)).to.not.equal(null);
    const w = worker('w2');
    expect(await w.drain()).to.equal(0);
    clock.advance(120_001);
    expect(await w.drain()).to.equal(1);
    const [doc] = await outbox.byCase('C-2026-000009');
    expect([doc.status, doc.owner, doc.attempts]).to.deep.equal(['sent', 'w2', 2]);
    expect(subjects).to.deep.equal(['[C-2026-000009] l1']);
  });

  it('a re-send after a crash carries the same Message-ID; a live slow send keeps its lease by heartbeat', async () => {
    const { outbox, clock } = await setup('ob_msgid');
    await outbox.enqueue([email('m1', 'x@example.com')], clock.now());
    // The first worker's mail is accepted by the SMTP server, then the worker dies before recording it.
    const dying: Mailer = { sendMail: async (m) => { await mailer.sendMail(m); throw new Error('process died'); }, close: () => undefined };
    const mk = (owner: string, m: Mailer, leaseMs = 120_000) =>
      new DeliveryWorker({ outbox, mailer: m, sender: undefined as never, supportChannel: async () => null, logger: silentLogger, clock: clock.now, owner, retryBaseMs: 60_000, leaseMs });
    await mk('w1', dying).drain();
    clock.advance(120_001);
    expect(await mk('w2', mailer).drain()).to.equal(1);
    expect(subjects).to.deep.equal(['[C-2026-000009] m1', '[C-2026-000009] m1']);
    expect(messageIds[0]).to.match(/^<[0-9a-f]{40}@complaint-center\.notifications>$/);
    expect(messageIds[1], 'receivers can drop the duplicate').to.equal(messageIds[0]);

    // The default lease is short (30 s), and a send that takes longer than it keeps the entry by heartbeat.
    await outbox.enqueue([email('m2', 'y@example.com')], clock.now());
    let release!: () => void;
    const slow: Mailer = { sendMail: async (m) => { await new Promise<void>((r) => (release = r)); return mailer.sendMail(m); }, close: () => undefined };
    const live = new DeliveryWorker({ outbox, mailer: slow, sender: undefined as never, supportChannel: async () => null, logger: silentLogger, clock: clock.now, owner: 'live' });
    const sending = live.drain();
    await new Promise((r) => setTimeout(r, 1200)); // at least one heartbeat (every 10 s of the lease, but at least each second)
    let [doc] = (await outbox.byCase('C-2026-000009')).filter((d) => d._id === 'm2');
    expect(doc.status).to.equal('sending');
    expect(doc.nextAttemptAt.getTime() - clock.now().getTime()).to.equal(30_000);
    clock.advance(29_000);
    await new Promise((r) => setTimeout(r, 10_500)); // the heartbeat renews from the (fake) time now
    [doc] = (await outbox.byCase('C-2026-000009')).filter((d) => d._id === 'm2');
    expect(doc.nextAttemptAt.getTime() - clock.now().getTime(), 'renewed while sending').to.equal(30_000);
    expect(await mk('w3', mailer).drain(), 'not taken over while alive').to.equal(0);
    release();
    await sending;
  });

  it('gives up after the last attempt and marks the entry failed', async () => {
    const { outbox, clock } = await setup('ob_fail');
    const members = new MemberService({ db: await testDb('ob_fail_m'), sendCode: async () => undefined, logger: silentLogger });
    const sender = new ProactiveSender({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', members, logger: silentLogger });
    const w = new DeliveryWorker({ outbox, mailer, sender, supportChannel: async () => null, logger: silentLogger, clock: clock.now, maxAttempts: 2, retryBaseMs: 1000 });
    await outbox.enqueue([email('f1', 'x@example.com')], clock.now());
    rejectNext = 5;
    await w.drain();
    clock.advance(1000);
    await w.drain();
    const [doc] = await outbox.byCase('C-2026-000009');
    expect([doc.status, doc.attempts]).to.deep.equal(['failed', 2]);
    expect(subjects).to.deep.equal([]);
  });
});

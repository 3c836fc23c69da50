// `npm run bench:sweep`: the reminder sweep at scale. The app (not started, so its own timers stay off)
// on the embedded database in a temporary data folder, or on MONGODB_URI in a database of its own
// (dropped afterwards); --cases N copies of a filed case (100,000) awaiting the respondent, none due.
// Prints: a sweep with nothing due (ms, median of 5), then --due N of them made due (1,000) and one
// sweep claiming and queueing their reminders (ms, database commands per due case, counted with the
// driver's command monitoring), and the longest event-loop stall during any sweep
// (perf_hooks.monitorEventLoopDelay). Exit 1 when the sweep did not claim every due reminder.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient, type Document } from 'mongodb';
import type { App } from '../src/app.js';
import { formatCaseNumber } from '../src/cases/case-number.js';
import { loadConfig } from '../src/config/config.js';
import { silentLogger } from '../src/log/logger.js';
import { ReminderScheduler } from '../src/notify/index.js';
import { NOTIFICATIONS_COLLECTION } from '../src/notify/outbox.js';
import { verificationCodeFromOutbox } from './bench/outbox-code.js';
import { percentile } from './bench/stats.js';

const HOUR = 3_600_000;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, due: { type: 'string', default: '1000' } } });
  const total = Number(values.cases);
  const dueCount = Number(values.due);
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(dueCount) || dueCount < 1 || dueCount > total) {
    console.error('usage: npm run bench:sweep -- [--cases 100000] [--due 1000] (due ≤ cases)');
    return 2;
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'cc-bench-sweep-'));
  const uri = process.env.MONGODB_URI?.trim() || undefined;
  const dbName = `bench_sweep_${process.pid}`;
  let embedded: { uri: string; close(): Promise<void> } | undefined;
  let client: MongoClient | undefined;
  let app: App | undefined;
  try {
    if (!uri) {
      const { startEmbeddedMongo } = await import('../src/embedded-mongo/index.js');
      embedded = await startEmbeddedMongo({ port: 0, dataDir: path.join(tmp, 'db') });
    }
    client = new MongoClient(uri ?? embedded!.uri, { monitorCommands: true });
    let commands = 0;
    const byName: Record<string, number> = {};
    client.on('commandStarted', (e) => {
      commands += 1;
      byName[e.commandName] = (byName[e.commandName] ?? 0) + 1;
    });
    await client.connect();
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: tmp, MONGODB_DB: dbName });
    const { createApp } = await import('../src/app.js');
    app = await createApp(config, { logger: silentLogger, database: { client, db: client.db(dbName) } });
    const { members, cases } = app.services;

    // One real case as the template of all the others.
    const member = await members.findOrCreateByAccount({ channelId: 'bench', userId: 'bench-sweep' });
    await members.startEmailVerification(member, 'sweep@example.com');
    const confirmed = await members.confirmEmailVerification(member, await verificationCodeFromOutbox(path.join(tmp, 'outbox'), 'sweep@example.com'));
    if (confirmed.status !== 'ok') throw new Error(`email confirmation answered ${confirmed.status}`);
    const filed = await cases.fileCase(confirmed.member, {
      typeId: 'other_trade_dispute',
      fields: { orderNumber: 'PO-1', amountInDispute: '1250.00 USD', description: 'The supplier shipped late and refuses the agreed refund for the missing units.' },
      respondent: { company: 'Supplier Ltd', email: 'supplier@example.com' },
      idempotencyKey: 'bench-sweep-template',
      orderedOnPartnerSite: false,
    });
    const coll = client.db(dbName).collection<{ _id: string } & Document>('cases');
    const template = await coll.findOne({ _id: filed.number });
    if (!template) throw new Error('the template case is missing');
    const now = Date.now();
    const t0 = performance.now();
    for (let i = 0; i < total; i += 5000) {
      const batch: ({ _id: string } & Document)[] = [];
      for (let k = i; k < Math.min(total, i + 5000); k++) {
        const deadline = new Date(now + 100 * HOUR + (k % 1000) * 60_000);
        batch.push({
          ...template,
          _id: formatCaseNumber(2099, k + 1),
          number: formatCaseNumber(2099, k + 1),
          idempotencyKey: `bench-${k}`,
          state: 'awaiting_respondent',
          deadline,
          deadlineSetAt: new Date(now - HOUR),
          nextTimerAt: new Date(deadline.getTime() - 48 * HOUR),
          reminders: [],
          events: template.events.slice(0, 2),
        });
      }
      await coll.insertMany(batch);
    }
    const loadS = (performance.now() - t0) / 1000;

    const scheduler = new ReminderScheduler({ timers: cases, intervalMs: 3_600_000, logger: silentLogger });
    const stalls = monitorEventLoopDelay({ resolution: 1 });
    stalls.enable();
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s0 = performance.now();
      const n = await scheduler.sweepOnce();
      idle.push(performance.now() - s0);
      if (n !== 0) throw new Error(`a sweep with nothing due changed ${n} cases`);
    }
    const idleStallMs = stalls.max / 1e6;

    // Made due: the 24-hour reminder of a deadline 20 hours away.
    const dueIds = Array.from({ length: dueCount }, (_, k) => formatCaseNumber(2099, Math.floor((k * total) / dueCount) + 1));
    await coll.updateMany({ _id: { $in: dueIds } }, { $set: { deadline: new Date(now + 20 * HOUR), deadlineSetAt: new Date(now - 50 * HOUR), nextTimerAt: new Date(now - 4 * HOUR) } });
    stalls.reset();
    const c0 = commands;
    const names0 = { ...byName };
    const d0 = performance.now();
    const claimed = await scheduler.sweepOnce();
    const dueMs = performance.now() - d0;
    const dueCommands = commands - c0;
    const dueByName = Object.fromEntries(Object.entries(byName).map(([k, v]) => [k, Math.round(((v - (names0[k] ?? 0)) / dueCount) * 100) / 100]).filter(([, v]) => Number(v) > 0));
    const dueStallMs = stalls.max / 1e6;
    stalls.disable();
    const queued = await client.db(dbName).collection(NOTIFICATIONS_COLLECTION).countDocuments({ caseNumber: { $in: dueIds } }).catch(() => -1);

    const figures = {
      bench: 'sweep',
      database: uri ? 'mongodb' : 'embedded',
      cases: total,
      loadAvg: loadavg().map((x) => Math.round(x * 100) / 100),
      insertSeconds: Math.round(loadS * 10) / 10,
      nothingDueMs: { median: Math.round(percentile([...idle].sort((a, b) => a - b), 50) * 10) / 10, all: idle.map((x) => Math.round(x * 10) / 10) },
      nothingDueMaxStallMs: Math.round(idleStallMs * 10) / 10,
      due: dueCount,
      claimed,
      dueSweepMs: Math.round(dueMs),
      commandsPerDueCase: Math.round((dueCommands / dueCount) * 100) / 100,
      commandsPerDueCaseByName: dueByName,
      dueSweepMaxStallMs: Math.round(dueStallMs * 10) / 10,
      reminderOutboxEntries: queued,
    };
    console.log(
      [
        `reminder sweep over ${total} cases (${figures.database} database; load average ${figures.loadAvg.join(' ')}; cases inserted in ${figures.insertSeconds} s)`,
        `  nothing due:        ${figures.nothingDueMs.median} ms median of 5 (${figures.nothingDueMs.all.join(', ')}), longest event-loop stall ${figures.nothingDueMaxStallMs} ms   [goal ≤ 10 ms, stall ≤ 20 ms]`,
        `  ${dueCount} due:          ${claimed} claimed and queued in ${figures.dueSweepMs} ms, ${figures.commandsPerDueCase} db commands per due case, longest stall ${figures.dueSweepMaxStallMs} ms   [goal ≤ 2000 ms, ≤ 3 commands, stall ≤ 20 ms]`,
        `  commands per due case: ${Object.entries(dueByName).map(([k, v]) => `${k} ${v}`).join(', ')}; outbox entries for the due cases: ${queued}`,
      ].join('\n'),
    );
    console.log(JSON.stringify(figures));
    if (claimed !== dueCount) {
      console.error(`bench-sweep: FAILED: ${claimed} of ${dueCount} due reminders were claimed`);
      return 1;
    }
    return 0;
  } finally {
    await app?.stop().catch(() => undefined);
    if (uri) await client?.db(dbName).dropDatabase().catch(() => undefined);
    await client?.close();
    await embedded?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench-sweep: FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);

// `npm run bench:bot`: the real bot under concurrent chat load, over HTTP on loopback.
//
// Starts the app (createApp, PORT=0, silent logs) on the embedded database in a temp DATA_DIR — or on
// MONGODB_URI when set, in a database of its own that is dropped afterwards — and a connector on
// 127.0.0.1 the bot replies to. N conversations then run at once, each one user waiting for the bot
// before the next message: join (conversationUpdate), free-text FAQ questions, "my cases". A few users
// ("writers") also confirm an email and file complaints through app.services (the code is read from
// <DATA_DIR>/outbox), then ask for their cases and open each one in chat.
//
// A turn's latency runs from the POST to /api/messages to the arrival of its last reply at the
// connector (CloudAdapter answers the POST once the turn, replies included, is done). Cold start is
// measured separately on a child `node --import tsx src/main.ts` (what `npm start` runs) until
// /healthz answers 200. Everything shares this machine's CPUs, and with the embedded database the
// bot, database, connector and load generator share one event loop: figures are for comparison
// between runs, not a capacity promise.
//
// Flags: --conversations N (20), --turns N messages per conversation after the join (20),
// --duration S (120: no turn starts after S seconds; the run reports that it was cut short).
// Prints a table, then one JSON line with every figure. Exit 0 when every turn was answered
// correctly; 1 with a message on stderr otherwise (no reply, HTTP error, turn error, wrong answer,
// failed start); 2 for a bad flag; 130 when interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { App } from '../src/app.js';
import type { Member } from '../src/identity/types.js';
import { loadConfig } from '../src/config/config.js';
import { silentLogger } from '../src/log/logger.js';
import { FAQ_UNKNOWN } from '../src/bot/texts.js';
import { TURN_ERROR_MESSAGE } from '../src/server/adapter.js';
import { verificationCodeFromOutbox } from './bench/outbox-code.js';
import { startReplySink, type ReplySink, type SinkReply } from './bench/reply-sink.js';
import { QUESTIONS } from './bench/questions.js';
import { ms, roundSummary, summarize, type LatencySummary } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHANNEL = 'bench';
const TURN_TIMEOUT_MS = 30_000;
const CASES_PER_WRITER = 2;

type TurnKind = 'join' | 'faq' | 'cases' | 'view';

interface Options {
  conversations: number;
  turns: number;
  durationS: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      conversations: { type: 'string', default: '20' },
      turns: { type: 'string', default: '20' },
      duration: { type: 'string', default: '120' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench:bot -- [--conversations 20] [--turns 20] [--duration 120]');
    process.exit(0);
  }
  const whole = (name: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return n;
  };
  return {
    conversations: whole('conversations', values.conversations, 1, 1000),
    turns: whole('turns', values.turns, 1, 1000),
    durationS: whole('duration', values.duration, 1, 3600),
  };
}

class UsageError extends Error {}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

// A full collection before reading the heap, so "retained" means live objects, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Polls GET url until 200 or the deadline. */
async function waitForHealthz(url: string, timeoutMs: number, exited?: () => string | undefined): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const why = exited?.();
    if (why) throw new Error(why);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Cold start as `npm start` does it: a fresh node process on the sources through tsx, until /healthz
 * answers 200. The port comes from its "listening" log line (PORT=0).
 */
async function measureColdStart(dataDir: string, mongo: { uri?: string; db: string }): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    MONGODB_DB: mongo.db,
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...(mongo.uri ? { MONGODB_URI: mongo.uri } : {}),
  };
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  coldStartChild = child;
  let exit: string | undefined;
  let stderr = '';
  child.on('exit', (code, signal) => {
    exit = `the cold-start server exited early (code ${code}, signal ${signal}): ${stderr.trim().slice(-500)}`;
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error('the cold-start server logged no "listening" line within 60 s')), 60_000);
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new Error(exit));
      });
      child.stdout?.on('data', (c: Buffer) => {
        buffered += c.toString('utf8');
        for (const line of buffered.split('\n')) {
          const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        }
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      });
    });
    await waitForHealthz(`${url}/healthz`, 30_000, () => exit);
    return performance.now() - t0;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    coldStartChild = undefined;
  }
}

/** The cold-start server while it runs, so the watchdog can end it. */
let coldStartChild: ChildProcess | undefined;

interface Failure {
  conversation: string;
  kind: TurnKind | 'write';
  what: string;
}

class Bench {
  readonly latency: Record<TurnKind, number[]> = { join: [], faq: [], cases: [], view: [] };
  readonly writes = { verify: [] as number[], file: [] as number[] };
  readonly failures: Failure[] = [];
  counts = { sent: 0, answered: 0, httpErrors: 0, noReply: 0, turnErrors: 0, wrongAnswers: 0, faqAnswers: 0, writeErrors: 0 };
  cutShort = false;
  private seq = 0;

  constructor(
    private readonly app: App,
    private readonly sink: ReplySink,
    private readonly runId: string,
    private readonly outboxDir: string,
    private readonly stopAt: () => boolean,
  ) {}

  /** One turn: POST, then the replies the connector got for it. Undefined when the turn failed. */
  async turn(conversation: string, userId: string, kind: TurnKind, fields: Record<string, unknown>, check?: (replies: SinkReply[]) => string | undefined): Promise<SinkReply[] | undefined> {
    const id = `${this.runId}-${++this.seq}`;
    const activity = {
      id,
      channelId: CHANNEL,
      serviceUrl: this.sink.url,
      timestamp: new Date().toISOString(),
      from: { id: userId, name: `Bench User ${userId}` },
      recipient: { id: 'bot', name: 'Complaint Center' },
      conversation: { id: conversation, conversationType: 'personal' },
      ...fields,
    };
    const failed = (what: string): undefined => {
      this.failures.push({ conversation, kind, what });
      return undefined;
    };
    this.counts.sent += 1;
    const t0 = performance.now();
    let status: number;
    try {
      const res = await fetch(`${this.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      this.counts.httpErrors += 1;
      return failed(`POST /api/messages failed: ${(err as Error).message}`);
    }
    if (status < 200 || status > 299) {
      this.counts.httpErrors += 1;
      return failed(`POST /api/messages answered HTTP ${status}`);
    }
    const replies = this.sink.repliesTo(id);
    if (!replies.length) {
      this.counts.noReply += 1;
      return failed(`the bot sent no reply to ${JSON.stringify(fields.text ?? fields.type)}`);
    }
    this.latency[kind].push(replies[replies.length - 1].at - t0);
    if (replies.some((r) => typeof r.activity.text === 'string' && r.activity.text.startsWith(TURN_ERROR_MESSAGE))) {
      this.counts.turnErrors += 1;
      return failed(`the bot answered with its turn error message to ${JSON.stringify(fields.text ?? fields.type)}`);
    }
    const wrong = check?.(replies);
    if (wrong) {
      this.counts.wrongAnswers += 1;
      return failed(wrong);
    }
    this.counts.answered += 1;
    return replies;
  }

  /** A member of the chat user confirms an email (code from the outbox) and files complaints; returns the case numbers. */
  async write(conversation: string, userId: string, index: number): Promise<string[]> {
    const { members, cases } = this.app.services;
    const email = `bench-${this.runId}-${index}@example.com`;
    try {
      let t0 = performance.now();
      const member = await members.findOrCreateByAccount({ channelId: CHANNEL, userId });
      await members.startEmailVerification(member, email);
      const code = await verificationCodeFromOutbox(this.outboxDir, email);
      const confirmed = await members.confirmEmailVerification(member, code);
      if (confirmed.status !== 'ok') throw new Error(`email confirmation answered ${confirmed.status}`);
      this.writes.verify.push(performance.now() - t0);
      const verified: Member = confirmed.member;
      const numbers: string[] = [];
      for (let k = 0; k < CASES_PER_WRITER; k++) {
        t0 = performance.now();
        const filed = await cases.fileCase(verified, {
          typeId: 'other_trade_dispute',
          fields: {
            orderNumber: `PO-${index}-${k}`,
            amountInDispute: '1250.00 USD',
            description: 'The supplier shipped late and refuses the agreed refund for the missing units.',
          },
          respondent: { company: `Supplier ${index} Ltd`, email: `supplier-${this.runId}-${index}-${k}@example.com` },
          idempotencyKey: `${this.runId}-${index}-${k}`,
          orderedOnPartnerSite: false,
        });
        this.writes.file.push(performance.now() - t0);
        numbers.push(filed.number);
      }
      return numbers;
    } catch (err) {
      this.counts.writeErrors += 1;
      this.failures.push({ conversation, kind: 'write', what: `filing through app.services failed: ${(err as Error).message}` });
      return [];
    }
  }

  /** One user's conversation: join, then `turns` messages, each after the previous one was answered. */
  async conversation(index: number, turns: number, writer: boolean): Promise<void> {
    const conversation = `bench-${this.runId}-${index}`;
    const userId = `bench-user-${this.runId}-${index}`;
    const joined = await this.turn(conversation, userId, 'join', { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, { id: userId }] }, (r) =>
      hasCard(r) ? undefined : 'the welcome had no card',
    );
    if (!joined) return;
    const numbers = writer ? await this.write(conversation, userId, index) : [];
    for (let t = 0; t < turns; t++) {
      if (this.stopAt()) {
        this.cutShort = true;
        return;
      }
      // A reader asks two questions per look at the list; a writer checks its cases and opens one each round.
      const kind: TurnKind = (writer ? (['cases', 'view', 'faq'] as const) : (['faq', 'faq', 'cases'] as const))[t % 3];
      let replies: SinkReply[] | undefined;
      if (kind === 'cases') {
        replies = await this.turn(conversation, userId, 'cases', { type: 'message', text: 'my cases' }, (r) => {
          const missing = numbers.filter((n) => !bodyText(r).includes(n));
          return missing.length ? `"my cases" did not list ${missing.join(', ')}` : undefined;
        });
      } else if (kind === 'view' && numbers.length) {
        const number = numbers[Math.floor(t / 3) % numbers.length];
        replies = await this.turn(conversation, userId, 'view', { type: 'message', text: `status of ${number}` }, (r) =>
          bodyText(r).includes(number) ? undefined : `"status of ${number}" did not show the case`,
        );
      } else {
        const question = QUESTIONS[(index + t) % QUESTIONS.length];
        replies = await this.turn(conversation, userId, 'faq', { type: 'message', text: question }, (r) => {
          if (!r.some((x) => x.activity.type === 'message')) return `no message answered ${JSON.stringify(question)}`;
          // For the record: a question the FAQ does not know still gets the menu, which is a right answer.
          if (!bodyText(r).includes(FAQ_UNKNOWN)) this.counts.faqAnswers += 1;
          return undefined;
        });
      }
      // A user whose turn went wrong gives up: a broken bot fails the run quickly instead of timing out turn after turn.
      if (!replies) return;
    }
  }
}

function hasCard(replies: SinkReply[]): boolean {
  return replies.some((r) => (r.activity.attachments ?? []).length > 0);
}

function bodyText(replies: SinkReply[]): string {
  return JSON.stringify(replies.map((r) => r.activity));
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(x < 100 ? 1 : 0) : '-';
}

function row(label: string, s: LatencySummary): string {
  return `  ${label.padEnd(14)}${String(s.count).padStart(6)}${fmt(s.median).padStart(9)}${fmt(s.p95).padStart(9)}${fmt(s.p99).padStart(9)}${fmt(s.max).padStart(9)}`;
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  // Other work on the machine skews the figures: the load average is printed with them.
  const load1mAtStart = Math.round(loadavg()[0] * 100) / 100;
  const runId = randomBytes(4).toString('hex');
  const mongoUri = process.env.MONGODB_URI?.trim() || undefined;
  const dbName = `bench_${runId}`;
  const tmp = await mkdtemp(path.join(tmpdir(), 'cc-bench-'));
  const dataDir = path.join(tmp, 'data');
  const writers = Math.max(1, Math.ceil(opts.conversations / 5));
  // Stops itself even if the app hangs: the whole run may take the load's duration plus start and stop.
  const watchdog = setTimeout(() => {
    console.error(`bench-bot: FAILED: the run did not finish within ${opts.durationS + 180} s; giving up`);
    coldStartChild?.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }, (opts.durationS + 180) * 1000);
  watchdog.unref();

  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let sink: ReplySink | undefined;
  let app: App | undefined;
  try {
    const coldStartMs = await measureColdStart(path.join(tmp, 'cold'), { uri: mongoUri, db: `${dbName}_cold` });

    sink = await startReplySink();
    const rssBeforeStart = process.memoryUsage().rss;
    const config = loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      MONGODB_DB: dbName,
      SHUTDOWN_TIMEOUT_SECONDS: '10',
      ...(mongoUri ? { MONGODB_URI: mongoUri } : {}),
    });
    const t0 = performance.now();
    const { createApp } = await import('../src/app.js');
    app = await createApp(config, { logger: silentLogger });
    await app.start();
    await waitForHealthz(`${app.url}/healthz`, 30_000);
    const appStartMs = performance.now() - t0;

    const loadDeadline = performance.now() + opts.durationS * 1000;
    const bench = new Bench(app, sink, runId, path.join(dataDir, 'outbox'), () => interrupted || performance.now() > loadDeadline);
    gc();
    const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 100);
    const loadStart = performance.now();
    // Writers are spread over the conversations (every fifth one).
    await Promise.all(Array.from({ length: opts.conversations }, (_, i) => bench.conversation(i, opts.turns, i % 5 === 0 && i / 5 < writers)));
    const loadS = (performance.now() - loadStart) / 1000;
    clearInterval(sampler);
    const rssAfter = process.memoryUsage().rss;
    rssPeak = Math.max(rssPeak, rssAfter);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;

    const all = summarize(Object.values(bench.latency).flat());
    const byKind = Object.fromEntries(Object.entries(bench.latency).map(([k, v]) => [k, roundSummary(summarize(v))])) as Record<TurnKind, LatencySummary>;
    const figures = {
      bench: 'bot',
      conversations: opts.conversations,
      turnsPerConversation: opts.turns,
      writers,
      durationLimitS: opts.durationS,
      cutShort: bench.cutShort,
      database: mongoUri ? 'mongodb' : 'embedded',
      cpus: cpus().length,
      loadAvg1mAtStart: load1mAtStart,
      node: process.version,
      coldStartMs: ms(coldStartMs),
      appStartMs: ms(appStartMs),
      loadSeconds: Math.round(loadS * 100) / 100,
      turnsSent: bench.counts.sent,
      turnsAnswered: bench.counts.answered,
      turnsPerSecond: Math.round((bench.counts.answered / loadS) * 10) / 10,
      httpErrors: bench.counts.httpErrors,
      noReply: bench.counts.noReply,
      turnErrors: bench.counts.turnErrors,
      wrongAnswers: bench.counts.wrongAnswers,
      writeErrors: bench.counts.writeErrors,
      faqQuestionsAnswered: bench.counts.faqAnswers,
      latencyMs: { all: roundSummary(all), ...byKind },
      writesMs: { verifyEmail: roundSummary(summarize(bench.writes.verify)), fileCase: roundSummary(summarize(bench.writes.file)) },
      proactiveMessages: sink.proactive.length,
      memoryMB: { rssBeforeStart: mb(rssBeforeStart), rssBeforeLoad: mb(rssBefore), rssAfterLoad: mb(rssAfter), rssPeak: mb(rssPeak), heapUsedBeforeLoad: mb(heapBefore), heapUsedAfterLoadGc: mb(heapAfter) },
    };

    const lines = [
      `Complaint Center bot: ${opts.conversations} conversations x (join + ${opts.turns} turns), ${writers} filing complaints; ` +
        `${figures.database} database; ${figures.cpus} CPUs (load avg ${load1mAtStart} at start); node ${process.version}`,
      `cold start (node src/main.ts -> /healthz 200) ${fmt(coldStartMs)} ms; in-process createApp+start ${fmt(appStartMs)} ms`,
      `turns ${bench.counts.answered}/${bench.counts.sent} answered in ${loadS.toFixed(2)} s = ${figures.turnsPerSecond} turns/s` +
        `${bench.cutShort ? ` (cut short at --duration ${opts.durationS})` : ''}; HTTP errors ${bench.counts.httpErrors}, no reply ${bench.counts.noReply}, ` +
        `turn errors ${bench.counts.turnErrors}, wrong answers ${bench.counts.wrongAnswers}`,
      `latency ms (POST -> last reply)  count   median      p95      p99      max`,
      row('all turns', all),
      row('join', summarize(bench.latency.join)),
      row('faq question', summarize(bench.latency.faq)) + `   (${bench.counts.faqAnswers} of them answered from the FAQ)`,
      row('my cases', summarize(bench.latency.cases)),
      row('case detail', summarize(bench.latency.view)),
      `writes ms (app.services)       count   median      p95      p99      max`,
      row('verify email', summarize(bench.writes.verify)),
      row('file case', summarize(bench.writes.file)),
      `memory RSS ${figures.memoryMB.rssBeforeLoad} MB before load -> ${figures.memoryMB.rssAfterLoad} MB after (peak ${figures.memoryMB.rssPeak} MB); ` +
        `heap after GC ${figures.memoryMB.heapUsedBeforeLoad} -> ${figures.memoryMB.heapUsedAfterLoadGc} MB; RSS before the app ${figures.memoryMB.rssBeforeStart} MB`,
    ];
    console.log(lines.join('\n'));
    console.log(JSON.stringify(figures));

    if (bench.failures.length) {
      const shown = bench.failures.slice(0, 5).map((f) => `  ${f.conversation} (${f.kind}): ${f.what}`);
      console.error(
        `bench-bot: FAILED: the bot did not answer every turn correctly (${bench.failures.length} problem(s), ` +
          `${bench.counts.answered} of ${bench.counts.sent} turns answered):\n${shown.join('\n')}` +
          (bench.failures.length > shown.length ? `\n  … and ${bench.failures.length - shown.length} more` : ''),
      );
      return 1;
    }
    if (interrupted) {
      console.error('bench-bot: interrupted');
      return 130;
    }
    return 0;
  } finally {
    if (app) {
      if (mongoUri) {
        await app.db.dropDatabase().catch(() => undefined);
        await app.client.db(`${dbName}_cold`).dropDatabase().catch(() => undefined);
      }
      await app.stop().catch((err: unknown) => console.error(`bench-bot: app.stop failed: ${(err as Error).message}`));
    }
    await sink?.close();
    await rm(tmp, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench-bot: FAILED: ${err instanceof UsageError ? err.message : (err as Error).stack ?? String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

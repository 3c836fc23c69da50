// `npm run bench:compare`: this bot against a bare echo bot, side by side in one run.
//
// Both servers run in processes of their own, started the same way (node --import tsx, restify +
// CloudAdapter + the /api/messages route; see scripts/bench/bench-server.ts), the app on the embedded
// database in a temporary data folder as `npm start` runs it (or on MONGODB_URI when set). One load
// generator in this process drives both in interleaved rounds: for each number of concurrent
// conversations (--levels, default 1,20,50) and each round (--rounds, default 3), the echo bot and the app
// take turns (the order alternates between rounds), first with free-text FAQ questions, then with a
// card-submit flow (menu.faq → faq.ask → menu.cases → menu.main, as Action.Submit values). Each
// conversation joins first (not timed), then sends --turns messages, each after the previous was answered.
//
// Per phase it records the median and p95 latency (POST -> last reply), throughput, the server's CPU
// time per turn and, for the app, database commands per turn (the driver's command monitoring, so the
// app's background jobs are counted too). The table shows for each figure the median over rounds and
// [min–max]; ratios are app/echo paired within a round. Then cases are filed through app.services and
// their commands counted. The machine's load average is printed at start and end: everything shares the
// CPUs, so only the ratios are comparable between runs.
//
// Flags: --levels 1,20,50  --rounds 3  --turns 8  --cpu-prof DIR (V8 CPU profiles of both servers in DIR/echo, DIR/app;
// the largest file is the main thread: `npm run bench:profile -- FILE` summarises it)
// Exit 0 when every turn was answered; 1 otherwise (message on stderr); 2 for a bad flag.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TURN_ERROR_MESSAGE } from '../src/server/adapter.js';
import type { BenchCall, FiledCase, Sample } from './bench/bench-server.js';
import { postTurn } from './bench/load.js';
import { QUESTIONS } from './bench/questions.js';
import { startReplySink, type ReplySink } from './bench/reply-sink.js';
import { percentile } from './bench/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Mode = 'echo' | 'app';
type Kind = 'faq' | 'card';
const KINDS: Kind[] = ['faq', 'card'];
const FILED_CASES = 3;

class UsageError extends Error {}

interface Options {
  levels: number[];
  rounds: number;
  turns: number;
  cpuProf?: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      levels: { type: 'string', default: '1,20,50' },
      rounds: { type: 'string', default: '3' },
      turns: { type: 'string', default: '8' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench:compare -- [--levels 1,20,50] [--rounds 3] [--turns 8] [--cpu-prof DIR]');
    process.exit(0);
  }
  const whole = (name: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return n;
  };
  return {
    levels: values.levels.split(',').map((x) => whole('levels', x.trim(), 1, 500)),
    rounds: whole('rounds', values.rounds, 1, 50),
    turns: whole('turns', values.turns, 1, 500),
    cpuProf: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined,
  };
}

/** A bench server in its own process, and the IPC calls it answers. */
interface Server {
  mode: Mode;
  url: string;
  child: ChildProcess;
  call<T>(req: BenchCall): Promise<T>;
}

async function startServer(mode: Mode, dataDir: string, cpuProf: string | undefined): Promise<Server> {
  const args = [
    // One folder per server: tsx's loader thread writes a profile of its own next to the main thread's.
    ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(cpuProf, mode)] : []),
    '--disable-warning=DEP0111',
    '--import',
    'tsx',
    'scripts/bench/bench-server.ts',
    mode,
    dataDir,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the ${mode} server did not start within 60 s: ${stderr.slice(-500)}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${mode} server exited (code ${code}): ${stderr.slice(-800)}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /\{"url":"([^"]+)"\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.value);
    else w?.reject(new Error(`${mode} server: ${m.error}`));
  });
  child.on('exit', () => {
    for (const w of waiting.values()) w.reject(new Error(`the ${mode} server exited: ${stderr.slice(-800)}`));
    waiting.clear();
  });
  return {
    mode,
    url,
    child,
    call: <T>(req: BenchCall) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...req, id });
      }),
  };
}

const children = new Set<ChildProcess>();

/** The card flow a member clicks through, as Action.Submit values. */
function cardValue(step: number, conversation: number): Record<string, unknown> {
  switch (step % 4) {
    case 0:
      return { verb: 'menu.faq' };
    case 1:
      return { verb: 'faq.ask', question: QUESTIONS[(conversation + step) % QUESTIONS.length] };
    case 2:
      return { verb: 'menu.cases' };
    default:
      return { verb: 'menu.main' };
  }
}

interface Phase {
  turns: number;
  p50: number;
  p95: number;
  perSecond: number;
  cpuMsPerTurn: number;
  commandsPerTurn: number;
  byName: Record<string, number>;
}

let phaseCounter = 0;

async function runPhase(server: Server, sink: ReplySink, kind: Kind, conversations: number, turns: number): Promise<Phase> {
  const tag = `${server.mode}-${kind}-${++phaseCounter}`;
  const ids = Array.from({ length: conversations }, (_, i) => ({ conversation: `bench-${tag}-${i}`, user: `bench-user-${tag}-${i}` }));
  // Joining creates the member and sends the welcome: part of the setup, not timed.
  await Promise.all(ids.map((c) => postTurn(server.url, sink, c.conversation, c.user, { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, { id: c.user }] })));
  const before = await server.call<Sample>({ op: 'sample' });
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    ids.map(async (c, i) => {
      for (let t = 0; t < turns; t++) {
        const fields = kind === 'faq' ? { type: 'message', text: QUESTIONS[(i + t) % QUESTIONS.length] } : { type: 'message', value: cardValue(t, i) };
        const { ms, replies } = await postTurn(server.url, sink, c.conversation, c.user, fields);
        if (replies.some((r) => typeof r.activity.text === 'string' && r.activity.text.startsWith(TURN_ERROR_MESSAGE))) {
          throw new Error(`the ${server.mode} bot answered ${JSON.stringify(fields)} with its turn error message`);
        }
        latencies.push(ms);
      }
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  const after = await server.call<Sample>({ op: 'sample' });
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  const byName: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byName)) if (v !== (before.byName[k] ?? 0)) byName[k] = (v - (before.byName[k] ?? 0)) / n;
  return {
    turns: n,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    perSecond: n / wallS,
    cpuMsPerTurn: (after.cpuUs - before.cpuUs) / 1000 / n,
    commandsPerTurn: (after.commands - before.commands) / n,
    byName,
  };
}

interface Spread {
  min: number;
  median: number;
  max: number;
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: percentile(s, 50), max: s[s.length - 1] };
}

function num(x: number): string {
  if (!Number.isFinite(x)) return '-';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function cell(s: Spread, width: number): string {
  const text = s.min === s.max ? num(s.median) : `${num(s.median)} [${num(s.min)}–${num(s.max)}]`;
  return text.padStart(width);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const roundSpread = (s: Spread): Spread => ({ min: round2(s.min), median: round2(s.median), max: round2(s.max) });

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const loadAtStart = loadavg().map(round2);
  const tmp = await mkdtemp(path.join(tmpdir(), 'cc-bench-compare-'));
  const watchdog = setTimeout(() => {
    console.error('bench-compare: FAILED: the run did not finish within 30 minutes; giving up');
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  }, 30 * 60_000);
  watchdog.unref();
  let sink: ReplySink | undefined;
  const servers: Server[] = [];
  try {
    sink = await startReplySink();
    const echo = await startServer('echo', path.join(tmp, 'echo'), opts.cpuProf);
    servers.push(echo);
    const app = await startServer('app', path.join(tmp, 'app'), opts.cpuProf);
    servers.push(app);

    // Warm-up: a few turns each, so neither server is timed while its code is still being compiled.
    for (const s of servers) for (const kind of KINDS) await runPhase(s, sink, kind, 2, 4);

    const results = new Map<string, { echo: Phase[]; app: Phase[] }>();
    for (const level of opts.levels) {
      for (let round = 0; round < opts.rounds; round++) {
        const order = round % 2 === 0 ? [echo, app] : [app, echo];
        for (const kind of KINDS) {
          const key = `${level}/${kind}`;
          const entry = results.get(key) ?? { echo: [], app: [] };
          results.set(key, entry);
          for (const s of order) entry[s.mode].push(await runPhase(s, sink, kind, level, opts.turns));
        }
      }
    }
    const filed: FiledCase[] = [];
    for (let i = 0; i < FILED_CASES; i++) filed.push(await app.call<FiledCase>({ op: 'fileCase', index: i }));
    const loadAtEnd = loadavg().map(round2);

    const rows: Record<string, unknown>[] = [];
    const W = 20;
    const header =
      'conv kind ' +
      ['echo p50 ms', 'app p50 ms', 'p50 app/echo', 'app p95/echo p95', 'echo turns/s', 'app turns/s', 'turns/s app/echo', 'echo CPU ms/turn', 'app CPU ms/turn', 'db cmds/turn']
        .map((h) => h.padStart(W))
        .join('');
    const lines = [
      `bench:compare — ${opts.rounds} round(s) x ${opts.turns} turns per conversation; ${process.env.MONGODB_URI ? 'MongoDB at MONGODB_URI' : 'embedded database'}; ` +
        `${cpus().length} CPUs; node ${process.version}; load average ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end`,
      'median over rounds [min–max]; ratios paired within a round',
      header,
    ];
    for (const [key, { echo: e, app: a }] of results) {
      const [level, kind] = key.split('/');
      const pair = (f: (x: Phase, y: Phase) => number): Spread => spread(a.map((x, i) => f(x, e[i])));
      const row = {
        conversations: Number(level),
        kind,
        echoP50Ms: spread(e.map((p) => p.p50)),
        appP50Ms: spread(a.map((p) => p.p50)),
        p50Ratio: pair((x, y) => x.p50 / y.p50),
        p95Ratio: pair((x, y) => x.p95 / y.p95),
        echoTurnsPerS: spread(e.map((p) => p.perSecond)),
        appTurnsPerS: spread(a.map((p) => p.perSecond)),
        throughputRatio: pair((x, y) => x.perSecond / y.perSecond),
        echoCpuMsPerTurn: spread(e.map((p) => p.cpuMsPerTurn)),
        appCpuMsPerTurn: spread(a.map((p) => p.cpuMsPerTurn)),
        dbCommandsPerTurn: spread(a.map((p) => p.commandsPerTurn)),
      };
      lines.push(
        `${String(level).padStart(4)} ${kind.padEnd(5)}` +
          [row.echoP50Ms, row.appP50Ms, row.p50Ratio, row.p95Ratio, row.echoTurnsPerS, row.appTurnsPerS, row.throughputRatio, row.echoCpuMsPerTurn, row.appCpuMsPerTurn, row.dbCommandsPerTurn]
            .map((s) => cell(s, W))
            .join(''),
      );
      // Which commands a turn sends, from the quietest (fewest conversations) phase.
      const names = a[0].byName;
      lines.push(`          db commands per ${kind} turn: ${Object.entries(names).map(([k, v]) => `${k} ${num(v)}`).join(', ') || 'none'}`);
      rows.push({ ...row, ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'object' ? roundSpread(v) : v])), commandsByName: names });
    }
    const filing = { ms: spread(filed.map((f) => f.ms)), commands: spread(filed.map((f) => f.commands)), byName: filed[filed.length - 1].byName };
    lines.push(
      `filing a case (app.services, after email confirmation): ${cell(filing.ms, 0).trim()} ms, ${cell(filing.commands, 0).trim()} db commands ` +
        `(${Object.entries(filing.byName).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    );
    console.log(lines.join('\n'));
    console.log(
      JSON.stringify({ bench: 'compare', levels: opts.levels, rounds: opts.rounds, turns: opts.turns, cpus: cpus().length, node: process.version, loadAtStart, loadAtEnd, rows, filing: { ...filing, ms: roundSpread(filing.ms) } }),
    );
    return 0;
  } finally {
    for (const s of servers) {
      const exited = new Promise<void>((resolve) => (s.child.exitCode !== null ? resolve() : s.child.once('exit', () => resolve())));
      await s.call({ op: 'stop' }).then(() => exited).catch((err: unknown) => {
        console.error(`bench-compare: the ${s.mode} server did not stop cleanly: ${(err as Error).message}`);
        s.child.kill('SIGKILL');
      });
    }
    await sink?.close();
    await rm(tmp, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    for (const c of children) c.kill('SIGKILL');
    console.error(`bench-compare: FAILED: ${err instanceof UsageError ? err.message : ((err as Error).stack ?? String(err))}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

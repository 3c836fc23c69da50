// `npm run bench:faq`: accuracy and latency of the FAQ matcher on test/faq/labelled-questions.json.
// Top-1: the answer, or the first suggestion of a close call, has the expected faq and status.
// False answers: off-topic questions that got an answer (suggestions are counted separately).
// Latency: every question asked once on each of many fresh instances; median and p99 per query.
// `--verbose` lists the misses.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cpus, loadavg } from 'node:os';
import { createFaq, type FaqResult } from '../src/faq/index.js';
import { LABELLED, type LabelledQuestion } from '../test/faq/labelled-set.js';

const verbose = process.argv.includes('--verbose');
const faq = createFaq();

function top(r: FaqResult): { faq: number | null; status: string | null } | null {
  if (r.kind === 'answer') return r.match;
  if (r.kind === 'suggest') return r.suggestions[0];
  return null;
}

function report(label: string, set: readonly LabelledQuestion[]): void {
  const onTopic = set.filter((x) => x.faq !== null);
  const offTopic = set.filter((x) => x.faq === null);
  let top1 = 0;
  let answeredRight = 0;
  let suggested = 0;
  for (const x of onTopic) {
    const r = faq.ask(x.q);
    const t = top(r);
    const ok = t !== null && t.faq === x.faq && t.status === x.status;
    if (ok) top1++;
    if (ok && r.kind === 'answer') answeredRight++;
    if (r.kind === 'suggest') suggested++;
    if (!ok && verbose) console.log(`  miss [${x.split}] "${x.q}" want ${x.faq}/${x.status} got ${r.kind} ${t ? `${t.faq}/${t.status}` : ''}`);
  }
  let falseAnswers = 0;
  let offSuggested = 0;
  for (const x of offTopic) {
    const r = faq.ask(x.q);
    if (r.kind === 'answer') falseAnswers++;
    if (r.kind === 'suggest') offSuggested++;
    if (r.kind !== 'unknown' && verbose) console.log(`  off-topic [${x.split}] "${x.q}" got ${r.kind} ${JSON.stringify(top(r))}`);
  }
  const pct = (n: number, d: number): string => `${d === 0 ? '-' : ((100 * n) / d).toFixed(1)} %`;
  console.log(
    `${label.padEnd(8)} on-topic ${onTopic.length}: top-1 ${pct(top1, onTopic.length)} (answered outright ${pct(answeredRight, onTopic.length)}, close calls ${suggested}); ` +
      `off-topic ${offTopic.length}: false answers ${pct(falseAnswers, offTopic.length)} (${falseAnswers}), suggested ${offSuggested}`,
  );
}

report('dev', LABELLED.filter((x) => x.split === 'dev'));
report('holdout', LABELLED.filter((x) => x.split === 'holdout'));
report('all', LABELLED);

const buildStart = performance.now();
createFaq();
const buildMs = performance.now() - buildStart;

// Each repetition uses a fresh instance (built untimed), so every question is asked cold at least
// once per instance: typo corrections are cached per instance and must not flatter the figures.
// The garbage of building each instance is collected before timing starts, as in production
// where the index is built once at start-up. Wall-clock time is what a user waits for; CPU time
// (process-wide) shows the cost without the machine's scheduling noise, whose floor is measured
// with a busy loop of about the median query's length.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const repetitions = 60;
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < repetitions; i++) {
  const fresh = createFaq();
  gc();
  for (const x of LABELLED) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fresh.ask(x.q);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
}
const floor: number[] = [];
let sink = 0;
for (let i = 0; i < wall.length; i++) {
  const t0 = performance.now();
  for (let k = 0; k < 15_000; k++) sink += Math.sqrt(k);
  floor.push(performance.now() - t0);
}
const q = (xs: number[], p: number): string => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(3);
};
console.log(
  `latency  ${wall.length} queries (${LABELLED.length} questions × ${repetitions} fresh instances): ` +
    `median ${q(wall, 0.5)} ms, p99 ${q(wall, 0.99)} ms wall-clock; CPU median ${q(cpu, 0.5)} ms, p99 ${q(cpu, 0.99)} ms; index build ${buildMs.toFixed(1)} ms`,
);
// Printing the sum keeps the busy loop from being optimised away.
console.log(
  `machine  ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}; scheduling noise floor: a ${q(floor, 0.5)} ms busy loop has p99 ${q(floor, 0.99)} ms (sum ${sink.toExponential(2)})`,
);

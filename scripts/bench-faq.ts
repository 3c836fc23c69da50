// `npm run bench:faq`: the FAQ matcher on the labelled splits (test/faq): top-1, off-topic answered,
// a confusion table, latency and start-up.
// Top-1: the answer, or the first suggestion of a close call, is the expected entry.
// Off-topic answered: off-topic questions that got an answer (suggestions are counted apart).
// `--verbose` lists the misses; `--sweep` prints the dev split's trade-off over the thresholds
// (how THRESHOLDS in src/faq/create-faq.ts was chosen).
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { createFaq, type Faq, type FaqResult } from '../src/faq/index.js';
import knowledgeBaseData from '../src/faq/knowledge-base.json' with { type: 'json' };
import { DEV, TEST, type LabelledQuestion } from '../test/faq/labelled-set.js';

const verbose = process.argv.includes('--verbose');

// Start-up: the first build pays for loading the data and the dictionary; later builds only train.
const t0 = performance.now();
const c0 = process.cpuUsage();
const faq = createFaq();
const firstBuildCpu = process.cpuUsage(c0);
const firstBuildMs = performance.now() - t0;

function top(r: FaqResult): string | null {
  if (r.kind === 'answer') return r.match.id;
  if (r.kind === 'suggest') return r.suggestions[0].id;
  return null;
}

interface Figures {
  onTopic: number;
  top1: number;
  answeredRight: number;
  wrongAnswers: number;
  offTopic: number;
  offAnswered: number;
  offSuggested: number;
}

function measure(f: Faq, set: readonly LabelledQuestion[], log = false): { figures: Figures; confusion: Map<string, Map<string, number>> } {
  const figures: Figures = { onTopic: 0, top1: 0, answeredRight: 0, wrongAnswers: 0, offTopic: 0, offAnswered: 0, offSuggested: 0 };
  const confusion = new Map<string, Map<string, number>>();
  for (const x of set) {
    const r = f.ask(x.q);
    const got = top(r);
    const row = x.entry ?? 'off-topic';
    const col = r.kind === 'unknown' ? 'unknown' : `${got}${r.kind === 'suggest' ? '?' : ''}`;
    const counts = confusion.get(row) ?? new Map<string, number>();
    counts.set(col, (counts.get(col) ?? 0) + 1);
    confusion.set(row, counts);
    if (x.entry === null) {
      figures.offTopic++;
      if (r.kind === 'answer') figures.offAnswered++;
      if (r.kind === 'suggest') figures.offSuggested++;
      if (log && r.kind !== 'unknown') console.log(`  off-topic "${x.q}" → ${col}`);
    } else {
      figures.onTopic++;
      if (got === x.entry) figures.top1++;
      if (got === x.entry && r.kind === 'answer') figures.answeredRight++;
      if (got !== x.entry && r.kind === 'answer') figures.wrongAnswers++;
      if (log && got !== x.entry) console.log(`  miss "${x.q}" want ${x.entry} → ${col}`);
    }
  }
  return { figures, confusion };
}

const pct = (n: number, d: number): string => `${d === 0 ? '-' : ((100 * n) / d).toFixed(1)} %`;

function report(label: string, set: readonly LabelledQuestion[]): void {
  const { figures: m, confusion } = measure(faq, set, verbose);
  console.log(
    `${label}: on-topic ${m.onTopic}: top-1 ${pct(m.top1, m.onTopic)} (${m.top1}; answered right ${pct(m.answeredRight, m.onTopic)}, wrong answers ${m.wrongAnswers}); ` +
      `off-topic ${m.offTopic}: answered ${pct(m.offAnswered, m.offTopic)} (${m.offAnswered}), suggested ${pct(m.offSuggested, m.offTopic)} (${m.offSuggested})`,
  );
  // Rows: expected entry; columns: what came back ("x?" = a close call led by x).
  console.log(`  confusion (${label}; "id?" = suggestions led by id):`);
  for (const [row, counts] of [...confusion].sort((a, b) => a[0].localeCompare(b[0]))) {
    const cells = [...counts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c === row ? '✓' : c} ${n}`);
    console.log(`    ${row.padEnd(28)} ${cells.join(', ')}`);
  }
}

if (process.argv.includes('--sweep')) {
  console.log('dev sweep: answer / suggest thresholds → top-1, off-topic answered, off-topic suggested');
  for (const answer of [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]) {
    for (const suggest of [0.2, 0.25, 0.3, 0.35, 0.4]) {
      const { figures: m } = measure(createFaq({ thresholds: { answer, suggest, alsoSuggest: 0.08 } }), DEV);
      console.log(`  answer ${answer} suggest ${suggest}: top-1 ${pct(m.top1, m.onTopic)}, answered right ${pct(m.answeredRight, m.onTopic)}, off answered ${m.offAnswered}, off suggested ${m.offSuggested}`);
    }
  }
}

report('dev', DEV);
report('test', TEST);

// A retrain (what accepting a learned question costs): the same data, not the process-wide cache.
const b0 = performance.now();
createFaq({ knowledgeBase: knowledgeBaseData });
const rebuildMs = performance.now() - b0;

// Every question of both splits, asked on a freshly trained instance each round (typo corrections
// are cached per model and must not flatter the figures). Wall-clock is what a user waits for; CPU
// time shows the cost without the shared machine's scheduling noise.
const all = [...DEV, ...TEST];
const rounds = 3;
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < rounds; i++) {
  const fresh = createFaq({ knowledgeBase: knowledgeBaseData });
  for (const x of all) {
    const c0 = process.cpuUsage();
    const s = performance.now();
    fresh.ask(x.q);
    wall.push(performance.now() - s);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
}
const q = (xs: number[], p: number): string => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(3);
};
console.log(
  `latency: ${wall.length} questions: wall-clock p50 ${q(wall, 0.5)} ms, p99 ${q(wall, 0.99)} ms; CPU p50 ${q(cpu, 0.5)} ms, p99 ${q(cpu, 0.99)} ms\n` +
    `start-up: first createFaq ${firstBuildMs.toFixed(0)} ms wall-clock, ${((firstBuildCpu.user + firstBuildCpu.system) / 1000).toFixed(0)} ms CPU (data, dictionary, training), a retrain ${rebuildMs.toFixed(0)} ms; model ${JSON.stringify(faq.stats())}`,
);
console.log(`machine: ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}`);

// `npm run bench:faq`: accuracy and latency of the FAQ matcher on test/faq/labelled-questions.json.
// Top-1: the answer, or the first suggestion of a close call, has the expected faq and status.
// False answers: off-topic questions that got an answer (suggestions are counted separately).
// Latency: every question asked many times after a warm-up; median and p99 per query.
// `--verbose` lists the misses.
import { performance } from 'node:perf_hooks';
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

const repetitions = 200;
for (const x of LABELLED) faq.ask(x.q); // warm-up
const times: number[] = [];
for (let i = 0; i < repetitions; i++) {
  for (const x of LABELLED) {
    const t0 = performance.now();
    faq.ask(x.q);
    times.push(performance.now() - t0);
  }
}
times.sort((a, b) => a - b);
const at = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(
  `latency  ${times.length} queries (${LABELLED.length} questions × ${repetitions}): median ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms; index build ${buildMs.toFixed(1)} ms`,
);

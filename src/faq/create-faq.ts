// The FAQ: the learned matcher (matcher.ts) plus calibrated thresholds that turn its
// probabilities into an answer, "did you mean" suggestions, or "I don't know".
import { englishWords } from './english-words.js';
import { DEFAULT_KNOWLEDGE_BASE, fillTemplate, parseKnowledgeBase, type KnowledgeEntry, type Names } from './knowledge-base.js';
import { trainMatcher, type LearnedQuestion, type Matcher, type Ranking } from './matcher.js';
import { createNormaliser } from './normalise.js';
import type { Faq, FaqMatch, FaqOptions, FaqResult } from './types.js';

/**
 * Decision thresholds on the best entry's probability, calibrated on the dev split
 * (`npm run bench:faq -- --sweep` prints the trade-off): answer at or above `answer`; between
 * `suggest` and `answer` offer the best two or three entries whose probabilities are at least
 * `alsoSuggest`; below `suggest`, decline.
 */
export const THRESHOLDS = { answer: 0.7, suggest: 0.35, alsoSuggest: 0.08 } as const;

export type Thresholds = { answer: number; suggest: number; alsoSuggest: number };

const DEFAULT_NAMES: Names = { platform: 'Alibaba.com', partner: 'AliExpress' };
// The knowledge base's questions are written with the default names; a configured name is
// recognised alongside them.
const DEFAULT_PLATFORM_NAMES = ['Alibaba.com', 'Alibaba'];
const DEFAULT_PARTNER_NAMES = ['AliExpress'];
// Beyond this many characters a question is a story; its words are all kept up to here.
const MAX_QUESTION_CHARS = 2_000;

const defaultMatchers = new Map<string, Matcher>();

export function createFaq(opts: FaqOptions = {}): Faq {
  const names: Names = { platform: opts.platform ?? DEFAULT_NAMES.platform, partner: opts.partner ?? DEFAULT_NAMES.partner };
  const kb = opts.knowledgeBase === undefined ? DEFAULT_KNOWLEDGE_BASE : parseKnowledgeBase(opts.knowledgeBase);
  const thresholds: Thresholds = opts.thresholds ?? THRESHOLDS;
  const normaliser = createNormaliser({
    platformNames: [names.platform, ...DEFAULT_PLATFORM_NAMES, names.platform.replace(/\.[a-z]+$/i, '')],
    partnerNames: [names.partner, ...DEFAULT_PARTNER_NAMES],
    dictionary: englishWords(),
  });
  const byId = new Map(kb.entries.map((e) => [e.id, e]));
  let learned: readonly LearnedQuestion[] = opts.learned ?? [];
  const namesKey = `${names.platform}\u0000${names.partner}`;
  const train = (): Matcher => {
    // The shipped knowledge base with nothing learned trains to the same model every time: built
    // once per process and names (tests and several app instances share it).
    if (opts.knowledgeBase !== undefined || learned.length > 0) return trainMatcher(kb, learned, normaliser);
    let m = defaultMatchers.get(namesKey);
    if (m === undefined) {
      m = trainMatcher(kb, learned, normaliser);
      defaultMatchers.set(namesKey, m);
    }
    return m;
  };
  let matcher: Matcher = train();

  const toMatch = (e: KnowledgeEntry, score: number): FaqMatch => ({
    id: e.id,
    faq: e.faq,
    status: e.status,
    score,
    question: fillTemplate(e.question, names),
    answer: fillTemplate(e.answer, names),
    followUps: [...e.followUps],
  });

  function decide(ranking: Ranking): FaqResult {
    const [best, ...rest] = ranking.entries;
    if (best === undefined || best.p < thresholds.suggest) return { kind: 'unknown' };
    if (best.p >= thresholds.answer) return { kind: 'answer', match: toMatch(byId.get(best.id) as KnowledgeEntry, round(best.p)) };
    const also = rest.filter((r) => r.p >= thresholds.alsoSuggest).slice(0, 2);
    // A close call offers at least two questions; the runner-up fills in when nothing else is near.
    const picked = [best, ...(also.length > 0 ? also : rest.slice(0, 1))];
    return { kind: 'suggest', suggestions: picked.map((r) => toMatch(byId.get(r.id) as KnowledgeEntry, round(r.p))) };
  }

  // A long message often tells a story and asks at the end: the last sentence is ranked on its
  // own too, and the more confident reading wins.
  const rank = (text: string): Ranking => {
    const whole = matcher.rank(text.slice(0, MAX_QUESTION_CHARS));
    const sentences = text.slice(-MAX_QUESTION_CHARS).split(/(?<=[.!?])\s+/).filter((x) => /[\p{L}\p{N}]/u.test(x));
    if (sentences.length < 3) return whole;
    const last = matcher.rank(sentences[sentences.length - 1]);
    return (last.entries[0]?.p ?? 0) > (whole.entries[0]?.p ?? 0) ? last : whole;
  };

  return {
    ask(text) {
      if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'unknown' };
      return decide(rank(text));
    },
    entries: () => kb.entries.map((e) => toMatch(e, 1)),
    explain(text) {
      const n = matcher.normalise(text.slice(0, MAX_QUESTION_CHARS));
      const ranking = rank(text);
      return { words: n.words, stems: n.stems, outOfScope: round(ranking.outOfScope), ranking: ranking.entries.map((r) => ({ id: r.id, p: round(r.p) })) };
    },
    learn(questions) {
      learned = [...questions];
      matcher = train();
    },
    learned: () => learned,
    stats: () => matcher.stats,
  };
}

function round(p: number): number {
  return Math.round(p * 1000) / 1000;
}

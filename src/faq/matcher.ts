// The learned matcher: a TF-IDF vectoriser and logistic-regression classifiers fitted on the
// knowledge base's questions (one class per entry) and its out-of-scope questions. Two views are
// averaged: one classifier over the entries plus an out-of-scope class, and the product of an
// in-scope/out-of-scope classifier with a classifier over the entries alone. The second pools
// every entry's questions against the out-of-scope ones, which tells near misses apart better;
// the first ranks entries better. `rank` gives every entry's probability for a question.
import { DEFAULT_TRAINING, trainClassifier, type TrainOptions } from './classifier.js';
import { DEFAULT_FEATURES, fitVectoriser, type FeatureOptions } from './features.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { Normaliser } from './normalise.js';

/** A question learned from use (an accepted pick), added to an entry's training questions. */
export interface LearnedQuestion {
  entryId: string;
  question: string;
}

export interface Ranking {
  /** Entry ids with probabilities, best first (the out-of-scope class excluded). */
  entries: { id: string; p: number }[];
  /** Probability of the out-of-scope class. */
  outOfScope: number;
}

export interface Matcher {
  rank(text: string): Ranking;
  /** The normaliser the model was trained with (its typo corrector knows the training words). */
  normalise: Normaliser['normalise'];
  /** Number of training questions and of features, for diagnostics. */
  readonly stats: { examples: number; features: number };
}

export interface MatcherOptions {
  features?: FeatureOptions;
  training?: TrainOptions;
}

export function trainMatcher(
  kb: KnowledgeBase,
  learned: readonly LearnedQuestion[],
  normaliser: Normaliser,
  opts: MatcherOptions = {},
): Matcher {
  const ids = kb.entries.map((e) => e.id);
  const outOfScopeClass = ids.length;
  const texts: string[] = [];
  const labels: number[] = [];
  kb.entries.forEach((e, c) => {
    for (const q of [e.question, ...e.questions]) {
      texts.push(q);
      labels.push(c);
    }
  });
  for (const l of learned) {
    const c = ids.indexOf(l.entryId);
    // An accepted question for an entry that has since left the knowledge base teaches nothing.
    if (c < 0) continue;
    texts.push(l.question);
    labels.push(c);
  }
  for (const q of kb.outOfScope) {
    texts.push(q);
    labels.push(outOfScopeClass);
  }

  normaliser.setVocabulary(texts);
  const docs = texts.map((t) => normaliser.normalise(t));
  const vectoriser = fitVectoriser(docs, opts.features ?? DEFAULT_FEATURES);
  const xs = docs.map((d) => vectoriser.vector(d));
  const training = opts.training ?? DEFAULT_TRAINING;
  const full = trainClassifier(xs, labels, ids.length + 1, vectoriser.size, training);
  const scope = trainClassifier(xs, labels.map((y) => (y === outOfScopeClass ? 1 : 0)), 2, vectoriser.size, training);
  const inScope = labels.flatMap((y, i) => (y === outOfScopeClass ? [] : [i]));
  const entries = trainClassifier(
    inScope.map((i) => xs[i]),
    inScope.map((i) => labels[i]),
    ids.length,
    vectoriser.size,
    { ...training, lastClassWeight: 1 },
  );

  return {
    stats: { examples: texts.length, features: vectoriser.size },
    normalise: (text) => normaliser.normalise(text),
    rank(text) {
      const x = vectoriser.vector(normaliser.normalise(text));
      const pf = full.probabilities(x);
      const ps = scope.probabilities(x);
      const pe = entries.probabilities(x);
      const ranked = ids
        .map((id, c) => ({ id, c, p: (pf[c] + ps[0] * pe[c]) / 2 }))
        .sort((a, b) => b.p - a.p || a.c - b.c)
        .map(({ id, p }) => ({ id, p }));
      return { entries: ranked, outOfScope: (pf[outOfScopeClass] + ps[1]) / 2 };
    },
  };
}

// The labelled FAQ questions, typed, for the tests and the benchmark. The training questions live in
// the knowledge base (src/faq/knowledge-base.json); these splits are kept out of it:
// - dev: one labelled question in five (by a hash of its text), used to tune the thresholds;
// - test: written by an engineer who never saw the matcher, measured once the matcher was final.
import dev from './dev-questions.json' with { type: 'json' };
import test from './test-questions.json' with { type: 'json' };

export interface LabelledQuestion {
  q: string;
  /** Expected entry id; null = off-topic, must not be answered. */
  entry: string | null;
  tags: string[];
}

export const DEV: readonly LabelledQuestion[] = dev.questions.map((x) => ({ q: x.q, entry: x.entry, tags: x.tags }));
export const TEST: readonly LabelledQuestion[] = test.questions.map((x) => ({ q: x.q, entry: x.entry, tags: x.tags }));

// The labelled FAQ questions, typed, for the tests and the benchmark.
import data from './labelled-questions.json' with { type: 'json' };

export interface LabelledQuestion {
  q: string;
  /** Expected source question number; null = off-topic, must not be answered. */
  faq: number | null;
  /** Expected status label for status-definition questions. */
  status: string | null;
  /** "dev" calibrated the matcher; "holdout" was only measured. */
  split: 'dev' | 'holdout';
  tags: string[];
}

export const LABELLED: readonly LabelledQuestion[] = data.questions.map((x) => ({
  q: x.q,
  faq: x.faq,
  status: x.status,
  split: x.split === 'holdout' ? 'holdout' : 'dev',
  tags: x.tags,
}));

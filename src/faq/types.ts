// Public types of the FAQ: what the chat layer receives from `ask` and `entries`.
import type { Thresholds } from './create-faq.js';
import type { LearnedQuestion } from './matcher.js';

/** A follow-up the chat offers under an answer; the card maps each to a menu verb. */
export type FollowUp = 'file_complaint' | 'respond' | 'my_cases' | 'talk_to_person';

export interface FaqMatch {
  /** Stable entry id, e.g. "submit-complaint", "status-processing". */
  id: string;
  /** Source question number 1–7 (status definitions are question 7); null only for no match. */
  faq: number | null;
  /** Exact status label when the entry defines one status, else null. */
  status: string | null;
  /** Confidence 0..1 of this entry for the question asked (1 for `entries()`). */
  score: number;
  /** The entry's question, with platform/partner filled in; also the text of a suggestion button. */
  question: string;
  /** The answer in the bot's words (light markdown: paragraphs, numbered and dashed lists, **bold**). */
  answer: string;
  followUps: FollowUp[];
}

export type FaqResult =
  | { kind: 'answer'; match: FaqMatch }
  | { kind: 'suggest'; suggestions: FaqMatch[] /* 2–3, best first */ }
  | { kind: 'unknown' };

export interface FaqOptions {
  /** Platform name shown in answers and recognised in questions (default "Alibaba.com"). */
  platform?: string;
  /** Partner retail site (default "AliExpress"). */
  partner?: string;
  /** Knowledge-base data (the shape of knowledge-base.json); default: knowledge-base.json. Checked with zod. */
  knowledgeBase?: unknown;
  /** Questions learned from use (accepted picks), trained alongside the knowledge base's own. */
  learned?: readonly LearnedQuestion[];
  /** Decision thresholds (default THRESHOLDS, calibrated on the dev split); for calibration only. */
  thresholds?: Thresholds;
}

export interface Faq {
  ask(text: string): FaqResult;
  /** Every entry, in knowledge-base order, with score 1. */
  entries(): FaqMatch[];
  /** Diagnostics: the question's tokens and every entry's probability (for tuning, not for chat). */
  explain(text: string): FaqExplanation;
  /** Retrains with these learned questions (replacing the previous ones); synchronous, a few hundred ms. */
  learn(questions: readonly LearnedQuestion[]): void;
  /** The learned questions the matcher was last trained with. */
  learned(): readonly LearnedQuestion[];
  /** Size of the trained model. */
  stats(): { examples: number; features: number };
}

export interface FaqExplanation {
  /** The question's words after normalisation (contractions, typos) and their stems. */
  words: string[];
  stems: string[];
  /** Probability that the question is out of scope. */
  outOfScope: number;
  /** Every entry's probability, best first. */
  ranking: { id: string; p: number }[];
}

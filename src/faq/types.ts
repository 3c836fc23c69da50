// Public types of the FAQ: what the chat layer receives from `ask` and `entries`.

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
}

export interface Faq {
  ask(text: string): FaqResult;
  /** Every entry, in knowledge-base order, with score 1. */
  entries(): FaqMatch[];
  /** Diagnostics: the question's concept tokens and how each entry scored (for tuning, not for chat). */
  explain(text: string): FaqExplanation;
}

export interface FaqExplanation {
  terms: string[];
  /** Share of the question's weight made of known Complaint Center vocabulary (the off-topic guard). */
  domainShare: number;
  /** Entries by rank; `passes` = required concepts present and enough coverage. */
  candidates: { id: string; coverage: number; rank: number; passes: boolean }[];
}

// The FAQ matcher. Two stages: minisearch ranks the entries by BM25 over concept tokens of their
// question, alternative phrasings and keywords; then a guard accepts an entry only if the
// question touches its required concepts and most of the question's distinctive vocabulary
// (IDF-weighted) belongs to that entry. Off-topic questions fail the guard and get "unknown".
import MiniSearch from 'minisearch';
import { fillTemplate, KNOWLEDGE_BASE, type KnowledgeEntry, type Names } from './knowledge-base.js';
import { COMMON_WORDS } from './common-words.js';
import { createNormaliser } from './normalise.js';
import { FOREIGN_TOPICS } from './lexicon.js';
import { stem } from './stem.js';
import { englishWords } from './english-words.js';
import { statusAskedAbout } from './status-question.js';
import type { Faq, FaqExplanation, FaqMatch, FaqOptions, FaqResult } from './types.js';

/** Tuning of the guard, calibrated on test/faq/labelled-questions.json. */
export const THRESHOLDS = {
  /** Minimum share of the question's weight made of Complaint Center vocabulary (any entry). */
  domain: 0.6,
  /** Minimum share of the question's IDF weight that the entry's own vocabulary covers. */
  entry: 0.35,
  /** A runner-up ranked within this ratio of the best (another question) makes it a close call. */
  close: 0.85,
  /** In a close call, entries ranked within this ratio of the best are suggested too (3 at most). */
  suggestWithin: 0.68,
} as const;

interface Indexed {
  entry: KnowledgeEntry;
  vocabulary: ReadonlySet<string>;
}

interface Candidate {
  indexed: Indexed;
  coverage: number;
  rank: number;
  passes: boolean;
}

interface Analysis {
  terms: string[];
  /** Share of the question's weight that a vocabulary covers. */
  share: (vocabulary: ReadonlySet<string>) => number;
  domainShare: number;
  /** The question asks for a technique ("how do I …", "how to …"). */
  howTo: boolean;
  /** The question asks what something is ("what is …"). */
  definition: boolean;
}

interface Doc {
  id: string;
  question: string;
  phrasings: string;
  keywords: string;
}

export function createFaq(opts: FaqOptions = {}): Faq {
  const names: Names = { platform: opts.platform ?? 'Alibaba.com', partner: opts.partner ?? 'AliExpress' };
  const normaliser = createNormaliser({
    platformNames: withoutTld(names.platform),
    partnerNames: withoutTld(names.partner),
    vocabulary: KNOWLEDGE_BASE.flatMap((e) => [e.question, ...e.phrasings, e.keywords]),
    dictionary: englishWords(),
  });

  const docs: Doc[] = KNOWLEDGE_BASE.map((e) => ({
    id: e.id,
    question: normaliser.tokens(e.question).join(' '),
    phrasings: e.phrasings.map((p) => normaliser.tokens(p).join(' ')).join(' '),
    keywords: normaliser.tokens(e.keywords).join(' '),
  }));
  const index = new MiniSearch<Doc>({
    fields: ['question', 'phrasings', 'keywords'],
    // Texts are already concept tokens: split on spaces, nothing more.
    tokenize: (text) => text.split(' ').filter((t) => t !== ''),
    processTerm: (term) => term,
    // Low length normalisation (b): entries with many phrasings are not less relevant for it.
    searchOptions: {
      boost: { question: 2, phrasings: 1, keywords: 1 },
      combineWith: 'or',
      bm25: { k: 1.2, b: 0.3, d: 0.5 },
    },
  });
  index.addAll(docs);

  const indexed = new Map<string, Indexed>(
    KNOWLEDGE_BASE.map((entry, i) => {
      const d = docs[i];
      const vocabulary = new Set(`${d.question} ${d.phrasings} ${d.keywords}`.split(' ').filter((t) => t !== ''));
      return [entry.id, { entry, vocabulary }];
    }),
  );
  const idf = inverseDocumentFrequency([...indexed.values()].map((x) => x.vocabulary));
  // Words the knowledge base never uses weigh like the rarest known words when they are known
  // everyday off-topic words ("password", "weather"), and less when merely unfamiliar ("formal"):
  // heavy enough that "reset my password" stays off-topic, light enough that one stray word
  // doesn't sink a real question.
  const commonWords = new Set([...COMMON_WORDS, ...COMMON_WORDS.map(stem)]);
  const unknownWeight = (t: string): number => (commonWords.has(t) ? 2 : 1.25);

  const toMatch = (entry: KnowledgeEntry, score: number): FaqMatch => ({
    id: entry.id,
    faq: entry.faq,
    status: entry.status,
    score: Math.round(score * 1000) / 1000,
    question: fillTemplate(entry.question, names),
    answer: fillTemplate(entry.answer, names),
    followUps: [...entry.followUps],
  });

  // "help me fix my password problem", "file a police report for a stolen phone": an everyday
  // off-topic word ("password", "phone") and nothing naming a complaint, a trading party or an
  // order: the problem is not a trade dispute. Only the generic entry and filing (question 1,
  // reachable through a mere problem word like "stolen") check this; the others' own
  // vocabulary is specific enough.
  function everydayWithoutTrade(terms: readonly string[]): boolean {
    const everyday = terms.some((t) => !idf.has(t) && commonWords.has(t));
    return everyday && !terms.some((t) => TRADE_CONCEPTS.has(t));
  }

  // "Can I fill in the form for a business visa?": a form or a type with an everyday word, and
  // neither a complaint nor a problem named, is some other form.
  function otherForm(entry: KnowledgeEntry, terms: readonly string[]): boolean {
    if (entry.faq !== 1 || terms.includes('complaint') || terms.includes('defect')) return false;
    return terms.some((t) => !idf.has(t) && commonWords.has(t));
  }

  // "Can Alibaba help me with logistics?": help with something the knowledge base never names, and
  // no problem, party or order in sight: not the trade dispute question 4 is about.
  function helpWithSomethingElse(terms: readonly string[]): boolean {
    // "help me translate a message to my supplier": messages, with no complaint or problem.
    const trouble = terms.some((t) => t === 'complaint' || TROUBLE_CONCEPTS.has(t));
    if (!trouble && MESSAGES.some((c) => terms.includes(c))) return true;
    const foreign = terms.some((t) => !idf.has(t) && !MARKERS.has(t));
    // Legal words alone don't make a trade dispute ("legal help for a contract I'm writing").
    return foreign && !terms.some((t) => TRADE_CONCEPTS.has(t) || (TROUBLE_CONCEPTS.has(t) && t !== 'legal'));
  }

  // Any known word counts at least 1 here: common domain words ("complaint") have a tiny IDF
  // between entries, yet they are exactly what makes a question on-topic.
  function domainShareOf(terms: readonly string[]): number {
    let known = 0;
    let total = 0;
    for (const t of terms) {
      const w = idf.get(t);
      if (w === undefined) total += unknownWeight(t);
      else {
        known += Math.max(1, w);
        total += Math.max(1, w);
      }
    }
    return total === 0 ? 0 : known / total;
  }

  // The question as concepts, with the weight shares the guard needs.
  function analyse(text: string): Analysis {
    const terms = [...new Set(normaliser.tokens(clip(text)))];
    // Markers steer the rules below; they are not vocabulary and weigh nothing.
    const words = terms.filter((t) => !MARKERS.has(t));
    const weight = (t: string): number => idf.get(t) ?? unknownWeight(t);
    const total = words.reduce((s, t) => s + weight(t), 0) || 1;
    const share = (vocabulary: ReadonlySet<string>): number =>
      words.reduce((s, t) => s + (vocabulary.has(t) ? weight(t) : 0), 0) / total;
    return { terms, share, domainShare: domainShareOf(words), howTo: HOW_TO.test(text), definition: DEFINITION.test(text) };
  }

  // Stage 1 ranks by BM25 × coverage; stage 2 marks the entries whose guard passes.
  function rankEntries({ terms, share, howTo, definition }: Analysis): Candidate[] {
    const out: Candidate[] = [];
    for (const r of index.search(terms.join(' '))) {
      const x = indexed.get(String(r.id));
      if (!x) continue;
      const coverage = share(x.vocabulary);
      const excluded = x.entry.excludes.some((c) => terms.includes(c));
      const passes =
        satisfies(x.entry.requires, terms) &&
        !excluded &&
        !tradeStatus(x.entry, terms) &&
        !offTaskFiles(x.entry, terms, howTo) &&
        !receivedMyOwn(x.entry, terms, definition) &&
        !otherForm(x.entry, terms) &&
        !((x.entry.generic || x.entry.faq === 1 || x.entry.faq === 3) && everydayWithoutTrade(terms)) &&
        !(x.entry.generic && helpWithSomethingElse(terms)) &&
        coverage >= THRESHOLDS.entry;
      out.push({ indexed: x, coverage, rank: r.score * coverage, passes });
    }
    return out.sort((a, b) => b.rank - a.rank);
  }

  function explain(text: string): FaqExplanation {
    const analysis = analyse(text);
    return {
      terms: analysis.terms,
      domainShare: analysis.domainShare,
      candidates: rankEntries(analysis).map((c) => ({
        id: c.indexed.entry.id,
        coverage: c.coverage,
        rank: c.rank,
        passes: c.passes,
      })),
    };
  }

  // A long message often tells a story and asks in one sentence: unless the whole message gets
  // a clear answer, its questions (sentences ending in "?", last first) and its last sentence
  // are tried on their own, and the first clear answer wins.
  function ask(text: string): FaqResult {
    const whole = askOne(text);
    if (whole.kind === 'answer') return whole;
    // "My phone company overcharged me, where can I complain?": the place named in one clause
    // holds for the question in the next.
    const wholeTerms = analyse(text).terms;
    if (wholeTerms.includes('elsewhere')) return whole;
    // "the promotion ended, what does closed mean": a clause that names no complaint takes its
    // subject from the rest; when the rest is an everyday topic, so is the clause.
    const everydayContext = wholeTerms.some((t) => !idf.has(t) && commonWords.has(t));
    // Sentences, and clauses that start a question after a comma ("…, how do I file a claim").
    const sentences = text
      .split(/(?<=[.!?\n])\s+|[,;:]\s+(?=(?:how|what|where|why|when|who|can|could|should|will|is|do|does)\b)/i)
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (sentences.length < 2) return whole;
    const tries = [...sentences.filter((x) => x.endsWith('?')).reverse(), sentences[sentences.length - 1]];
    let fallback = whole;
    for (const sentence of [...new Set(tries)].slice(0, 4)) {
      // "…, what does that mean?" on its own says too little to be answered without its context.
      const sentenceTerms = analyse(sentence).terms;
      if (sentenceTerms.length < 2) continue;
      if (everydayContext && !sentenceTerms.includes('complaint')) continue;
      const r = askOne(sentence);
      if (r.kind === 'answer') return r;
      if (fallback.kind === 'unknown') fallback = r;
    }
    return fallback;
  }

  function askOne(text: string): FaqResult {
    const label = statusAskedAbout(text.length <= 200 ? text : '');
    const labelled = label && KNOWLEDGE_BASE.find((e) => e.status === label);
    if (labelled) return { kind: 'answer', match: toMatch(labelled, 1) };

    const analysis = analyse(text);
    if (analysis.terms.length === 0 || analysis.domainShare < THRESHOLDS.domain) return { kind: 'unknown' };
    if (analysis.terms.includes('elsewhere')) return { kind: 'unknown' };
    if (!analysis.terms.includes('complaint') && analysis.terms.some((t) => FOREIGN_TOPICS.has(t))) {
      return { kind: 'unknown' };
    }
    const candidates = rankEntries(analysis).filter((c) => c.passes);
    const [top] = candidates;
    if (!top) return { kind: 'unknown' };

    // Entries answering the same source question (e.g. two takes on question 1) don't compete.
    const same = (c: Candidate): boolean =>
      c.indexed.entry.faq === top.indexed.entry.faq && c.indexed.entry.status === top.indexed.entry.status;
    const rivals = candidates.filter((c) => !same(c));
    const runnerUp = rivals[0];
    const confidence = (c: Candidate): number => Math.min(analysis.domainShare, c.coverage);
    if (runnerUp === undefined || runnerUp.rank < top.rank * THRESHOLDS.close) {
      if (!namesComplaintContext(top.indexed.entry, analysis.terms, text, (t) => idf.has(t))) return { kind: 'unknown' };
      const margin = runnerUp ? 1 - runnerUp.rank / top.rank : 1;
      return { kind: 'answer', match: toMatch(top.indexed.entry, confidence(top) * (0.5 + 0.5 * margin)) };
    }
    // A close call: the best and the runners-up nearly as good, for the user to pick from.
    const suggestions = [top, ...rivals.filter((c) => c.rank >= top.rank * THRESHOLDS.suggestWithin)]
      .slice(0, 3)
      .map((c) => toMatch(c.indexed.entry, confidence(c) * 0.5 * (c.rank / top.rank)));
    return { kind: 'suggest', suggestions };
  }

  // Warm-up at build time: the first questions would otherwise pay for the JIT (about 10 ms).
  for (const q of ['how do I submitt a complant?', "What does 'Case Closed' mean?", 'weather forecast']) ask(q);

  return {
    ask,
    explain,
    entries: () => KNOWLEDGE_BASE.map((e) => toMatch(e, 1)),
  };
}

// Long messages keep their opening and their end, where the question usually is: typo
// correction costs time per unfamiliar word, and a pasted essay must not slow the bot down.
const MAX_WORDS = 60;
function clip(text: string): string {
  const ws = text.slice(0, 4000).split(/\s+/);
  return ws.length <= MAX_WORDS ? ws.join(' ') : [...ws.slice(0, MAX_WORDS / 2), ...ws.slice(-MAX_WORDS / 2)].join(' ');
}

/** Concept tokens that only mark a reading of the sentence (normalise.ts, cues.ts). */
const MARKERS: ReadonlySet<string> = new Set(['ownshop', 'elsewhere', 'mycomplaint']);

const TRADE_CONCEPTS: ReadonlySet<string> = new Set([
  'complaint', 'supplier', 'buyer', 'otherparty', 'party', 'against', 'partner', 'order', 'evidence',
]);

const TROUBLE_CONCEPTS: ReadonlySet<string> = new Set(['problem', 'legal', 'resolve', 'defect', 'refund', 'shipment']);

// "My payment is processing", "why was my order cancelled", "why is my store closed", "my refund
// is processing", "waiting for the other party to sign the contract": a status word about an
// order, a shipment, a product, an account, messages, a refund, a contract or the asker's own shop
// is about that, not about a complaint, unless the question names a complaint too. Likewise "what
// happens after I submit my order" (question 3) is about the order.
// A withdrawal, a payout, a return ("my return request was closed"), a quotation or sample and a
// lawsuit ("the other party in my lawsuit hasn't responded") are such objects too.
// "Why can't I reply to messages from suppliers?" (question 5) is about messages, not a complaint.
const TRADE_OBJECTS = [
  'order', 'shipment', 'account', 'ownshop', 'communication', 'product', 'listing', 'refund', 'contract',
  'withdrawal', 'payout', 'wallet', 'balance', 'return', 'quotation', 'quote', 'rfq', 'sample', 'legal',
];
const MESSAGES = ['communication', 'email'];
function tradeStatus(entry: KnowledgeEntry, terms: readonly string[]): boolean {
  if (terms.includes('complaint')) return false;
  if (entry.faq === 5) return MESSAGES.some((c) => terms.includes(c));
  // "what does pending review mean for my video": a file's status (question 7 only: "after I
  // upload files" is still question 3's news).
  if (entry.faq === 7 && terms.includes('file')) return true;
  return (entry.faq === 7 || entry.faq === 3) && TRADE_OBJECTS.some((c) => terms.includes(c));
}

// "How do I compress a PDF?", "how to zip a folder on Windows", "maximum file size for product
// images": files with nothing tying them to a complaint's evidence are a computer how-to or a
// listing question. "Can I zip the photos?" (may I, here) stays question 6.
const DEFINITION = /^\s*(?:what\s+is|what's|whats|define)\b/i;
const HOW_TO = /\bhow\s+(?:to|do|can|should|would|could)\b/i;
// Files sent by email or in messages ("how do I send large files by email") are not uploads of
// complaint evidence either.
const FILE_ANCHORS = ['complaint', 'evidence', 'upload', 'party', 'otherparty', 'private'];
function offTaskFiles(entry: KnowledgeEntry, terms: readonly string[], howTo: boolean): boolean {
  if (entry.faq !== 6 || terms.includes('complaint') || terms.includes('evidence')) return false;
  if (MESSAGES.some((c) => terms.includes(c))) return true;
  if (FILE_ANCHORS.some((c) => terms.includes(c))) return false;
  if (terms.includes('product') || terms.includes('listing')) return true;
  // "how do I send a bunch of files at once" is still the source's "many files".
  return howTo && !terms.includes('many');
}

// "I got an email saying my complaint is closed": receiving news about my own complaint is not
// receiving a complaint against me (question 2), unless "against" or evidence is named.
// Likewise "What is proof of delivery?" (a definition) and "evidence of shipment from DHL" (a
// carrier's paperwork) name evidence but no complaint.
function receivedMyOwn(entry: KnowledgeEntry, terms: readonly string[], definition: boolean): boolean {
  if (entry.faq !== 2 || terms.includes('against')) return false;
  if (terms.includes('mycomplaint') && !terms.includes('evidence')) return true;
  if (terms.includes('complaint')) return false;
  const words = terms.filter((t) => !MARKERS.has(t));
  // "send the buyer proof of shipment through chat": messages, not a complaint.
  if (MESSAGES.some((c) => terms.includes(c))) return true;
  return terms.includes('courier') || (definition && words.length <= 2);
}

// The generic entries (filing, after submitting, platform help, many files) also read like
// everyday how-tos ("how do I report harassment at school", "can a lawyer help me with a parking
// ticket", "upload photos to Google Drive"). With a word the knowledge base never uses in the
// question, they answer only when it names the complaint context: a complaint (not merely a
// "ticket" or a "report"), a party to the trade, an order, evidence or the platform.
const CONTEXT_GATED = new Set(['submit-complaint', 'after-submitting', 'platform-help', 'many-files']);
const CONTEXT_CONCEPTS = ['supplier', 'buyer', 'otherparty', 'against', 'partner', 'order', 'evidence', 'platform'];
// Pronouns the lexicon keeps and the asker's own devices ("upload from my phone") say nothing
// about the topic; short leftovers are mostly typos ("hav", "pic").
const NEUTRAL_WORDS: ReadonlySet<string> = new Set([
  'them', 'they', 'this', 'that', 'these', 'those', 'same', 'some', 'each', 'both', 'every', 'other',
  'computer', 'phone', 'mobile', 'laptop', 'tablet', 'desktop',
]);
const LOOSE_COMPLAINT = /\b(?:tickets?|report\w*)\b/i;
const COMPLAINT_WORD = /\b(?:complain\w*|disput\w*|claim\w*|cases?|grievances?|objections?|protests?)\b/i;
function namesComplaintContext(
  entry: KnowledgeEntry,
  terms: readonly string[],
  text: string,
  known: (t: string) => boolean,
): boolean {
  if (!CONTEXT_GATED.has(entry.id)) return true;
  const foreign = terms.filter((t) => !MARKERS.has(t) && !known(t) && t.length >= 4 && !NEUTRAL_WORDS.has(t));
  if (foreign.length === 0) return true;
  if (CONTEXT_CONCEPTS.some((c) => terms.includes(c))) return true;
  return terms.includes('complaint') && (COMPLAINT_WORD.test(text) || !LOOSE_COMPLAINT.test(text));
}

function satisfies(requires: readonly (readonly string[])[], terms: readonly string[]): boolean {
  return requires.every((group) => group.some((c) => terms.includes(c)));
}

function inverseDocumentFrequency(vocabularies: readonly ReadonlySet<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const v of vocabularies) for (const t of v) df.set(t, (df.get(t) ?? 0) + 1);
  const n = vocabularies.length;
  return new Map([...df].map(([t, d]) => [t, Math.log(1 + (n - d + 0.5) / (d + 0.5))]));
}

// "Alibaba.com" is also typed as "Alibaba"; recognise both.
function withoutTld(name: string): string[] {
  const bare = name.replace(/\.(com|net|org|co|io)$/i, '');
  return bare === name ? [name] : [name, bare];
}

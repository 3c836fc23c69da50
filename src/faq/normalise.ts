// Text → concept tokens, used alike for knowledge-base texts and for questions: lower-case, strip
// accents and contractions, fix typos against the known vocabulary, fold multi-word phrases and
// synonyms onto concepts, stem what is left, drop function words.
import { COMMON_WORDS } from './common-words.js';
import { PHRASES, STOPWORDS, SYNONYMS } from './lexicon.js';
import { isPartyWord, markAwaiting, sentenceCues } from './cues.js';
import { stem } from './stem.js';
import { createTypoCorrector } from './typo-corrector.js';

export interface NormaliserOptions {
  /** Names users may type for the platform (e.g. "Alibaba.com", "Alibaba"); folded onto "platform". */
  platformNames: readonly string[];
  /** Names of the partner retail site (e.g. "AliExpress"); folded onto "partner". */
  partnerNames: readonly string[];
  /** Extra known words (the knowledge base's own), so they are never "corrected". */
  vocabulary: Iterable<string>;
  /** Everyday English words, left as they are rather than "corrected" into domain words. */
  dictionary?: ReadonlySet<string>;
}

export interface Normaliser {
  /** Concept tokens in text order (duplicates kept: term frequency matters for indexing). */
  tokens(text: string): string[];
}

interface Phrase {
  words: string[];
  stems: string[];
  concepts: readonly string[];
}

const COMPLAINT_WORDS = new Set(SYNONYMS.complaint);
const MAKE_WORDS = new Set(['make', 'made', 'making', 'put', 'putting']);
const TYPE_WORDS = new Set(['type', 'types', 'kind', 'kinds', 'sort', 'sorts', 'category', 'categories']);
const REPORT_WORDS = new Set(['report', 'reports', 'reported', 'reporting']);
const OBJECT_PRONOUNS = new Set(['them', 'him', 'her', 'it', 'they', 'someone', 'somebody', 'company', 'business']);
const TIME_UNITS = new Set([
  'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
]);
const RESPONDED_WORDS = new Set(['responded', 'replied', 'answered', 'responds', 'replies', 'answers', 'reacted']);
const REMOVE_WORDS = new Set(['delete', 'deleted', 'deleting', 'remove', 'removed', 'removing', 'erase']);
const GET_WORDS = new Set(['got', 'get', 'gets', 'getting', 'gotten']);
const ARTICLES = new Set(['a', 'an', 'the', 'new', 'one', 'another']);
const NEWS = new Set(['status', 'respond']);
// After "a complaint with/to", words that name no other body ("with regard to", "to them").
const NOT_A_BODY = new Set([
  'them', 'they', 'regard', 'regards', 'respect', 'reference', 'relation', 'whom', 'us', 'me', 'this', 'that', 'it',
]);

const NON_RECEIPT_NEWS = ['email', 'notify', 'communication'];

// Bodies outside the platform that take complaints (not "agency": the source's own answer sends
// people to their local law enforcement agency).
const OUTSIDE_BODIES = new Set([
  'bureau', 'bbb', 'ombudsman', 'regulator', 'commission', 'council', 'embassy', 'consulate', 'ministry',
  'government', 'airline', 'landlord', 'employer', 'school', 'university', 'hospital',
]);

export function createNormaliser(opts: NormaliserOptions): Normaliser {
  const concepts = new Map<string, string>();
  const stemmedConcepts = new Map<string, string>();
  for (const [concept, words] of Object.entries(SYNONYMS)) {
    for (const w of words) {
      concepts.set(w, concept);
      if (!stemmedConcepts.has(stem(w))) stemmedConcepts.set(stem(w), concept);
    }
  }

  const nameRules = [
    ...opts.platformNames.map((n) => [n, 'platform'] as const),
    ...opts.partnerNames.map((n) => [n, 'partner'] as const),
  ]
    .filter(([n]) => n.trim() !== '')
    .sort((a, b) => b[0].length - a[0].length)
    .map(([name, concept]) => ({ re: new RegExp(`(^|[^a-z0-9])${escapeRe(fold(name))}(?=$|[^a-z0-9])`, 'g'), concept }));

  const phrases: Phrase[] = PHRASES.map(([p, c]) => ({ words: p.split(' '), stems: p.split(' ').map(stem), concepts: c }))
    .sort((a, b) => b.words.length - a.words.length);
  const phrasesByFirst = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const list = phrasesByFirst.get(p.stems[0]) ?? [];
    list.push(p);
    phrasesByFirst.set(p.stems[0], list);
  }

  const vocab = new Set<string>();
  const addVocab = (w: string): void => {
    if (w) vocab.add(w);
  };
  for (const w of concepts.keys()) addVocab(w);
  for (const w of STOPWORDS) addVocab(w);
  for (const w of COMMON_WORDS) addVocab(w);
  for (const p of phrases) p.words.forEach(addVocab);
  for (const w of opts.vocabulary) for (const part of words(w)) addVocab(part);
  const correct = createTypoCorrector(vocab, (w) => concepts.has(w), opts.dictionary);

  function conceptOf(word: string): string | null {
    const direct = concepts.get(word);
    if (direct !== undefined) return direct;
    if (STOPWORDS.has(word)) return null;
    // "30 screenshots": a count above one says "many".
    if (/^\d+$/.test(word)) return Number(word) > 1 && Number(word) < 10_000 ? 'many' : null;
    const s = stem(word);
    const c = stemmedConcepts.get(s);
    if (c !== undefined) return c;
    // Unknown one- and two-letter tokens ("hw", "pm", "2") are noise, not vocabulary.
    return STOPWORDS.has(s) || s.length <= 2 ? null : s;
  }

  function tokens(text: string): string[] {
    let t = ` ${fold(text)} `;
    for (const rule of nameRules) t = t.replace(rule.re, `$1 ${rule.concept} `);
    const ws = words(t).map(correct);
    const stems = ws.map(stem);
    const out = sentenceCues(ws);
    // "my complaint": the asker's own complaint, not one received against them.
    if (ws.some((w, i) => w === 'my' && COMPLAINT_WORDS.has(ws[i + 1] ?? ''))) out.push('mycomplaint');
    if (complaintElsewhere(ws)) out.push('elsewhere');
    for (let i = 0; i < ws.length; ) {
      // Phrases match on stems too: "other partys", "signed in".
      // One-word entries match exactly ("processing" is the status, "process" is not).
      const phrase = (phrasesByFirst.get(stems[i]) ?? []).find(
        (p) => p.stems.every((w, k) => stems[i + k] === w) && (p.words.length > 1 || ws[i] === p.words[0]),
      );
      if (phrase) {
        const after = ws.slice(i + phrase.words.length, i + phrase.words.length + 3).map(conceptOf);
        // "never got the notification email", "haven't received an email": not goods that never
        // came, but news that didn't reach me.
        const news = NON_RECEIPT_NEWS.some((c) => after.includes(c)) && phrase.concepts.includes('defect');
        out.push(...(news ? ['receive'] : phrase.concepts));
        i += phrase.words.length;
        continue;
      }
      const w = ws[i];
      // "file"/"make" are filing verbs before a complaint ("file a claim against…", "make a
      // complaint"); otherwise "file" is a document and "make" says nothing.
      if (w === 'file' || w === 'files' || MAKE_WORDS.has(w)) {
        // One word outside the vocabulary may come between ("file a written complaint"), but not
        // "files to my complaint", where the files are documents.
        const [next, after] = ws.slice(i + 1, i + 5).filter((x) => !STOPWORDS.has(x) || x === 'against');
        const filing = (x: string | undefined): boolean => x !== undefined && (COMPLAINT_WORDS.has(x) || x === 'against');
        if (filing(next) || (next !== undefined && !concepts.has(next) && COMPLAINT_WORDS.has(after))) out.push('submit');
        else if (w === 'file' || w === 'files') out.push('file');
      } else if (REPORT_WORDS.has(w)) {
        // Reporting a seller, a fraud or "them" is a complaint; reporting a bug is not.
        const object = ws.slice(i + 1, i + 5).filter((x) => !ARTICLES.has(x) && x !== 'this' && x !== 'my' && x !== 'our');
        const aboutSomeone = object
          .slice(0, 2)
          .some((x) => isPartyWord(x) || OBJECT_PRONOUNS.has(x) || conceptOf(x) === 'defect');
        out.push(...(aboutSomeone || w === 'reported' ? ['submit', 'complaint'] : ['submit']));
      } else if (REMOVE_WORDS.has(w) && COMPLAINT_WORDS.has(objectOf(ws, i))) {
        // "delete my complaint" is withdrawing it; deleting a file or an account is not.
        out.push('cancel');
      } else if (/^\d+$/.test(w) && TIME_UNITS.has(ws[i + 1] ?? '')) {
        // "3 days ago", "for 2 weeks": how long something took, not how many files.
        i++;
      } else if (RESPONDED_WORDS.has(w) && (isPartyWord(previousWord(ws, i)) || ws[i - 1] === 'been')) {
        // "if the seller responded", "has my complaint been answered": news about the case, not
        // the asker responding.
        out.push('status');
      } else if (GET_WORDS.has(w) && NEWS.has(conceptOf(objectOf(ws, i)) ?? '')) {
        // "get an update", "get a reply": news about the case, not receiving a complaint. (Not "got an
        // email": that is often how a complaint against the asker arrives.)
      } else if (GET_WORDS.has(w) && /ed$/.test(ws[i + 1] ?? '')) {
        // "got resolved", "get cancelled": a passive, not receiving something.
      } else if (TYPE_WORDS.has(w)) {
        // "complaint type" is question 1's vocabulary; "what kind of proof" is just English.
        const near = [...ws.slice(Math.max(0, i - 2), i), ...ws.slice(i + 1, i + 4)];
        if (near.some((x) => COMPLAINT_WORDS.has(x))) out.push('type');
      } else {
        const c = conceptOf(w);
        if (c !== null) out.push(c);
      }
      i++;
    }
    // "submit (my) response" is sending a response, not filing a complaint.
    const sendsResponse = (k: number): boolean =>
      out[k + 1] === 'respond' || (out[k + 1] === 'me' && out[k + 2] === 'respond');
    const sent = out.map((c, k) => (c === 'submit' && sendsResponse(k) ? 'sendresponse' : c));
    // "escalate a problem", "lodge a concern": filing a problem is filing a complaint.
    if (sent.includes('submit') && sent.includes('problem') && !sent.includes('complaint')) sent.push('complaint');
    // "Can you help me get my money back?": in this chat "you" is the platform, but only when the
    // question is about trouble with a trade ("can you help me find a supplier" is not).
    const trouble = ['refund', 'defect', 'problem', 'complaint', 'resolve', 'legal'].some((c) => sent.includes(c));
    if (trouble && !sent.includes('platform') && youHelp(ws)) sent.push('platform');
    // "how many products can I upload": a listing, unless files, evidence or a complaint are named.
    const evidenceWords = ['file', 'evidence', 'complaint', 'zip'];
    if (sent.includes('upload') && sent.includes('product') && !evidenceWords.some((c) => sent.includes(c))) {
      sent.push('listing');
    }
    // "about my product", "on my store": against me when a complaint is being filed; "waiting on
    // me" is my turn; else nothing.
    const filing = sent.includes('complaint') || sent.includes('submit');
    const aimed = sent.flatMap((c, k) => {
      if (c !== 'aboutme') return [c];
      if (filing) return ['against'];
      return sent[k - 1] === 'await' ? ['me'] : [];
    });
    return markAwaiting(aimed).filter((c) => c !== 'me' && c !== 'iwe');
  }

  // Vocabulary of the Complaint Center: concepts, phrases, function words and the configured names.
  function knownWord(w: string): boolean {
    return (
      STOPWORDS.has(w) || concepts.has(w) || stemmedConcepts.has(stem(w)) || phrasesByFirst.has(stem(w)) ||
      w === 'platform' || w === 'partner' || /^\d+$/.test(w)
    );
  }

  // "a complaint with the FTC", "complain to my bank": a complaint taken to a body the Complaint
  // Center knows nothing of (a word outside the vocabulary) is not filed here.
  function complaintElsewhere(ws: readonly string[]): boolean {
    for (let i = 0; i < ws.length - 2; i++) {
      if (!COMPLAINT_WORDS.has(ws[i]) || (ws[i + 1] !== 'with' && ws[i + 1] !== 'to')) continue;
      const body = ws.slice(i + 2, i + 5).find((x) => !ARTICLES.has(x) && x !== 'my' && x !== 'our' && x !== 'your');
      if (body !== undefined && !knownWord(body) && !NOT_A_BODY.has(body)) return true;
      // "with the Better Business Bureau": a known adjective before the body's name.
      if (ws.slice(i + 2, i + 6).some((x) => OUTSIDE_BODIES.has(x))) return true;
    }
    return false;
  }

  return { tokens };
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/\bcan't\b|\bcannot\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/'(s|re|ve|ll|d|m)\b/g, '')
    .replace(/\b([a-z])-([a-z])/g, '$1$2');
}

function words(text: string): string[] {
  return fold(text).split(/[^a-z0-9]+/).filter((w) => w !== '');
}

// "can you help", "will you guys step in", "would you intervene".
const YOU_HELP_WORDS = new Set(['help', 'assist', 'step', 'intervene', 'mediate', 'support', 'solve', 'resolve', 'fix']);
function youHelp(ws: readonly string[]): boolean {
  return ws.some((w, i) => w === 'you' && ws.slice(i + 1, i + 3).some((x) => YOU_HELP_WORDS.has(x)));
}

// The first word after position i that is not an article or a possessive: what a verb acts on.
function objectOf(ws: readonly string[], i: number): string {
  return ws.slice(i + 1, i + 4).find((x) => !ARTICLES.has(x) && x !== 'my' && x !== 'our' && x !== 'this') ?? '';
}

// The word before position i, skipping "has", "just", "already"…
function previousWord(ws: readonly string[], i: number): string {
  let k = i - 1;
  while (k >= 0 && (ws[k] === 'has' || ws[k] === 'have' || ws[k] === 'had' || ws[k] === 'just' || ws[k] === 'already')) k--;
  return k >= 0 ? ws[k] : '';
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

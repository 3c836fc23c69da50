// Text → concept tokens, used alike for knowledge-base texts and for questions: lower-case, strip
// accents and contractions, fix typos against the known vocabulary, fold multi-word phrases and
// synonyms onto concepts, stem what is left, drop function words.
import { COMMON_WORDS } from './common-words.js';
import { editDistance } from './edit-distance.js';
import { PHRASES, STOPWORDS, SYNONYMS } from './lexicon.js';
import { stem } from './stem.js';

export interface NormaliserOptions {
  /** Names users may type for the platform (e.g. "Alibaba.com", "Alibaba"); folded onto "platform". */
  platformNames: readonly string[];
  /** Names of the partner retail site (e.g. "AliExpress"); folded onto "partner". */
  partnerNames: readonly string[];
  /** Extra known words (the knowledge base's own), so they are never "corrected". */
  vocabulary: Iterable<string>;
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
// "A buyer opened a dispute", "someone has filed…": another party filed, so it is against me.
const PARTY_WORDS = new Set([...SYNONYMS.buyer, ...SYNONYMS.supplier, ...SYNONYMS.someone, 'they', 'he', 'she']);
// Filing verbs count when a complaint word follows ("opened a dispute"); accusing verbs always do.
const FILED_WORDS = new Set([
  'filed', 'opened', 'submitted', 'lodged', 'raised', 'made', 'created', 'started', 'launched', 'initiated', 'sent',
  'brought', 'escalated', 'files', 'opens', 'submits', 'lodges', 'raises', 'makes',
]);
const ACCUSED_WORDS = new Set([
  'reported', 'complained', 'complaining', 'complains', 'reports', 'disputed', 'disputes', 'disputing', 'claims',
  'claimed', 'alleges', 'alleged', 'accuses', 'accused', 'says', 'said',
]);
const SEE_WORDS = new Set(['see', 'sees', 'view', 'views', 'access', 'read', 'open', 'download', 'look']);
const FILLERS = new Set(['has', 'have', 'had', 'just', 'already', 'now', 'also', 'recently', 'then', 'a', 'the']);
// "I've been reported", "we were accused": passive filing, also against me.
const PASSIVE_WORDS = new Set(['been', 'was', 'were', 'got', 'get', 'getting', 'being', 'is', 'am', 'are']);
const PASSIVE_FILED = new Set(['reported', 'accused', 'sued', 'flagged', 'complained', 'disputed']);
const REPORT_WORDS = new Set(['report', 'reports', 'reported', 'reporting']);
const OBJECT_PRONOUNS = new Set(['them', 'him', 'her', 'it', 'they', 'someone', 'somebody', 'company', 'business']);
const TIME_UNITS = new Set(['minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years']);
const GET_WORDS = new Set(['got', 'get', 'gets', 'getting', 'gotten']);
const RECEIVED_WORDS = new Set(['received', 'receive', 'got', 'get', 'have', 'has']);
const ARTICLES = new Set(['a', 'an', 'the', 'new', 'one', 'another']);
const RESPOND_WORDS = new Set(SYNONYMS.respond);
const IGNORE_WORDS = new Set(['ignores', 'ignored', 'ignoring', 'ignore', 'disappeared', 'vanished']);

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
  const vocabStems = new Set([...vocab].map(stem));
  // Candidates by length: a word is only compared with words at most two letters longer or shorter.
  const byLength = new Map<number, string[]>();
  for (const w of vocab) {
    if (w.length < 3 || !/^[a-z]+$/.test(w)) continue;
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  const corrections = new Map<string, string>();
  // Three-letter typos are only trusted as swapped letters ("hwo" → "how").
  const swapCandidates = new Map<string, string>();
  for (const w of vocab) if (w.length === 3) swapCandidates.set([...w].sort().join(''), w);

  // A word that is neither known nor a known word's inflection is matched to the closest known
  // word. Short words only get insertions, deletions and swaps: a substituted letter in a
  // four-letter word is as likely another real word ("care") as a typo of "case".
  function correct(word: string): string {
    if (word.length === 3 && !vocab.has(word)) return swapCandidates.get([...word].sort().join('')) ?? word;
    if (word.length < 4 || vocab.has(word) || vocabStems.has(stem(word)) || !/^[a-z]+$/.test(word)) return word;
    const cached = corrections.get(word);
    if (cached !== undefined) return cached;
    const max = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const c of byLength.get(len) ?? []) {
        const rank = correctionRank(word, c, max);
        if (rank < bestRank) {
          bestRank = rank;
          best = c;
        }
      }
    }
    if (corrections.size < 10_000) corrections.set(word, best);
    return best;
  }

  // Lower is better; Infinity = not an acceptable correction.
  function correctionRank(word: string, c: string, max: number): number {
    // Two edits are only trusted when the first letter is right.
    if (max === 2 && c[0] !== word[0] && word.length === c.length) return Infinity;
    const d = editDistance(word, c, max);
    if (d > max || (d === 2 && c[0] !== word[0])) return Infinity;
    if (word.length < 6 && d === 1 && c.length === word.length && !isSwap(word, c)) return Infinity;
    // Prefer nearer words, then a matching first letter, then domain words over stop words.
    return d * 4 + (c[0] === word[0] ? 0 : 2) + (concepts.has(c) ? 0 : 1);
  }

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
    const out: string[] = [];
    if (filedByOthers(ws)) out.push('against');
    if (othersHaveNotResponded(ws)) out.push('awaitother');
    if (othersSee(ws)) out.push('private');
    if (filedByMe(ws)) out.push('after');
    for (let i = 0; i < ws.length; ) {
      // Phrases match on stems too: "other partys", "signed in".
      const phrase = (phrasesByFirst.get(stems[i]) ?? []).find((p) => p.stems.every((w, k) => stems[i + k] === w));
      if (phrase) {
        out.push(...phrase.concepts);
        i += phrase.words.length;
        continue;
      }
      const w = ws[i];
      // "file"/"make" are filing verbs before a complaint ("file a claim against…", "make a
      // complaint"); otherwise "file" is a document and "make" says nothing.
      if (w === 'file' || w === 'files' || MAKE_WORDS.has(w)) {
        const next = ws.slice(i + 1, i + 4).find((x) => !STOPWORDS.has(x) || x === 'against');
        if (next !== undefined && (COMPLAINT_WORDS.has(next) || next === 'against')) out.push('submit');
        else if (w === 'file' || w === 'files') out.push('file');
      } else if (REPORT_WORDS.has(w)) {
        // Reporting a seller, a fraud or "them" is a complaint; reporting a bug is not.
        const object = ws.slice(i + 1, i + 5).filter((x) => !ARTICLES.has(x) && x !== 'this' && x !== 'my' && x !== 'our');
        const aboutSomeone = object.slice(0, 2).some((x) => PARTY_WORDS.has(x) || OBJECT_PRONOUNS.has(x) || conceptOf(x) === 'defect');
        out.push(...(aboutSomeone || w === 'reported' ? ['submit', 'complaint'] : ['submit']));
      } else if (/^\d+$/.test(w) && TIME_UNITS.has(ws[i + 1] ?? '')) {
        // "3 days ago", "for 2 weeks": how long something took, not how many files.
        i++;
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
    const sent = out.map((c, k) => (c === 'submit' && (out[k + 1] === 'respond' || (out[k + 1] === 'me' && out[k + 2] === 'respond')) ? 'sendresponse' : c));
    return markAwaiting(sent).filter((c) => c !== 'me');
  }

  return { tokens };
}

function filedByOthers(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length - 1; i++) {
    if (PASSIVE_WORDS.has(ws[i]) && PASSIVE_FILED.has(ws[i + 1])) return true;
    // "a complaint filed by a customer".
    if ((FILED_WORDS.has(ws[i]) || ACCUSED_WORDS.has(ws[i])) && ws[i + 1] === 'by' && PARTY_WORDS.has(ws.slice(i + 2, i + 4).find((w) => !ARTICLES.has(w)) ?? '')) return true;
    // "I received a complaint", "we got a dispute".
    if (RECEIVED_WORDS.has(ws[i])) {
      let k = i + 1;
      while (k < ws.length && ARTICLES.has(ws[k])) k++;
      if (COMPLAINT_WORDS.has(ws[k])) return true;
    }
    if (!PARTY_WORDS.has(ws[i])) continue;
    let j = i + 1;
    while (j < ws.length && FILLERS.has(ws[j])) j++;
    if (ACCUSED_WORDS.has(ws[j])) return true;
    if (FILED_WORDS.has(ws[j]) && ws.slice(j + 1, j + 4).some((w) => COMPLAINT_WORDS.has(w))) return true;
  }
  return false;
}

// "the buyer hasn't replied yet": the other party's turn.
function othersHaveNotResponded(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length; i++) {
    if (!PARTY_WORDS.has(ws[i]) || ws[i] === 'someone') continue;
    const next = ws.slice(i + 1, i + 6);
    if (IGNORE_WORDS.has(next.find((w) => !FILLERS.has(w)) ?? '')) return true;
    const not = next.findIndex((w) => w === 'not' || w === 'never' || w === 'yet');
    if (not >= 0 && next.slice(not).some((w) => RESPOND_WORDS.has(w))) return true;
  }
  return false;
}

// "a dispute I opened", "we submitted a claim": already filed, so what comes next.
function filedByMe(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length - 1; i++) {
    // "once my complaint is submitted", "our claim has been filed".
    if ((ws[i] === 'my' || ws[i] === 'our') && COMPLAINT_WORDS.has(ws[i + 1])) {
      if (ws.slice(i + 2, i + 6).some((w) => FILED_WORDS.has(w))) return true;
    }
    if (ws[i] !== 'i' && ws[i] !== 'we') continue;
    let j = i + 1;
    while (j < ws.length && FILLERS.has(ws[j])) j++;
    if (ws[j] === 'complained') return true;
    if (FILED_WORDS.has(ws[j]) && ws.slice(j + 1, j + 4).some((w) => COMPLAINT_WORDS.has(w))) return true;
    // "a dispute I opened": the complaint word comes first.
    if (FILED_WORDS.has(ws[j]) && ws.slice(Math.max(0, i - 3), i).some((w) => COMPLAINT_WORDS.has(w))) return true;
  }
  return false;
}

// "will the seller see my evidence": who gets to see uploads.
function othersSee(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length; i++) {
    if (PARTY_WORDS.has(ws[i]) && ws[i] !== 'someone' && ws.slice(i + 1, i + 4).some((w) => SEE_WORDS.has(w))) return true;
  }
  return false;
}

// "awaiting … my response" and "waiting for the other side" name two different statuses.
function markAwaiting(cs: string[]): string[] {
  const out = [...cs];
  cs.forEach((c, i) => {
    if (c !== 'await') return;
    const near = cs.slice(Math.max(0, i - 2), i + 4);
    if (near.some((x) => x === 'otherparty' || x === 'buyer' || x === 'supplier')) out.push('awaitother');
    else if (near.includes('me')) out.push('awaitme');
  });
  return out;
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

function isSwap(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

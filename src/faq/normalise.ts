// Text → word tokens, alike for the knowledge base's questions and for what users type. General
// language handling only: Unicode (accents, curly quotes, full-width forms), case, e-mail
// addresses and numbers, contractions, the configured platform and partner names, a
// general-dictionary typo corrector and a Porter stemmer. What the words mean is left to the
// classifier trained on the knowledge base.
import { stemmer } from 'stemmer';
import { CONTRACTION_SUFFIXES, CONTRACTION_WORDS } from './contractions.js';
import { editDistance } from './edit-distance.js';
import { createTypoCorrector, type TypoCorrector } from './typo-corrector.js';

export interface Normalised {
  /** Lower-case words after contractions and typo correction, in text order. */
  words: string[];
  /** The same words, stemmed. */
  stems: string[];
}

export interface NormaliserOptions {
  /** Names users may type for the platform (e.g. "Alibaba.com", "Alibaba"), all read as one token. */
  platformNames: readonly string[];
  /** Names of the partner retail site (e.g. "AliExpress"). */
  partnerNames: readonly string[];
  /** Everyday English words, never "corrected". */
  dictionary: ReadonlySet<string>;
}

export interface Normaliser {
  normalise(text: string): Normalised;
  /** Fixes the typo corrector's targets: the knowledge base's own words, with their counts. */
  setVocabulary(texts: readonly string[]): void;
}

/** Tokens that stand for a name or a masked value; they pass the typo corrector unchanged. */
export const PLATFORM_TOKEN = 'xplatform';
export const PARTNER_TOKEN = 'xpartner';
const EMAIL_TOKEN = 'xemail';
const NUMBER_TOKEN = 'xnumber';
const LINK_TOKEN = 'xlink';

/** Unicode and case folding: NFKD, combining marks dropped, typographic quotes made plain. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"');
}

export function createNormaliser(opts: NormaliserOptions): Normaliser {
  const names = [
    ...opts.platformNames.map((n) => ({ compact: compact(n), token: PLATFORM_TOKEN })),
    ...opts.partnerNames.map((n) => ({ compact: compact(n), token: PARTNER_TOKEN })),
  ]
    .filter(({ compact: c }) => c !== '')
    // Longest first: "Alibaba.com" before "Alibaba".
    .sort((a, b) => b.compact.length - a.compact.length);
  // A name's letters may be split by a space, dot or hyphen ("Ali Express", "alibaba com").
  const namePatterns = names.map(({ compact: c, token }) => ({
    re: new RegExp(`(^|[^a-z0-9])${[...c].join('[\\s.-]?')}(?=$|[^a-z0-9])`, 'g'),
    token,
  }));
  // A name mistyped by one letter ("aliexpres") is still the name, unless it is an everyday word.
  const nameOf = (w: string): string | undefined => {
    if (w.length < 6 || opts.dictionary.has(w)) return undefined;
    return names.find(({ compact: c }) => c.length >= 6 && editDistance(w, c, 1) <= 1)?.token;
  };

  let correct: TypoCorrector = (w) => w;

  function words(text: string): string[] {
    let s = fold(text).replaceAll('{platform}', ` ${PLATFORM_TOKEN} `).replaceAll('{partner}', ` ${PARTNER_TOKEN} `);
    for (const { re, token } of namePatterns) s = s.replace(re, `$1 ${token} `);
    s = s
      .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/g, ` ${LINK_TOKEN} `)
      .replace(/[^\s@]+@[^\s@]+\.[a-z]{2,}/g, ` ${EMAIL_TOKEN} `)
      .replace(/\d+(?:[.,:/-]\d+)*/g, ` ${NUMBER_TOKEN} `);
    const out: string[] = [];
    for (const raw of s.split(/[^a-z0-9']+/)) {
      const w = raw.replace(/^'+|'+$/g, '');
      if (w === '') continue;
      const whole = CONTRACTION_WORDS.get(w);
      let expanded = whole ?? w;
      if (whole === undefined) for (const [re, by] of CONTRACTION_SUFFIXES) expanded = expanded.replace(re, by);
      for (const part of expanded.split(/[\s']+/)) if (part !== '') out.push(nameOf(part) ?? part);
    }
    return out;
  }

  return {
    normalise(text) {
      const ws = words(text).map((w) => correct(w));
      return { words: ws, stems: ws.map((w) => stemmer(w)) };
    },
    setVocabulary(texts) {
      const counts = new Map<string, number>();
      for (const t of texts) for (const w of words(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
      correct = createTypoCorrector(counts, opts.dictionary);
    },
  };
}

function compact(name: string): string {
  return fold(name).replace(/[^a-z0-9]/g, '');
}

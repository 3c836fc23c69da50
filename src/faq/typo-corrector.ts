// Typo correction against the known vocabulary. A word that is neither known nor a known word's
// inflection is replaced by the closest known word within one edit (two for words of eight
// letters or more). Short words only get insertions, deletions and swaps: a substituted letter in
// a four-letter word is as likely another real word ("care") as a typo of "case".
import { editDistance } from './edit-distance.js';
import { stem } from './stem.js';

export type TypoCorrector = (word: string) => string;

// Misspellings of domain words that happen to be English words themselves.
const REAL_WORD_TYPOS: ReadonlyMap<string, string> = new Map([
  ['compliant', 'complaint'],
  ['compliants', 'complaints'],
  ['dispite', 'dispute'],
  ['respose', 'response'],
]);

/**
 * `isConceptWord` says which known words are domain words, preferred over stop words on ties.
 * `dictionary` holds everyday English words: they are real words, not typos, so they are left as
 * they are ("policy" is not "police", "restricted" is not "retracted").
 */
export function createTypoCorrector(
  vocab: ReadonlySet<string>,
  isConceptWord: (w: string) => boolean,
  dictionary: ReadonlySet<string> = new Set(),
): TypoCorrector {
  const vocabStems = new Set([...vocab].map(stem));
  // Candidates by length: a word is only compared with words at most two letters longer or shorter.
  const byLength = new Map<number, string[]>();
  for (const w of vocab) {
    if (w.length < 3 || !/^[a-z]+$/.test(w)) continue;
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  // Three-letter typos are only trusted as swapped letters ("hwo" → "how").
  const swapCandidates = new Map<string, string>();
  for (const w of vocab) if (w.length === 3) swapCandidates.set(sorted(w), w);
  const cache = new Map<string, string>();

  // Lower is better; Infinity = not an acceptable correction.
  function rank(word: string, c: string, max: number): number {
    // Two edits are only trusted when the first letter is right.
    if (max === 2 && c[0] !== word[0] && word.length === c.length) return Infinity;
    const d = editDistance(word, c, max);
    if (d > max || (d === 2 && c[0] !== word[0])) return Infinity;
    if (word.length < 6 && d === 1 && c.length === word.length && sorted(word) !== sorted(c)) return Infinity;
    // Prefer nearer words, then a matching first letter, then domain words over stop words.
    return d * 4 + (c[0] === word[0] ? 0 : 2) + (isConceptWord(c) ? 0 : 1);
  }

  return (word) => {
    if (word.length === 3 && !vocab.has(word)) return swapCandidates.get(sorted(word)) ?? word;
    const misspelt = REAL_WORD_TYPOS.get(word);
    if (misspelt !== undefined) return misspelt;
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    if (vocab.has(word) || vocabStems.has(stem(word)) || dictionary.has(word)) return word;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const max = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const c of byLength.get(len) ?? []) {
        const r = rank(word, c, max);
        if (r < bestRank) {
          bestRank = r;
          best = c;
        }
      }
    }
    // Bounded: questions are free text, the cache must not grow without limit.
    if (cache.size < 10_000) cache.set(word, best);
    return best;
  };
}

function sorted(w: string): string {
  return [...w].sort().join('');
}

// A general-dictionary typo corrector. A word that is neither an everyday English word nor a word
// of the knowledge base is replaced by the nearest knowledge-base word within one edit (two for
// words of eight letters or more), the most frequent one on a tie. Everyday words are left alone:
// "attack" is a word, not a typo of "attach".
import { editDistance } from './edit-distance.js';

export type TypoCorrector = (word: string) => string;

/**
 * `vocabulary`: the knowledge base's words with how often they occur (the correction targets);
 * `dictionary`: everyday English words, never corrected.
 */
export function createTypoCorrector(vocabulary: ReadonlyMap<string, number>, dictionary: ReadonlySet<string>): TypoCorrector {
  const byLength = new Map<number, [string, number][]>();
  for (const [w, n] of vocabulary) {
    if (w.length < 3 || !/^[a-z]+$/.test(w)) continue;
    const list = byLength.get(w.length) ?? [];
    list.push([w, n]);
    byLength.set(w.length, list);
  }
  const cache = new Map<string, string>();

  return (word) => {
    if (word.length < 3 || !/^[a-z]+$/.test(word) || vocabulary.has(word) || dictionary.has(word)) return word;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const max = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestDistance = max + 1;
    let bestCount = 0;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const [c, n] of byLength.get(len) ?? []) {
        const d = editDistance(word, c, max);
        if (d < bestDistance || (d === bestDistance && n > bestCount)) {
          best = c;
          bestDistance = d;
          bestCount = n;
        }
      }
    }
    if (bestDistance > max) best = word;
    // Bounded: questions are free text, the cache must not grow without limit.
    if (cache.size < 10_000) cache.set(word, best);
    return best;
  };
}

// Everyday English words (the most frequent ones of the popular-english-words list), so the typo
// corrector leaves real words alone instead of turning them into domain words ("simple" is not
// "sample", "attack" is not "attach"). Loaded once, on first use.
import { words } from 'popular-english-words/words.js';

/** How many of the most frequent words count as everyday English: rare words may still be typos. */
const EVERYDAY = 20_000;

let cached: ReadonlySet<string> | undefined;

export function englishWords(): ReadonlySet<string> {
  cached ??= new Set(words.slice(0, EVERYDAY));
  return cached;
}

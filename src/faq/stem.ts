// A light English suffix stripper: enough to fold plurals and -ing/-ed forms that the synonym
// lexicon does not list, without the over-reach of a full Porter stemmer on short words.

const VOWEL = /[aeiouy]/;

/** Strips one common inflectional suffix; leaves short words alone. */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4 && VOWEL.test(word.slice(0, -2))) return undouble(word.slice(0, -2));
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

// "shipped" → "shipp" → "ship"; keeps "ll"/"ss" endings ("called" → "call").
function undouble(base: string): string {
  const n = base.length;
  if (n > 3 && base[n - 1] === base[n - 2] && !/[lsz]/.test(base[n - 1])) return base.slice(0, -1);
  return base;
}

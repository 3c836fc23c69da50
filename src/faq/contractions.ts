// English contractions, with and without the apostrophe (chat style drops it: "cant", "dont").
// General language handling only: nothing here is specific to the Complaint Center.

/** Suffix forms, applied after the whole-word forms below. */
export const CONTRACTION_SUFFIXES: readonly (readonly [RegExp, string])[] = [
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
  // Possessive or "is": neither changes what a question is about.
  [/'s\b/g, ''],
];

/** Whole words whose expansion the suffix rules would get wrong, or that lack the apostrophe. */
export const CONTRACTION_WORDS: ReadonlyMap<string, string> = new Map([
  ["can't", 'can not'],
  ["won't", 'will not'],
  ["shan't", 'shall not'],
  ['cant', 'can not'],
  ['cannot', 'can not'],
  ['wont', 'will not'],
  ['dont', 'do not'],
  ['doesnt', 'does not'],
  ['didnt', 'did not'],
  ['isnt', 'is not'],
  ['arent', 'are not'],
  ['wasnt', 'was not'],
  ['werent', 'were not'],
  ['havent', 'have not'],
  ['hasnt', 'has not'],
  ['hadnt', 'had not'],
  ['wouldnt', 'would not'],
  ['couldnt', 'could not'],
  ['shouldnt', 'should not'],
  ['im', 'i am'],
  ['ive', 'i have'],
  ['youre', 'you are'],
  ['theyre', 'they are'],
  ['whats', 'what is'],
  ['thats', 'that is'],
]);

// The package ships no types: its words module exports one array, most frequent word first.
declare module 'popular-english-words/words.js' {
  export const words: string[];
}

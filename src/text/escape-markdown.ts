// Text a party typed is shown to the other party (and support) in Adaptive Card TextBlocks, FactSets
// and chat messages, which Teams and Web Chat render as markdown. Without escaping, a complaint field
// like "[Pay here](https://evil.example)" becomes a disguised link and "![](https://tracker)" an image
// that loads by itself. Backslash escapes (CommonMark) keep such text literal; bare URLs stay visible.

// Inline syntax: emphasis, code, links and images ([ ]), autolinks and raw HTML (< >), strikethrough, tables,
// and the & of an entity reference ("&#91;" would otherwise come back as "[" in a renderer that decodes first).
const INLINE = /[\\`*_[\]<>~|]|&(?=#?[A-Za-z0-9]+;)/g;
// Block syntax at the start of a line: headings, quotes, list items ("- ", "+ ", "1. ").
const LINE_START = /^(\s*)(#|>|[-+](?=\s)|\d+(?=[.)]\s))/gm;

/** `text` with markdown syntax escaped, so it renders as the characters typed. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_m, space: string, mark: string) => (/^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

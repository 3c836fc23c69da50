// "What does <status> mean?" with the label written out: answered by that status directly,
// whatever the matcher would make of the words.
import { FAQ_STATUS_LABELS, type FaqStatusLabel } from './status-definitions.js';

const LABEL_FORMS: readonly (readonly [RegExp, FaqStatusLabel])[] = FAQ_STATUS_LABELS.map((label) => {
  const words = label
    .toLowerCase()
    .replace("party's", "party(?:'s|s)?")
    .replace('the other', '(?:the )?other')
    .replace('cancelled', 'cancel+ed');
  return [new RegExp(`^${words}$`), label] as const;
});

const WRAPPERS: readonly RegExp[] = [
  // Common slips of "what does … mean" ("wat dose … meen") are part of the wrapper, not of the label.
  /^(?:(?:what|wat|wht|whta) )?(?:does|dose|doe|dos|do|is) (?:the )?(?:status )?(.+?)(?: status)? m(?:ea|ee|e|ae)n(?:s|ing)?$/,
  /^(?:what )?(?:is )?(?:the )?meaning of (?:the )?(?:status )?(.+?)(?: status)?$/,
  /^(?:define|explain) (?:the )?(?:status )?(.+?)(?: status)?$/,
  /^(?:status )?(.+?)(?: status)?(?: meaning| definition)?$/,
];

/** The status label a question asks about when it names one verbatim (case and quotes aside). */
export function statusAskedAbout(text: string): FaqStatusLabel | null {
  const t = text
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/["\u201c\u201d?!.:;,]/g, ' ')
    .replace(/(^|\s)'|'(\s|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  for (const wrapper of WRAPPERS) {
    const m = wrapper.exec(t);
    if (!m) continue;
    const inner = m[1].trim();
    for (const [re, label] of LABEL_FORMS) if (re.test(inner)) return label;
  }
  return null;
}

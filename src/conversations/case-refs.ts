// Which cases an activity concerns: the case numbers it mentions in its text, a card it carries or
// a card submission (caseNumber). Pure; used to link a conversation to its cases.
const CASE_NUMBER = /\bC-\d{4}-\d{6,9}\b/gi;
const MAX_PER_ACTIVITY = 20;

export function caseNumbersIn(activity: { text?: unknown; value?: unknown; attachments?: unknown }): string[] {
  const found = new Set<string>();
  const scan = (v: unknown): void => {
    if (v === undefined || v === null) return;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    for (const m of text.matchAll(CASE_NUMBER)) {
      if (found.size >= MAX_PER_ACTIVITY) return;
      found.add(m[0].toUpperCase());
    }
  };
  scan(activity.text);
  scan(activity.value);
  scan(activity.attachments);
  return [...found];
}

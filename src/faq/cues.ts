// Sentence-level cues that single words can't carry: who filed against whom, whose turn it is,
// who gets to see uploads. Each cue adds one concept token to the question.
import { SYNONYMS } from './lexicon.js';

const COMPLAINT_WORDS = new Set(SYNONYMS.complaint);
// "A buyer opened a dispute", "someone has filed…": another party filed, so it is against me.
const PARTY_WORDS = new Set([...SYNONYMS.buyer, ...SYNONYMS.supplier, ...SYNONYMS.someone, 'they', 'he', 'she']);
// Filing verbs count when a complaint word follows ("opened a dispute"); accusing verbs always do.
const FILED_WORDS = new Set([
  'filed', 'opened', 'submitted', 'lodged', 'raised', 'made', 'created', 'started', 'launched', 'initiated', 'sent',
  'brought', 'escalated', 'files', 'opens', 'submits', 'lodges', 'raises', 'makes',
]);
// Non-native present tense ("customer make complaint to my shop"); not after a modal or "how",
// where the base form asks how a party files ("how can a buyer open a dispute").
const BASE_FILED_WORDS = new Set(['file', 'open', 'submit', 'lodge', 'raise', 'make', 'create', 'start', 'put', 'give']);
const ASKING_WORDS = new Set([
  'how', 'can', 'could', 'should', 'would', 'will', 'do', 'does', 'did', 'may', 'might', 'must', 'to', 'let', 'i', 'we',
  'where', 'help', 'want', 'wants',
]);
const ACCUSED_WORDS = new Set([
  'reported', 'complained', 'complaining', 'complains', 'reports', 'disputed', 'disputes', 'disputing', 'claims',
  'claimed', 'alleges', 'alleged', 'accuses', 'accused', 'says', 'said',
]);
const SEE_WORDS = new Set(['see', 'sees', 'view', 'views', 'access', 'read', 'open', 'download', 'look']);
const SHOWN_WORDS = new Set(['shown', 'visible', 'seen', 'shared', 'displayed', 'exposed', 'disclosed', 'accessible']);
const FILLERS = new Set([
  'has', 'have', 'had', 'is', 'are', 'was', 'were', 'just', 'already', 'now', 'also', 'recently', 'then', 'a', 'the',
]);
// "I've been reported", "we were accused": passive filing, also against me.
const PASSIVE_WORDS = new Set(['been', 'was', 'were', 'got', 'get', 'getting', 'being', 'is', 'am', 'are']);
const PASSIVE_FILED = new Set(['reported', 'accused', 'sued', 'flagged', 'complained', 'disputed']);
// Not "have": "I have a complaint about my order" is the asker's own complaint.
const RECEIVED_WORDS = new Set(['received', 'receive', 'receiving', 'got', 'get', 'gotten']);
// "got hit with a complaint", "was served a claim".
const HIT_WORDS = new Set(['hit', 'with', 'slapped', 'served']);
const ARTICLES = new Set(['a', 'an', 'the', 'new', 'one', 'another']);
const RESPOND_WORDS = new Set(SYNONYMS.respond);
const IGNORE_WORDS = new Set(['ignores', 'ignored', 'ignoring', 'ignore', 'disappeared', 'vanished']);

/** Concepts implied by the word sequence as a whole (words already lower-case and typo-fixed). */
export function sentenceCues(ws: readonly string[]): string[] {
  const out: string[] = [];
  if (filedByOthers(ws)) out.push('against');
  if (othersHaveNotResponded(ws)) out.push('awaitother');
  if (othersSee(ws)) out.push('private');
  if (filedByMe(ws)) out.push('after');
  if (obligedToRespond(ws)) out.push('awaitme');
  if (ws.some((w, i) => (w === 'my' || w === 'our') && OWN_BUSINESS_WORDS.has(ws[i + 1] ?? ''))) out.push('ownshop');
  return out;
}

// "my store", "our shop": the asker's own business, whose being closed is not a complaint's status.
const OWN_BUSINESS_WORDS = new Set(['store', 'stores', 'shop', 'shops', 'storefront', 'business', 'company', 'listing', 'listings']);

// "I need to respond", "we were asked to reply", "I must answer": the asker's turn. Not when the
// complaint is "against me": then it asks how to answer that complaint at all (question 2).
const OBLIGED_WORDS = new Set(['need', 'needs', 'have', 'has', 'must', 'asked', 'required', 'requested', 'supposed', 'expected', 'told']);
function obligedToRespond(ws: readonly string[]): boolean {
  if (ws.includes('against')) return false;
  for (let i = 0; i < ws.length; i++) {
    if (ws[i] !== 'i' && ws[i] !== 'we') continue;
    const w = ws.slice(i + 1, i + 6);
    for (let k = 0; k < w.length - 1; k++) {
      if (!OBLIGED_WORDS.has(w[k])) continue;
      const verb = w[k + 1] === 'to' ? w[k + 2] : w[k + 1];
      if (verb !== undefined && RESPOND_WORDS.has(verb)) return true;
    }
  }
  return false;
}

/** Whether a word names a party other than the asker ("buyer", "seller", "they"). */
export function isPartyWord(w: string): boolean {
  return PARTY_WORDS.has(w);
}

// The first word from `from` on (within `span` words) that is not an article or "this"/"that".
function nextContentWord(ws: readonly string[], from: number, span: number): string {
  return ws.slice(from, from + span).find((w) => !ARTICLES.has(w) && w !== 'this' && w !== 'that') ?? '';
}

function filedByOthers(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length - 1; i++) {
    if (PASSIVE_WORDS.has(ws[i]) && PASSIVE_FILED.has(ws[i + 1])) return true;
    // "evidence against the claim": defending against a complaint.
    if (ws[i] === 'against' && COMPLAINT_WORDS.has(nextContentWord(ws, i + 1, 2))) return true;
    // "a complaint filed by a customer".
    const filing = FILED_WORDS.has(ws[i]) || ACCUSED_WORDS.has(ws[i]);
    const byWhom = ws.slice(i + 2, i + 5).find((w) => !ARTICLES.has(w) && w !== 'my' && w !== 'our' && w !== 'this' && w !== 'that');
    if (filing && ws[i + 1] === 'by' && PARTY_WORDS.has(byWhom ?? '')) return true;
    // "I received a complaint", "we got a dispute".
    if (RECEIVED_WORDS.has(ws[i])) {
      let k = i + 1;
      while (k < ws.length && (ARTICLES.has(ws[k]) || HIT_WORDS.has(ws[k]))) k++;
      if (COMPLAINT_WORDS.has(ws[k])) return true;
    }
    if (!PARTY_WORDS.has(ws[i])) continue;
    let j = i + 1;
    while (j < ws.length && FILLERS.has(ws[j])) j++;
    if (ACCUSED_WORDS.has(ws[j])) return true;
    if (FILED_WORDS.has(ws[j]) && ws.slice(j + 1, j + 4).some((w) => COMPLAINT_WORDS.has(w))) return true;
    const before = ws.slice(Math.max(0, i - 2), i).filter((w) => !ARTICLES.has(w));
    if (
      BASE_FILED_WORDS.has(ws[j]) &&
      !before.some((w) => ASKING_WORDS.has(w)) &&
      ws.slice(j + 1, j + 4).some((w) => COMPLAINT_WORDS.has(w))
    ) {
      return true;
    }
  }
  return false;
}

// "the buyer hasn't replied yet": the other party's turn.
function othersHaveNotResponded(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length; i++) {
    if (!PARTY_WORDS.has(ws[i]) || ws[i] === 'someone') continue;
    const next = ws.slice(i + 1, i + 6);
    if (IGNORE_WORDS.has(next.find((w) => !FILLERS.has(w)) ?? '')) return true;
    const not = next.findIndex((w) => w === 'not' || w === 'never' || w === 'yet');
    if (not >= 0 && next.slice(not).some((w) => RESPOND_WORDS.has(w))) return true;
    // "the supplier needs to answer", "the buyer has to respond": their turn.
    const must = next.findIndex((w) => w === 'needs' || w === 'must' || w === 'has');
    if (must >= 0 && RESPOND_WORDS.has(next[must + 1] === 'to' ? (next[must + 2] ?? '') : (next[must + 1] ?? ''))) return true;
  }
  return false;
}

// "a dispute I opened", "we submitted a claim": already filed, so what comes next.
function filedByMe(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length - 1; i++) {
    // "once my complaint is submitted", "our claim has been filed".
    if ((ws[i] === 'my' || ws[i] === 'our') && COMPLAINT_WORDS.has(ws[i + 1])) {
      if (ws.slice(i + 2, i + 6).some((w) => FILED_WORDS.has(w))) return true;
    }
    if (ws[i] !== 'i' && ws[i] !== 'we') continue;
    let j = i + 1;
    while (j < ws.length && FILLERS.has(ws[j])) j++;
    if (ws[j] === 'complained') return true;
    if (FILED_WORDS.has(ws[j]) && ws.slice(j + 1, j + 4).some((w) => COMPLAINT_WORDS.has(w))) return true;
    // "a dispute I opened": the complaint word comes first.
    if (FILED_WORDS.has(ws[j]) && ws.slice(Math.max(0, i - 3), i).some((w) => COMPLAINT_WORDS.has(w))) return true;
  }
  return false;
}

// "will the seller see my evidence": who gets to see uploads.
function othersSee(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length; i++) {
    if (PARTY_WORDS.has(ws[i]) && ws[i] !== 'someone' && ws.slice(i + 1, i + 4).some((w) => SEE_WORDS.has(w))) return true;
    // "shown to the seller", "visible to the buyer".
    if (SHOWN_WORDS.has(ws[i]) && ws.slice(i + 1, i + 5).some((w) => PARTY_WORDS.has(w) || w === 'other')) return true;
  }
  return false;
}

const MY_THINGS = new Set(['product', 'order', 'shipment', 'refund', 'listing', 'account']);

/** "awaiting … my response" and "waiting for the other side" name two different statuses. */
export function markAwaiting(cs: string[]): string[] {
  const out = [...cs];
  const isOther = (x: string): boolean => x === 'otherparty' || x === 'buyer' || x === 'supplier';
  cs.forEach((c, i) => {
    if (c !== 'await') return;
    // Whom it waits for comes after ("awaiting my response", "waiting for the seller"); "I am
    // waiting" says nothing about whose turn it is, "the seller …, we're waiting" does.
    const k = cs.slice(i + 1, i + 5).findIndex((x) => isOther(x) || x === 'me');
    const whom = k < 0 ? undefined : cs[i + 1 + k];
    // "waiting for my parcel", "pending for my product": my thing, not my turn.
    if (whom === 'me') {
      if (!MY_THINGS.has(cs[i + 2 + k] ?? '')) out.push('awaitme');
    } else if (whom !== undefined || cs.slice(Math.max(0, i - 3), i).some(isOther)) {
      out.push('awaitother');
    }
  });
  return out;
}


// My cases: the list (number, type, other party, my view's label, deadline) and the detail card with
// the timeline and what this member may do now. Stateless: every button names its case number and the
// case service checks, each time, that the member is a party (anything else is "not found").
// Text the parties (or support) typed is markdown-escaped here, where it meets the cards: see escape-markdown.ts.
import type { CaseForParty, CaseSummary } from '../../cases/case-service.js';
import type { CaseAction } from '../../cases/state-machine.js';
import type { EvidenceRef, Party } from '../../cases/types.js';
import { outcomeLabel } from '../../cases/labels.js';
import { formatBytes } from '../../evidence/index.js';
import { caseDetailCard, caseListCard, type CaseListItem } from '../cards/case-cards.js';
import type { CardAction } from '../cards/form-card.js';
import type { Fact } from '../cards/filing-cards.js';
import { escapeMarkdown } from '../../text/escape-markdown.js';
import * as T from '../texts.js';
import { formatDay, formatMoment } from '../../time/reader-time.js';
import type { Turn } from '../turn.js';
import { say, sendCard, userMessageOf } from './common.js';

const AWAITING_MY_RESPONSE = 'Awaiting my response';

function role(party: Party): string {
  return party === 'complainant' ? 'Complainant (you filed it)' : 'Respondent (filed against you)';
}

function listItem(turn: Turn, c: CaseSummary): CaseListItem {
  return {
    number: c.number,
    typeTitle: c.typeLabel,
    role: role(c.party),
    otherParty: escapeMarkdown(c.counterparty),
    status: c.view,
    deadline: c.deadline ? formatMoment(c.deadline, turn.timeZone) : '—',
    timeLeft: c.timeLeft ?? '—',
  };
}

const BACK_TO_MENU: CardAction = { title: 'Main menu', data: { verb: 'menu.main' } };

export async function showCaseList(turn: Turn): Promise<void> {
  const cases = await turn.deps.caseService.listForMember(turn.member);
  const empty = turn.member.emailVerified
    ? T.CASES_EMPTY
    : `${T.CASES_EMPTY} To see complaints filed against you, choose Respond to a complaint and confirm your email address.`;
  await sendCard(
    turn,
    caseListCard({
      title: T.CASES_TITLE,
      intro: cases.length ? 'Open a case to see its details, timeline and what you can do.' : '',
      empty,
      cases: cases.slice(0, 20).map((c) => listItem(turn, c)),
      openTitle: 'Open',
      actions: [{ title: 'File a complaint', data: { verb: 'menu.file' } }, BACK_TO_MENU],
    }),
  );
}

/** The cases whose view for this member is "Awaiting my response". */
export async function showRespondList(turn: Turn): Promise<void> {
  const cases = (await turn.deps.caseService.listForMember(turn.member)).filter((c) => c.view === AWAITING_MY_RESPONSE);
  await sendCard(
    turn,
    caseListCard({
      title: T.RESPOND_LIST_TITLE,
      intro: cases.length ? T.respondListIntro() : '',
      empty: T.respondNoneText(turn.names),
      cases: cases.map((c) => listItem(turn, c)),
      openTitle: 'Open and respond',
      actions: [{ title: 'My cases', data: { verb: 'menu.cases' } }, BACK_TO_MENU],
    }),
  );
}

/** Typed text for a card: shortened to `max`, markdown escaped. */
function clip(s: string | undefined, max = 400): string {
  if (!s) return '';
  return escapeMarkdown(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}

// One line of the timeline as a party sees it: shared with the support desk's view of the parties' cards.
import { timelineText } from '../../cases/party-timeline.js';
export { timelineText };

/** Fresh signed links to the case's files for this member (none when the app has no link issuer). */
export async function evidenceLinks(turn: Turn, view: CaseForParty): Promise<Map<string, string>> {
  const issuer = turn.deps.downloadLinks;
  const links = new Map<string, string>();
  if (!issuer) return links;
  const caseNumber = view.caseDoc.number;
  await Promise.all(
    view.caseDoc.evidence.map(async (e) => links.set(e.fileId, await issuer.issue({ memberId: turn.member._id, caseNumber, fileId: e.fileId }))),
  );
  return links;
}

/** What a zip holds, in one line: "Contains 3 files: a.pdf, b.jpg, c.png". */
function zipListing(contents: EvidenceRef['contents']): string {
  if (!contents) return '';
  if (contents.total === 0) return 'An empty zip.';
  const more = contents.total - contents.names.length;
  const names = contents.names.map((n) => clip(n, 120)).join(', ');
  return `Contains ${contents.total} ${contents.total === 1 ? 'file' : 'files'}: ${names}${more > 0 ? ` and ${more} more` : ''}.`;
}

/** A file's name, as a link when there is one (the name is escaped, the link is ours). */
function fileLabel(name: string, url: string | undefined): string {
  const label = clip(name);
  return url ? `[${label}](${url})` : label;
}

export function caseDetailModel(turn: Turn, view: CaseForParty, links: ReadonlyMap<string, string> = new Map()) {
  const c = view.caseDoc;
  const me = view.party;
  const tz = turn.timeZone;
  const other = me === 'complainant' ? clip(c.respondent.company) : clip(c.complainant.company ?? c.complainant.name) || 'The complainant';
  const facts: Fact[] = [
    { title: 'My role', value: role(me) },
    { title: 'Other party', value: other },
    { title: 'Filed', value: formatMoment(c.createdAt, tz) },
  ];
  if (view.deadlineText && view.timeLeft) {
    facts.push({ title: 'Deadline', value: view.deadlineText });
    facts.push({ title: 'Time left', value: view.timeLeft });
  }
  if (c.state === 'closed' && c.outcome) facts.push({ title: 'Outcome', value: outcomeLabel(c.outcome) });
  if (c.state === 'closed' && c.resolution) facts.push({ title: 'Resolution', value: clip(c.resolution, 1000) });
  const type = turn.deps.caseService.listTypes().find((t) => t.id === c.typeId);
  const complaint: Fact[] = (type?.fields ?? [])
    .filter((f) => c.fields[f.id] !== undefined && c.fields[f.id] !== '')
    .map((f) => ({ title: f.label, value: clip(String(c.fields[f.id]), 1000) }));
  const actions: CardAction[] = [];
  const can = (a: string) => view.actions.find((x) => x.action === a)?.allowed === true;
  if (view.view === AWAITING_MY_RESPONSE && can('respond')) {
    actions.push({ title: 'Respond now', style: 'positive', data: { verb: 'case.respond', caseNumber: c.number } });
  }
  if (can('add_evidence')) actions.push({ title: 'Add evidence', data: { verb: 'case.evidence', caseNumber: c.number } });
  if (me === 'complainant' && can('cancel')) actions.push({ title: 'Cancel complaint', style: 'destructive', data: { verb: 'case.cancel', caseNumber: c.number } });
  actions.push({ title: 'My cases', data: { verb: 'menu.cases' } });
  return {
    number: c.number,
    typeTitle: type?.label ?? c.typeId,
    status: view.view,
    statusMeaning: view.definition,
    facts,
    complaint,
    evidence: c.evidence.map((e) => ({
      name: fileLabel(e.name, links.get(e.fileId)),
      size: formatBytes(e.size),
      by: e.uploadedBy === me ? 'you' : 'the other party',
      contents: zipListing(e.contents),
      at: formatDay(e.uploadedAt, tz),
    })),
    timeline: c.events
      .map((e) => ({ at: formatMoment(e.at, tz), text: timelineText(e, me, tz) }))
      .filter((x): x is { at: string; text: string } => Boolean(x.text)),
    note: view.view === AWAITING_MY_RESPONSE ? 'Please respond within the period stated: choose Respond now.' : '',
    actions,
  };
}

/** The detail card, or the service's "not found" (also for numbers that are not the member's). */
export async function showCaseDetail(turn: Turn, caseNumber: string): Promise<CaseForParty | undefined> {
  try {
    const view = await turn.deps.caseService.getForMember(turn.member, caseNumber, { timeZone: turn.timeZone });
    await sendCard(turn, caseDetailCard(caseDetailModel(turn, view, await evidenceLinks(turn, view))));
    return view;
  } catch (err) {
    const message = userMessageOf(err);
    if (!message) throw err;
    await say(turn, notFoundHint(turn, message));
    return undefined;
  }
}

/**
 * The case, when this member may take `action` on it now; otherwise says why not (not found, which is
 * also the answer for other people's cases, or the state machine's reason after `refusal`) and gives
 * undefined. Flows that act on a case start with this.
 */
export async function caseForAction(turn: Turn, caseNumber: string, action: CaseAction, refusal: (number: string) => string): Promise<CaseForParty | undefined> {
  let view: CaseForParty;
  try {
    view = await turn.deps.caseService.getForMember(turn.member, caseNumber, { timeZone: turn.timeZone });
  } catch (err) {
    const message = userMessageOf(err);
    if (!message) throw err;
    await say(turn, notFoundHint(turn, message));
    return undefined;
  }
  const availability = view.actions.find((a) => a.action === action);
  if (!availability?.allowed) {
    await say(turn, `${refusal(view.caseDoc.number)} ${availability?.reason ?? ''}`.trim());
    return undefined;
  }
  return view;
}

/** Unverified members can't see complaints filed against their email yet: say how. */
export function notFoundHint(turn: Turn, message: string): string {
  return turn.member.emailVerified
    ? message
    : `${message} If the complaint was filed against you, choose Respond to a complaint and confirm the email address it was sent to.`;
}

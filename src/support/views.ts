// What the desk's API answers: a queue row per case and the case page's model, built from the stored case
// (no I/O). Staff see everything, including each party's own status label beside the stored state, and the
// Adaptive Card data each party's detail card is built from (cards/case-detail.json, rendered in the page).
import { labelFor, outcomeLabel, statusDefinition, type StatusLabel } from '../cases/labels.js';
import type { CaseDoc, CaseEvent, Party } from '../cases/types.js';
import { formatBytes } from '../evidence/format.js';
import { timelineText } from '../cases/party-timeline.js';
import { formatMoment } from '../time/reader-time.js';
import { escapeMarkdown } from '../text/escape-markdown.js';
import { awaiting, bucketOf, decisionReason, BUCKET_LABELS, type QueueBucket } from './queue.js';

export interface TypeInfo {
  label(typeId: string): string;
  fieldLabels(typeId: string): Array<{ id: string; label: string }>;
}

export interface QueueRow {
  number: string;
  typeId: string;
  type: string;
  state: CaseDoc['state'];
  /** What each party sees, as the source writes it. */
  views: Record<Party, StatusLabel>;
  complainant: { name?: string; company?: string; email: string };
  respondent: { company: string; email: string };
  assignee?: string;
  awaiting?: Party;
  deadline?: string;
  bucket: QueueBucket;
  bucketLabel: string;
  reason?: string;
  outcome?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function queueRow(c: CaseDoc, types: TypeInfo, now: Date): QueueRow {
  const bucket = bucketOf(c, now);
  const reason = bucket === 'overdue' ? `Deadline passed; the ${awaiting(c)} has not answered` : decisionReason(c);
  return {
    number: c.number,
    typeId: c.typeId,
    type: types.label(c.typeId),
    state: c.state,
    views: { complainant: labelFor(c.state, 'complainant'), respondent: labelFor(c.state, 'respondent') },
    complainant: { name: c.complainant.name, company: c.complainant.company, email: c.complainant.email },
    respondent: { company: c.respondent.company, email: c.respondent.email },
    ...(c.assignee ? { assignee: c.assignee } : {}),
    ...(awaiting(c) ? { awaiting: awaiting(c) } : {}),
    ...(c.deadline ? { deadline: c.deadline.toISOString() } : {}),
    bucket,
    bucketLabel: BUCKET_LABELS[bucket],
    ...(reason ? { reason } : {}),
    ...(c.outcome ? { outcome: outcomeLabel(c.outcome) } : {}),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export interface TimelineEntry {
  at: string;
  type: CaseEvent['type'];
  actor: CaseEvent['actor'];
  actorId?: string;
  party?: Party;
  from?: string;
  to?: string;
  deadline?: string;
  note?: string;
  outcome?: string;
  assignee?: string;
  /** Only staff see it (notes, assignments). */
  internal: boolean;
}

export function timelineEntry(e: CaseEvent): TimelineEntry {
  return {
    at: new Date(e.at).toISOString(),
    type: e.type,
    actor: e.actor,
    ...(e.actorId ? { actorId: e.actorId } : {}),
    ...(e.party ? { party: e.party } : {}),
    ...(e.from ? { from: e.from } : {}),
    ...(e.to ? { to: e.to } : {}),
    ...(e.deadline ? { deadline: new Date(e.deadline).toISOString() } : {}),
    ...(e.note ? { note: e.note } : {}),
    ...(e.outcome ? { outcome: outcomeLabel(e.outcome) } : {}),
    ...(e.assignee !== undefined ? { assignee: e.assignee } : {}),
    internal: e.type === 'note' || e.type === 'assigned',
  };
}

/** Data for cards/case-detail.json as `party` gets it in chat (times in UTC, no buttons). */
export function partyCardData(c: CaseDoc, party: Party, types: TypeInfo, platform: string): Record<string, unknown> {
  const label = labelFor(c.state, party);
  const other = party === 'complainant' ? c.respondent.company : (c.complainant.company ?? c.complainant.name ?? 'The complainant');
  const facts = [
    { title: 'Role', value: party === 'complainant' ? 'Complainant (filed it)' : 'Respondent (filed against them)' },
    { title: 'Other party', value: escapeMarkdown(other) },
    { title: 'Filed', value: formatMoment(c.createdAt) },
  ];
  if (c.deadline && awaiting(c)) facts.push({ title: 'Deadline', value: formatMoment(c.deadline) });
  if (c.state === 'closed' && c.outcome) facts.push({ title: 'Outcome', value: outcomeLabel(c.outcome) });
  if (c.state === 'closed' && c.resolution) facts.push({ title: 'Resolution', value: escapeMarkdown(c.resolution) });
  const complaint = types
    .fieldLabels(c.typeId)
    .filter((f) => c.fields[f.id] !== undefined && c.fields[f.id] !== '')
    .map((f) => ({ title: f.label, value: escapeMarkdown(String(c.fields[f.id])) }));
  return {
    number: c.number,
    typeTitle: types.label(c.typeId),
    status: label,
    statusMeaning: statusDefinition(label, { platform, ...(c.state === 'cancelled' && c.cancelledBy ? { cancelledByMe: c.cancelledBy === party } : {}) }),
    facts,
    complaint,
    evidence: c.evidence.map((e) => ({
      name: escapeMarkdown(e.name),
      size: formatBytes(e.size),
      by: e.uploadedBy === party ? 'you' : 'the other party',
      at: formatMoment(e.uploadedAt).replace(/, \d\d:\d\d UTC$/, ''),
    })),
    timeline: c.events
      .map((e) => ({ at: formatMoment(e.at), text: timelineText(e, party) }))
      .filter((x): x is { at: string; text: string } => Boolean(x.text)),
    note: '',
    actions: [],
  };
}

// Cards of the filing flow: type, partner-site question and redirect, evidence, summary, submitted.
import type { Attachment } from 'botbuilder';
import { partnerDisputeSteps, type ComplaintType } from '../../cases/complaint-types.js';
import { renderCard } from './templates.js';
import { actionData, type CardAction } from './form-card.js';
import * as T from '../texts.js';

export interface Fact {
  title: string;
  value: string;
}

export function complaintTypeCard(m: { flow: string; types: ComplaintType[]; selected?: string; error?: string }): Attachment {
  return renderCard('complaint-type', {
    title: T.FILE_TYPE_TITLE,
    intro: T.FILE_TYPE_INTRO,
    flow: m.flow,
    selected: m.selected ?? '',
    error: m.error ?? '',
    types: m.types.map((t) => ({ id: t.id, title: `${t.label} — ${t.description}` })),
  });
}

export function partnerQuestionCard(n: T.Names, flow: string): Attachment {
  const q = T.partnerQuestion(n);
  return renderCard('partner-question', { title: q.title, question: q.question, why: q.why, yesTitle: q.yes, noTitle: q.no, flow });
}

export function partnerRedirectCard(n: T.Names): Attachment {
  const r = T.partnerRedirect(n);
  const steps = partnerDisputeSteps(n.partner).map((text, i) => ({ number: i + 1, text }));
  return renderCard('partner-redirect', { title: r.title, intro: r.intro, steps, note: r.note });
}

export interface EvidenceCardModel {
  title: string;
  warning: string;
  intro: string;
  zipHint: string;
  limits: string;
  notice?: string;
  /** What was just received (shown as a success, apart from the problems in notice). */
  received?: string;
  files: { name: string; size: string }[];
  actions: CardAction[];
}

export function evidenceCard(m: EvidenceCardModel): Attachment {
  return renderCard('evidence', { ...m, notice: m.notice ?? '', received: m.received ?? '', actions: m.actions.map(actionData) });
}

export interface SummaryCardModel {
  flow: string;
  key: string;
  complaint: Fact[];
  respondent: Fact[];
  files: { name: string; size: string }[];
  footer: string;
}

export function summaryCard(m: SummaryCardModel): Attachment {
  return renderCard('summary', { title: T.SUMMARY_TITLE, intro: T.SUMMARY_INTRO, noEvidence: T.EVIDENCE_NO_FILES, ...m });
}

export interface SubmittedCardModel {
  number: string;
  typeTitle: string;
  status: string;
  statusMeaning: string;
  filedAt: string;
  next: string[];
  liabilityNote: string;
}

export function submittedCard(m: SubmittedCardModel): Attachment {
  return renderCard('submitted', { title: T.SUBMITTED_TITLE, ...m });
}

// Cards about existing cases: list, detail with timeline, confirmation, outcome, and the read-only
// version that replaces a used card in Teams.
import type { Attachment } from 'botbuilder';
import { renderCard } from './templates.js';
import { actionData, type CardAction } from './form-card.js';
import type { Fact } from './filing-cards.js';

export interface CaseListItem {
  number: string;
  typeTitle: string;
  role: string;
  otherParty: string;
  status: string;
  deadline: string;
  timeLeft: string;
}

export function caseListCard(m: { title: string; intro?: string; empty: string; cases: CaseListItem[]; openTitle: string; actions: CardAction[] }): Attachment {
  return renderCard('case-list', {
    title: m.title,
    intro: m.intro ?? '',
    empty: m.empty,
    cases: m.cases.map((c) => ({ ...c, openTitle: m.openTitle })),
    actions: m.actions.map(actionData),
  });
}

export interface CaseDetailModel {
  number: string;
  typeTitle: string;
  status: string;
  statusMeaning: string;
  facts: Fact[];
  complaint: Fact[];
  evidence: { name: string; size: string; by: string; at: string; contents: string }[];
  timeline: { at: string; text: string }[];
  note?: string;
  actions: CardAction[];
}

export function caseDetailCard(m: CaseDetailModel): Attachment {
  return renderCard('case-detail', { ...m, note: m.note ?? '', actions: m.actions.map(actionData) });
}

export function confirmCard(m: { title: string; text: string; confirmTitle: string; confirmData: object; keepTitle: string; keepData: object }): Attachment {
  return renderCard('confirm', m);
}

export function outcomeCard(m: { title: string; color?: 'Good' | 'Attention' | 'Default'; facts?: Fact[]; paragraphs?: string[]; note?: string; actions: CardAction[] }): Attachment {
  return renderCard('outcome', {
    title: m.title,
    color: m.color ?? 'Default',
    facts: m.facts ?? [],
    paragraphs: m.paragraphs ?? [],
    note: m.note ?? '',
    actions: m.actions.map(actionData),
  });
}

/** What a used card becomes in Teams: what was done, no buttons left to press. */
export function usedCard(m: { title: string; text: string; facts?: Fact[] }): Attachment {
  return renderCard('used', { title: m.title, text: m.text, facts: m.facts ?? [] });
}

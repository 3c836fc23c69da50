// "What does <status> mean?" for code that already knows the label (e.g. a case card's help text).
import { STATUS_LABELS, type StatusLabel } from '../cases/labels.js';
import { DEFAULT_KNOWLEDGE_BASE, fillTemplate, type Names } from './knowledge-base.js';

/** The five status labels exactly as the source writes them (one list, owned by the cases domain). */
export const FAQ_STATUS_LABELS = STATUS_LABELS;

export type FaqStatusLabel = StatusLabel;

/** The bot's definition of a status label, or null for an unknown label (match is case-insensitive). */
export function defineStatus(label: string, names: Names = { platform: 'Alibaba.com', partner: 'AliExpress' }): string | null {
  const wanted = label.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const entry = DEFAULT_KNOWLEDGE_BASE.entries.find((e) => e.status !== null && e.status.toLowerCase() === wanted);
  return entry ? fillTemplate(entry.answer, names) : null;
}

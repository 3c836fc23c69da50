// Loads and checks the knowledge-base data file, and fills its {platform}/{partner} placeholders.
import { z } from 'zod';
import data from './knowledge-base.json' with { type: 'json' };

const followUp = z.enum(['file_complaint', 'respond', 'my_cases', 'talk_to_person']);

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  faq: z.number().int().min(1).max(7),
  status: z
    .enum(['Processing', 'Awaiting my response', "Awaiting the other party's response", 'Case Cancelled', 'Case Closed'])
    .nullable(),
  question: z.string().min(1),
  answer: z.string().min(1),
  followUps: z.array(followUp),
  phrasings: z.array(z.string().min(1)).min(1),
  keywords: z.string(),
  /** Concept groups: the question must contain one concept of every group. */
  requires: z.array(z.array(z.string().min(1)).min(1)),
  /** Concepts that rule the entry out (e.g. uploads are not about follow-up emails). */
  excludes: z.array(z.string().min(1)).default([]),
  /**
   * A generic entry ("will the platform help with my problem") that any "help me with my X
   * problem" resembles: ruled out by an everyday off-topic word unless the question names a trade.
   */
  generic: z.boolean().default(false),
});

export type KnowledgeEntry = z.infer<typeof entrySchema>;

export const KNOWLEDGE_BASE: readonly KnowledgeEntry[] = z
  .object({ entries: z.array(entrySchema).min(1) })
  .parse(data)
  .entries;

export interface Names {
  platform: string;
  partner: string;
}

export function fillTemplate(text: string, names: Names): string {
  return text.replaceAll('{platform}', names.platform).replaceAll('{partner}', names.partner);
}

// Loads and checks the knowledge-base data (knowledge-base.json by default), and fills its
// {platform}/{partner} placeholders. The data is all the matcher learns from: each entry's question
// and alternate questions, and the out-of-scope questions it must decline.
import { z } from 'zod';
import { STATUS_LABELS } from '../cases/labels.js';
import data from './knowledge-base.json' with { type: 'json' };

const followUp = z.enum(['file_complaint', 'respond', 'my_cases', 'talk_to_person']);

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Source question number (status definitions are question 7). */
  faq: z.number().int().min(1),
  status: z.enum(STATUS_LABELS).nullable(),
  question: z.string().min(1),
  answer: z.string().min(1),
  followUps: z.array(followUp).default([]),
  /** Other ways people ask it: the training examples of this entry. */
  questions: z.array(z.string().min(1)).default([]),
});

export const knowledgeBaseSchema = z
  .object({
    entries: z.array(entrySchema).min(1),
    /** Questions the FAQ must not answer: the training examples of the out-of-scope class. */
    outOfScope: z.array(z.string().min(1)).default([]),
  })
  .refine((kb) => new Set(kb.entries.map((e) => e.id)).size === kb.entries.length, 'entry ids must be unique');

export type KnowledgeBase = z.infer<typeof knowledgeBaseSchema>;
export type KnowledgeEntry = KnowledgeBase['entries'][number];

/** Checks knowledge-base data (e.g. a fixture or an edited file); throws a ZodError when it is malformed. */
export function parseKnowledgeBase(input: unknown): KnowledgeBase {
  return knowledgeBaseSchema.parse(input);
}

export const DEFAULT_KNOWLEDGE_BASE: KnowledgeBase = parseKnowledgeBase(data);

export interface Names {
  platform: string;
  partner: string;
}

export function fillTemplate(text: string, names: Names): string {
  return text.replaceAll('{platform}', names.platform).replaceAll('{partner}', names.partner);
}

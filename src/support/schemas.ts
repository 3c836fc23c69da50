// Request bodies and query strings of the desk's API (zod): anything else is refused with 400 naming the field.
import { z } from 'zod';
import { CASE_STATES, CLOSE_OUTCOMES } from '../cases/types.js';

const party = z.enum(['complainant', 'respondent'], { error: 'complainant or respondent' });
const text = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, { error: `${what} is required` }).max(4000, { error: 'at most 4000 characters' });
/** The case version the agent looked at: a change since then answers 409. */
const version = z.number().int().min(0).optional();

export const signInBody = z.object({ email: z.string().trim().max(254).pipe(z.email({ error: 'a valid email address' })) });
export const verifyBody = z.object({ email: z.string().trim().max(254).pipe(z.email({ error: 'a valid email address' })), code: z.string().max(20) });
export const teamsBody = z.object({ token: z.string().min(1).max(8192) });

export const requestResponseBody = z.object({
  party,
  hours: z.number({ error: 'a number of hours' }).positive().max(24 * 60).optional(),
  message: z.string().trim().max(4000).optional(),
  version,
});
export const extendBody = z.object({ deadline: z.iso.datetime({ offset: true, error: 'an ISO date and time, e.g. 2026-05-01T12:00:00Z' }), note: z.string().trim().max(4000).optional(), version });
export const closeBody = z.object({ outcome: z.enum(CLOSE_OUTCOMES, { error: `one of ${CLOSE_OUTCOMES.join(', ')}` }), resolution: text('the resolution'), version });
export const noteBody = z.object({ text: text('the note') });
export const messageBody = z.object({ party, text: text('the message'), version });
export const assignBody = z.object({ email: z.union([z.literal(''), z.string().trim().max(254).pipe(z.email({ error: 'a staff email, or "" to unassign' }))]), version });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const queueQuery = z.object({
  state: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(CASE_STATES)))
    .optional(),
  type: z.string().max(60).optional(),
  awaiting: party.optional(),
  overdue: flag.optional(),
  dueWithinHours: z.coerce.number().positive().max(24 * 365).optional(),
  assignee: z.string().max(254).optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

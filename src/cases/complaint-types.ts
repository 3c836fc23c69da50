// Complaint types are data (complaint-types.json): each with its form fields. This module checks the
// file's shape once and validates/normalises a complainant's answers against a type.
import { stripInvisible } from '../text/invisible.js';
import { z } from 'zod';
import bundled from './complaint-types.json' with { type: 'json' };
import { parseEmail } from '../identity/email.js';

export const FIELD_KINDS = ['text', 'longtext', 'date', 'number', 'money', 'email', 'choice'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const fieldSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/),
    label: z.string().min(1).max(120),
    kind: z.enum(FIELD_KINDS),
    required: z.boolean(),
    maxLength: z.number().int().positive().max(20000).optional(),
    help: z.string().max(500).optional(),
    options: z.array(z.string().min(1)).min(2).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    // Dates of things that already happened (order placed, goods received): a day after today is refused.
    past: z.boolean().optional(),
  })
  .refine((f) => (f.kind === 'choice') === Boolean(f.options), { message: 'choice fields (and only they) have options' });

const typeSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/),
  label: z.string().min(1).max(120),
  description: z.string().max(500),
  /** Trade disputes that are opened on the partner retail site when the order was placed there. */
  partnerRoutable: z.boolean(),
  fields: z.array(fieldSchema).min(1),
});

const fileSchema = z
  .object({ types: z.array(typeSchema).min(1) })
  .refine((f) => new Set(f.types.map((t) => t.id)).size === f.types.length, { message: 'duplicate type id' })
  .refine((f) => f.types.every((t) => new Set(t.fields.map((x) => x.id)).size === t.fields.length), {
    message: 'duplicate field id within a type',
  });

export type FieldDef = z.infer<typeof fieldSchema>;
export type ComplaintType = z.infer<typeof typeSchema>;

/** Default maximum lengths when a field does not set one. */
const DEFAULT_MAX = { text: 200, longtext: 4000 } as const;

/** Parses and checks a complaint-types document (the JSON file's content). Throws with the first problem. */
export function parseComplaintTypes(data: unknown): ComplaintType[] {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid complaint types: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.types;
}

let cached: ComplaintType[] | undefined;

/** The bundled complaint types (src/cases/complaint-types.json), validated once. */
export function defaultComplaintTypes(): ComplaintType[] {
  cached ??= parseComplaintTypes(bundled);
  return cached;
}

export function findComplaintType(types: ComplaintType[], id: string): ComplaintType | undefined {
  return types.find((t) => t.id === id);
}

/**
 * The steps to open a dispute on the partner site (source FAQ, question 1), for routable types when the
 * order was placed there.
 */
export function partnerDisputeSteps(partner: string): string[] {
  return [`Sign in to 'My Orders' on ${partner}`, "Click 'All orders'", "Choose the order you want to make a complaint about and click 'Open Dispute'"];
}

export type FieldValue = string | number;
export type FieldsResult = { ok: true; values: Record<string, FieldValue> } | { ok: false; errors: Record<string, string> };

const MONEY_SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'CNY', '₹': 'INR' };

/** "1,250.5 usd", "USD 1250.50", "$1250" → "1250.50 USD"; null when not an amount with a currency. */
export function parseMoney(input: unknown): string | null | 'no_currency' {
  if (typeof input === 'object' && input !== null && 'amount' in input && 'currency' in input) {
    const o = input as { amount: unknown; currency: unknown };
    return parseMoney(`${String(o.amount)} ${String(o.currency)}`);
  }
  if (typeof input === 'number') return 'no_currency';
  if (typeof input !== 'string') return null;
  let s = input.trim();
  let currency: string | undefined;
  const sym = Object.keys(MONEY_SYMBOLS).find((k) => s.startsWith(k) || s.endsWith(k));
  if (sym) {
    currency = MONEY_SYMBOLS[sym];
    s = s.startsWith(sym) ? s.slice(sym.length) : s.slice(0, -sym.length);
  }
  const m = /^([A-Za-z]{3})?\s*([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s*([A-Za-z]{3})?$/.exec(s.trim());
  if (!m) return null;
  const code = (m[1] ?? m[3])?.toUpperCase();
  if (m[1] && m[3]) return null;
  if (code && currency && code !== currency) return null;
  currency = code ?? currency;
  const digits = m[2] ?? '';
  // Commas only as thousands separators.
  if (digits.includes(',') && !/^[0-9]{1,3}(,[0-9]{3})*(\.[0-9]{1,2})?$/.test(digits)) return null;
  const amount = Number(digits.replace(/,/g, ''));
  if (!Number.isFinite(amount) || amount > 1e12) return null;
  if (!currency) return 'no_currency';
  return `${amount.toFixed(2)} ${currency}`;
}

/** A real calendar date written YYYY-MM-DD. */
export function parseIsoDate(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return null;
  return s;
}

/** Options of a validation: `now` decides which dates are in the future. */
export interface ValidateOptions {
  now?: Date;
}

// The latest calendar day anywhere on Earth (UTC+14): no reader's "today" is refused as the future.
const LATEST_OFFSET_MS = 14 * 60 * 60 * 1000;

/** The latest date a `past` field accepts at `now`, YYYY-MM-DD. */
export function latestPastDate(now: Date): string {
  return new Date(now.getTime() + LATEST_OFFSET_MS).toISOString().slice(0, 10);
}

function validateOne(f: FieldDef, raw: unknown, opts: ValidateOptions = {}): { value?: FieldValue; error?: string } {
  const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (empty) return f.required ? { error: `${f.label} is required.` } : {};
  switch (f.kind) {
    case 'text':
    case 'longtext': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { error: `${f.label} must be text.` };
      const v = stripInvisible(String(raw)).trim();
      const max = f.maxLength ?? DEFAULT_MAX[f.kind];
      if (v.length > max) return { error: `${f.label} is too long (${v.length} characters; at most ${max}).` };
      return { value: v };
    }
    case 'date': {
      const v = parseIsoDate(raw);
      if (!v) return { error: `${f.label} must be a date written YYYY-MM-DD, e.g. 2026-03-14.` };
      if (f.past && v > latestPastDate(opts.now ?? new Date())) return { error: `${f.label} cannot be in the future.` };
      return { value: v };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(/,/g, '')) : NaN;
      if (!Number.isFinite(n)) return { error: `${f.label} must be a number.` };
      if (f.min !== undefined && n < f.min) return { error: `${f.label} must be at least ${f.min}.` };
      if (f.max !== undefined && n > f.max) return { error: `${f.label} must be at most ${f.max}.` };
      return { value: n };
    }
    case 'money': {
      const v = parseMoney(raw);
      if (v === 'no_currency') return { error: `${f.label}: please add the currency, e.g. 1250.00 USD.` };
      return v ? { value: v } : { error: `${f.label} must be an amount with its currency, e.g. 1250.00 USD.` };
    }
    case 'email': {
      const v = parseEmail(raw);
      return v ? { value: v } : { error: `${f.label} must be an email address, e.g. name@example.com.` };
    }
    case 'choice': {
      const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      const opt = f.options?.find((o) => o.toLowerCase() === s);
      return opt ? { value: opt } : { error: `${f.label} must be one of: ${(f.options ?? []).join(', ')}.` };
    }
  }
}

/** Validates one answer against a field (for conversations that ask field by field). */
export function validateField(f: FieldDef, raw: unknown, opts: ValidateOptions = {}): { ok: true; value?: FieldValue } | { ok: false; error: string } {
  const r = validateOne(f, raw, opts);
  return r.error ? { ok: false, error: r.error } : { ok: true, value: r.value };
}

/**
 * Validates and normalises the answers for a type: every problem is reported by field id.
 * Unknown field ids are ignored (not stored).
 */
export function validateFields(type: ComplaintType, input: Record<string, unknown>, opts: ValidateOptions = {}): FieldsResult {
  const values: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const f of type.fields) {
    const r = validateOne(f, Object.hasOwn(input, f.id) ? input[f.id] : undefined, opts);
    if (r.error) errors[f.id] = r.error;
    else if (r.value !== undefined) values[f.id] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}

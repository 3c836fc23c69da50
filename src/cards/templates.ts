// Adaptive Card templates live in cards/*.json (shared by the bot, the FAQ cards and the support pages).
// Each file is read and parsed into an adaptivecards-templating Template once, on first use, and that
// Template is reused for every expansion: parsing the ${...} expressions costs more than expanding them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'adaptivecards-templating';

export const CARD_TEMPLATE_NAMES = [
  'main-menu',
  'help',
  'questions',
  'complaint-type',
  'partner-question',
  'partner-redirect',
  'form',
  'evidence',
  'summary',
  'submitted',
  'case-list',
  'case-detail',
  'confirm',
  'outcome',
  'used',
  'faq-answer',
] as const;
export type CardTemplateName = (typeof CARD_TEMPLATE_NAMES)[number];

export type CardJson = Record<string, unknown>;

/** The project's cards/ folder, found from this file whether run from src/ (tsx) or dist/src/. */
export function cardsDir(): string {
  for (const rel of ['../../cards', '../../../cards']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'main-menu.json'))) return dir;
  }
  throw new Error('cards/ folder with the Adaptive Card templates not found');
}

/** The template file as JSON, read from disk each call (for tests and tools; rendering uses the cache). */
export function readTemplateJson(name: CardTemplateName): unknown {
  return JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8')) as unknown;
}

const templates = new Map<CardTemplateName, Template>();

/** The parsed Template of a file, built on first use and then reused. */
export function cachedTemplate(name: CardTemplateName): Template {
  let t = templates.get(name);
  if (!t) {
    t = new Template(readTemplateJson(name));
    templates.set(name, t);
  }
  return t;
}

/** Expands a template with data. Callers pass every property the template names (undefined stays literal). */
export function expandCard(name: CardTemplateName, data: object): CardJson {
  return cachedTemplate(name).expand({ $root: data }) as CardJson;
}

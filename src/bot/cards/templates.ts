// Adaptive Card templates live in cards/*.json (shared with the support dashboard); this module loads
// them once and expands them with adaptivecards-templating into Bot Framework attachments.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';

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
] as const;
export type CardTemplateName = (typeof CARD_TEMPLATE_NAMES)[number];

export type CardJson = Record<string, unknown>;

/** The project's cards/ folder, found from this file whether run from src/ (tsx) or dist/src/. */
export function cardsDir(): string {
  for (const rel of ['../../../cards', '../../../../cards']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'main-menu.json'))) return dir;
  }
  throw new Error('cards/ folder with the Adaptive Card templates not found');
}

const cache = new Map<CardTemplateName, unknown>();

export function loadTemplate(name: CardTemplateName): unknown {
  let tpl = cache.get(name);
  if (!tpl) {
    tpl = JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8')) as unknown;
    cache.set(name, tpl);
  }
  return tpl;
}

/** Expands a template with data. Callers pass every property the template names (undefined stays literal). */
export function expandCard(name: CardTemplateName, data: object): CardJson {
  const template = new Template(loadTemplate(name));
  return template.expand({ $root: data }) as CardJson;
}

export function cardAttachment(card: CardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}

export function renderCard(name: CardTemplateName, data: object): Attachment {
  return cardAttachment(expandCard(name, data));
}

// Checks a rendered Adaptive Card the way a host would parse it: the adaptivecards package's own
// parser and validator (no rendering, so no DOM is needed), plus this project's rules: schema 1.5,
// Action.Submit only, every Submit's data names a known verb and passes its schema.
import * as AC from 'adaptivecards';
import { parseSubmit } from '../../../src/bot/cards/payloads.js';

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node as Json)) walk(v, visit);
  }
}

export function cardProblems(card: Json): string[] {
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (card.version !== '1.5') problems.push(`version ${String(card.version)} (want 1.5)`);
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const text = JSON.stringify(card);
  if (text.includes('${')) problems.push('unexpanded template expression');
  walk(card, (o) => {
    const type = o.type;
    if (typeof type === 'string' && type.startsWith('Action.')) {
      if (type !== 'Action.Submit') problems.push(`action type ${type}`);
      else {
        const r = parseSubmit(o.data);
        if (!r.ok) problems.push(`Submit "${String(o.title)}" data refused: ${r.reason} ${r.detail}`);
      }
    }
  });
  return problems;
}

/** Every Action.Submit of a card, with its title and data. */
export function submitActions(card: Json): { title: string; data: Json }[] {
  const out: { title: string; data: Json }[] = [];
  walk(card, (o) => {
    if (o.type === 'Action.Submit') out.push({ title: String(o.title), data: (o.data ?? {}) as Json });
  });
  return out;
}

/** Every input id of a card. */
export function inputs(card: Json): Json[] {
  const out: Json[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o);
  });
  return out;
}

/** All TextBlock/FactSet text of a card, joined (for assertions on what the user reads). */
export function cardText(card: Json): string {
  const parts: string[] = [];
  walk(card, (o) => {
    if (o.type === 'TextBlock' && typeof o.text === 'string') parts.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string' && !('type' in o)) parts.push(`${o.title}: ${o.value}`);
    if (typeof o.label === 'string') parts.push(o.label);
  });
  return parts.join('\n');
}

// Reading the bot's Adaptive Cards the way a client does: the title, the visible text, the inputs and
// the Action.Submit actions (with their `data`), and building the value Web Chat posts for a submit.
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface CardElement {
  type?: string;
  id?: string;
  text?: string;
  value?: unknown;
  title?: string;
  data?: unknown;
  associatedInputs?: string;
  facts?: Array<{ title?: string; value?: string }>;
  choices?: Array<{ title?: string; value?: string }>;
  items?: CardElement[];
  columns?: CardElement[];
  actions?: CardElement[];
  body?: CardElement[];
  card?: CardElement;
}

export interface Card extends CardElement {
  type: 'AdaptiveCard';
  body: CardElement[];
}

export interface SubmitAction {
  title: string;
  data: Record<string, unknown>;
  /** 'none' for actions that send no inputs (Cancel, Back). */
  associatedInputs: string;
}

/** Every element of the card, depth first (body, containers, columns, action sets, show-card cards). */
function* walk(elements: CardElement[] | undefined): Generator<CardElement> {
  for (const e of elements ?? []) {
    yield e;
    yield* walk(e.items);
    yield* walk(e.columns);
    yield* walk(e.body);
    if (e.type === 'ActionSet') yield* walk(e.actions);
    if (e.card) yield* walk([e.card]);
  }
}

function* allElements(card: Card): Generator<CardElement> {
  yield* walk(card.body);
  yield* walk(card.actions);
}

export function cardTitle(card: Card): string {
  return card.body.find((e) => e.type === 'TextBlock')?.text ?? '';
}

/** The card's visible text: text blocks and facts ("title: value"), one per line. */
export function cardText(card: Card): string {
  const lines: string[] = [];
  for (const e of allElements(card)) {
    if (e.type === 'TextBlock' && e.text) lines.push(e.text);
    if (e.type === 'FactSet') for (const f of e.facts ?? []) lines.push(`${f.title ?? ''}: ${f.value ?? ''}`);
  }
  return lines.join('\n');
}

/** The values of the facts with this title, in card order. */
/** The values of the card's "**Title:** value" lines (the cards' facts) with this title. */
export function factValues(card: Card, title: string): string[] {
  const out: string[] = [];
  const prefix = `**${title}:** `;
  for (const e of allElements(card)) {
    if (e.type === 'TextBlock' && typeof e.text === 'string' && e.text.startsWith(prefix)) out.push(e.text.slice(prefix.length));
  }
  return out;
}

export function inputsOf(card: Card): CardElement[] {
  return [...allElements(card)].filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.') && typeof e.id === 'string');
}

export function submitActions(card: Card): SubmitAction[] {
  return [...allElements(card)]
    .filter((e) => e.type === 'Action.Submit')
    .map((e) => ({
      title: e.title ?? '',
      data: typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {},
      associatedInputs: (e.associatedInputs ?? 'auto').toLowerCase(),
    }));
}

export function findAction(card: Card, title: string | RegExp): SubmitAction | undefined {
  return submitActions(card).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
}

/** The value of the choice of `inputId` whose title matches. */
export function choiceValue(card: Card, inputId: string, title: string | RegExp): string {
  const input = inputsOf(card).find((i) => i.id === inputId);
  if (!input) throw new Error(`the card "${cardTitle(card)}" has no input "${inputId}"`);
  const choice = (input.choices ?? []).find((c) => (typeof title === 'string' ? c.title === title : title.test(c.title ?? '')));
  if (!choice?.value) {
    throw new Error(`input "${inputId}" has no choice ${String(title)}; choices: ${JSON.stringify((input.choices ?? []).map((c) => c.title))}`);
  }
  return choice.value;
}

/**
 * What Web Chat posts as `activity.value` for a click on `action`: the action's data, plus (unless the
 * action says associatedInputs "none") every input of the card that has a value, the typed one or the
 * value the card came with. Inputs left empty are not sent, as in the Adaptive Cards renderer.
 */
export function submitValue(card: Card, action: SubmitAction, typed: Record<string, string> = {}): Record<string, unknown> {
  const value: Record<string, unknown> = { ...action.data };
  const inputs = inputsOf(card);
  const unknown = Object.keys(typed).filter((id) => !inputs.some((i) => i.id === id));
  if (unknown.length) {
    throw new Error(`the card "${cardTitle(card)}" has no input(s) ${unknown.join(', ')}; it has ${inputs.map((i) => i.id).join(', ') || 'none'}`);
  }
  if (action.associatedInputs === 'none') return value;
  for (const input of inputs) {
    const v = typed[input.id!] ?? (typeof input.value === 'string' ? input.value : '');
    if (v !== '') value[input.id!] = v;
  }
  return value;
}

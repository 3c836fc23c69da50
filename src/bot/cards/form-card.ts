// The generic form card (cards/form.json): inputs with the user's values kept and a message under each
// field that needs a fix, plus the submit/cancel actions carrying verb, flow and step.
import type { Attachment } from 'botbuilder';
import { renderCard } from './templates.js';

export type FormFieldKind = 'text' | 'multiline' | 'email' | 'date' | 'choice';

export interface FormField {
  id: string;
  label: string;
  kind: FormFieldKind;
  value?: string;
  placeholder?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  maxLength?: number;
  choices?: string[];
  /** Latest date a date field's picker offers (YYYY-MM-DD); the bot checks it again. */
  max?: string;
}

export interface CardAction {
  title: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  /** 'none' for actions that must not send or validate the inputs (Cancel, Back). */
  inputs?: 'auto' | 'none';
}

export interface FormCardModel {
  title: string;
  intro?: string;
  notice?: string;
  fields: FormField[];
  actions: CardAction[];
}

export function formCardData(m: FormCardModel): object {
  return {
    title: m.title,
    intro: m.intro ?? '',
    notice: m.notice ?? '',
    fields: m.fields.map((f) => ({
      id: f.id,
      label: f.required ? `${f.label} *` : f.label,
      kind: f.kind,
      value: f.value ?? '',
      placeholder: f.placeholder ?? '',
      hint: f.hint ?? '',
      error: f.error ?? '',
      // Client-side required checks would block the server's messages in some hosts: the bot validates.
      required: false,
      requiredMessage: `${f.label} is required.`,
      maxLength: f.maxLength ?? 4000,
      choices: (f.choices ?? []).map((c) => ({ title: c, value: c })),
      max: f.max ?? '',
    })),
    actions: m.actions.map(actionData),
  };
}

export function actionData(a: CardAction): object {
  return { title: a.title, data: a.data, style: a.style ?? 'default', inputs: a.inputs ?? 'auto' };
}

export function formCard(m: FormCardModel): Attachment {
  return renderCard('form', formCardData(m));
}

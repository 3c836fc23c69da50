// Main menu, help and the list of the source's questions.
import type { Attachment } from 'botbuilder';
import { labelFor, statusDefinition, type StatusLabel } from '../../cases/labels.js';
import { renderCard } from './templates.js';
import * as T from '../texts.js';

export function mainMenuCard(n: T.Names, opts: { intro?: string; note?: string } = {}): Attachment {
  return renderCard('main-menu', { title: T.MENU_TITLE, intro: opts.intro ?? T.welcomeIntro(n), note: opts.note ?? '' });
}

/** Every label with its meaning, in the order a case moves through them. */
export function statusGlossary(n: T.Names): { label: StatusLabel; meaning: string }[] {
  const labels: StatusLabel[] = [
    labelFor('processing', 'complainant'),
    labelFor('awaiting_respondent', 'respondent'),
    labelFor('awaiting_respondent', 'complainant'),
    labelFor('cancelled', 'complainant'),
    labelFor('closed', 'complainant'),
  ];
  return labels.map((label) => ({ label, meaning: statusDefinition(label, { platform: n.platform, partner: n.partner }) }));
}

export function helpCard(n: T.Names): Attachment {
  return renderCard('help', { title: T.HELP_TITLE, intro: T.helpIntro(n), examples: T.HELP_EXAMPLES, statuses: statusGlossary(n) });
}

export function questionsCard(n: T.Names): Attachment {
  return renderCard('questions', { title: T.QUESTIONS_TITLE, intro: T.QUESTIONS_INTRO, questions: T.sourceQuestions(n) });
}

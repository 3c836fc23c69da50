// FAQ answers and suggestions as cards, used unless the FAQ module's own renderer is wired in.
import type { Attachment } from 'botbuilder';
import type { FaqMatch, FollowUp } from '../../faq/index.js';
import { renderCard } from './templates.js';
import { actionData, type CardAction } from './form-card.js';
import * as T from '../texts.js';

const FOLLOW_UP: Record<FollowUp, CardAction> = {
  file_complaint: { title: 'File a complaint', data: { verb: 'menu.file' } },
  respond: { title: 'Respond to a complaint', data: { verb: 'menu.respond' } },
  my_cases: { title: 'My cases', data: { verb: 'menu.cases' } },
  talk_to_person: { title: 'Talk to a person', data: { verb: 'menu.human' } },
};

export function faqAnswerCard(match: FaqMatch): Attachment {
  const actions = match.followUps.map((f) => FOLLOW_UP[f]).filter(Boolean);
  actions.push({ title: 'Main menu', data: { verb: 'menu.main' } });
  return renderCard('outcome', {
    title: match.question,
    color: 'Default',
    facts: [],
    paragraphs: match.answer.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean),
    note: '',
    actions: actions.slice(0, 5).map(actionData),
  });
}

export function faqSuggestionsCard(suggestions: FaqMatch[]): Attachment {
  return renderCard('questions', { title: T.FAQ_SUGGEST, intro: 'Choose the question closest to yours, or ask in other words.', questions: suggestions.map((s) => s.question) });
}

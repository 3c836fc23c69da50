// Renders a FaqResult with cards/faq-answer.json (Adaptive Card 1.5, Action.Submit only): the
// answer with its follow-ups, the suggested questions of a close call, or "I don't know" with the
// menu and a way to a person. Submit data: { verb: "menu.file" | "menu.respond" | "menu.cases" |
// "menu.human" } or { verb: "faq.ask", question }.
import type { Attachment } from 'botbuilder';
import { expandCard } from '../cards/templates.js';
import type { FaqMatch, FaqResult, FollowUp } from './types.js';

export type FaqVerb = 'menu.file' | 'menu.respond' | 'menu.cases' | 'menu.human';

export const FOLLOW_UP_ACTIONS: Readonly<Record<FollowUp, { title: string; verb: FaqVerb }>> = {
  file_complaint: { title: 'File a complaint', verb: 'menu.file' },
  respond: { title: 'Respond to a complaint', verb: 'menu.respond' },
  my_cases: { title: 'My cases', verb: 'menu.cases' },
  talk_to_person: { title: 'Talk to a person', verb: 'menu.human' },
};

export interface FaqCardData {
  title: string;
  paragraphs: string[];
  suggestions: { question: string }[];
  actions: { title: string; verb: FaqVerb }[];
}

export const FAQ_TEXTS = {
  suggestTitle: 'Did you mean one of these?',
  suggestIntro: 'Pick the question closest to yours, or ask again in other words.',
  unknownTitle: "I don't know that one",
  unknownIntro:
    "I couldn't find an answer to that question. Try asking in other words, choose what you want to do below, or talk to a person.",
} as const;

/** The template data for a result (exposed so other surfaces can reuse the same wording). */
export function faqCardData(result: FaqResult): FaqCardData {
  switch (result.kind) {
    case 'answer':
      return {
        title: result.match.question,
        paragraphs: paragraphs(result.match.answer),
        suggestions: [],
        actions: result.match.followUps.map((f) => FOLLOW_UP_ACTIONS[f]),
      };
    case 'suggest':
      return {
        title: FAQ_TEXTS.suggestTitle,
        paragraphs: [FAQ_TEXTS.suggestIntro],
        suggestions: result.suggestions.map((s) => ({ question: s.question })),
        actions: [FOLLOW_UP_ACTIONS.talk_to_person],
      };
    case 'unknown':
      return {
        title: FAQ_TEXTS.unknownTitle,
        paragraphs: [FAQ_TEXTS.unknownIntro],
        suggestions: [],
        actions: (['file_complaint', 'respond', 'my_cases', 'talk_to_person'] as const).map((f) => FOLLOW_UP_ACTIONS[f]),
      };
  }
}

/** The expanded Adaptive Card JSON for a result. */
export function renderFaqCard(result: FaqResult): Record<string, unknown> {
  return expandCard('faq-answer', faqCardData(result));
}

/** The card as a Bot Framework attachment. */
export function faqCardAttachment(result: FaqResult): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: renderFaqCard(result) };
}

/** Fits the chat layer's FaqCards port (src/bot/deps.ts): answer and suggestion cards. */
export const faqCards = {
  answer: (match: FaqMatch): Attachment => faqCardAttachment({ kind: 'answer', match }),
  suggestions: (suggestions: FaqMatch[]): Attachment => faqCardAttachment({ kind: 'suggest', suggestions }),
};

// One TextBlock per paragraph; lists stay inside their paragraph (Adaptive Card markdown).
function paragraphs(text: string): string[] {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

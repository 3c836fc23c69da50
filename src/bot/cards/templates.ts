// The bot's cards as Bot Framework attachments, expanded from the shared templates in cards/ (src/cards).
import { CardFactory, type Attachment } from 'botbuilder';
import { CARD_TEMPLATE_NAMES as ALL_TEMPLATES, expandCard, type CardTemplateName } from '../../cards/templates.js';

export { cardsDir, type CardJson } from '../../cards/templates.js';

/** The templates the bot's own card builders use (the FAQ module renders faq-answer). */
export const CARD_TEMPLATE_NAMES = ALL_TEMPLATES.filter((n) => !n.startsWith('faq-'));

export function renderCard(name: CardTemplateName, data: object): Attachment {
  return CardFactory.adaptiveCard(expandCard(name, data));
}

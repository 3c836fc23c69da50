// The FAQ module's public surface for the chat layer (see README.md beside this file).
export { createFaq } from './create-faq.js';
export { defineStatus, FAQ_STATUS_LABELS, type FaqStatusLabel } from './status-definitions.js';
export type { Faq, FaqExplanation, FaqMatch, FaqOptions, FaqResult, FollowUp } from './types.js';
export {
  faqCardAttachment,
  faqCardData,
  faqCards,
  renderFaqCard,
  FAQ_TEXTS,
  FOLLOW_UP_ACTIONS,
  type FaqCardData,
  type FaqVerb,
} from './faq-card.js';

// Free text → what the user wants, for the few things the menu offers. Questions ("how do I …?") are
// left to the FAQ; only clear requests and commands are caught here.
import { caseNumberFromChat } from '../cases/case-number.js';
import { asksForPerson } from '../conversations/handoff-machine.js';
export type Intent =
  | { kind: 'menu' }
  | { kind: 'help' }
  | { kind: 'questions' }
  | { kind: 'human' }
  | { kind: 'deleteHistory' }
  | { kind: 'cancelFlow' }
  | { kind: 'file' }
  | { kind: 'respond'; caseNumber?: string }
  | { kind: 'cases' }
  | { kind: 'view'; caseNumber: string }
  | { kind: 'cancelCase'; caseNumber: string }
  | { kind: 'none' };

const CASE_RE = /\b(C-\d{4}-\d{1,9})\b/i;
// A greeting, with at most a few friendly words after it ("hi there", "good morning team").
const GREETING = /^(hi|hello|hey|hallo|hiya|greetings|good (morning|afternoon|evening|day))( (there|all|everyone|everybody|team|bot|again|friend|folks|guys|support|sir|madam))*( how are you( doing)?| how's it going)?$/;
const QUESTION_START = /^(how|what|why|when|where|who|which|can|could|will|would|should|is|are|do|does|did|may)\b/;
const WANT = /\b(i want to|i'd like to|i would like to|i need to|i wish to|let me|want to|wanna|help me|please)\b/;

export function detectIntent(input: string): Intent {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!?]+$/, (m) => (m.includes('?') ? '?' : ''));
  if (!text) return { kind: 'none' };
  const caseMatch = CASE_RE.exec(input);
  const isQuestion = text.endsWith('?') || QUESTION_START.test(text);

  const caseNumber = caseMatch ? caseNumberFromChat(caseMatch[1]) : null;
  if (caseNumber) {
    if (/\b(cancel|withdraw|delete|close)\b/.test(text)) return { kind: 'cancelCase', caseNumber };
    if (/\b(respond|reply|answer)\b/.test(text)) return { kind: 'respond', caseNumber };
    return { kind: 'view', caseNumber };
  }
  if (/^(start|menu|main menu|home|back)$/.test(text) || GREETING.test(text.replace(/[,!?]/g, '').replace(/ +/g, ' ').trim())) return { kind: 'menu' };
  if (/^(help|help me|\?|what can you do\??|commands)$/.test(text)) return { kind: 'help' };
  if (/^(cancel|stop|quit|exit|abort|never ?mind|forget it)$/.test(text)) return { kind: 'cancelFlow' };
  if (/^(questions|faq|faqs)$/.test(text)) return { kind: 'questions' };
  if (asksForPerson(text)) return { kind: 'human' };
  if (/\b(delete|erase|remove|clear|wipe|forget)\b/.test(text) && /\b(conversation|chat|message) ?(history|log|logs|transcripts?)\b|\b(my|our|the) (history|transcripts?|conversations|chats)\b/.test(text)) {
    return { kind: 'deleteHistory' };
  }
  if (/\b(human|agent|real person|a person|someone|support team|operator)\b/.test(text) && /\b(talk|speak|chat|contact|connect|need|want)\b/.test(text)) {
    return { kind: 'human' };
  }
  if (/^(my cases|my case|my complaints|cases|case list|status|case status|my status)$/.test(text)) return { kind: 'cases' };
  if (!isQuestion && /\b(status|my cases|my complaints)\b/.test(text) && WANT.test(text)) return { kind: 'cases' };
  if (/^(respond|reply|answer|respond to a complaint|answer a complaint)$/.test(text)) return { kind: 'respond' };
  if (!isQuestion && WANT.test(text) && /\b(respond|reply|answer)\b/.test(text)) return { kind: 'respond' };
  if (/^(file|complain|new complaint|file a complaint|make a complaint|submit a complaint|lodge a complaint|report a supplier)$/.test(text)) {
    return { kind: 'file' };
  }
  if (!isQuestion && WANT.test(text) && /\b(complain|complaint|file|report|dispute|claim)\b/.test(text)) return { kind: 'file' };
  if (!isQuestion && /^(i'?m|i am) (complaining|filing|reporting)\b/.test(text)) return { kind: 'file' };
  return { kind: 'none' };
}

// What the bot says, in its own words, carrying the source FAQ's facts. Status labels are never
// written here: they come from src/cases/labels.ts exactly as the source writes them.
export interface Names {
  platform: string;
  partner: string;
}

export const MENU_TITLE = 'Complaint Center';

export function welcomeIntro(n: Names): string {
  return `Hello! I'm the ${n.platform} Complaint Center assistant. I can file a complaint for you, help you answer a complaint made against you, show how your cases stand, and answer questions about complaints. Choose below, or just tell me what you need.`;
}

export const MENU_INTRO_SHORT = 'What would you like to do?';

export const HELP_TITLE = 'How I can help';
export function helpIntro(n: Names): string {
  return `File a complaint: choose the complaint type, fill in the form and attach your evidence; ${n.platform} then investigates. Respond to a complaint: when a complaint about you is waiting for your answer, send your statement and evidence before the deadline. My cases: follow the latest status of every case and cancel a complaint you filed. Questions: ask me anything about how complaints work.`;
}
export const HELP_EXAMPLES = [
  'I want to complain about a supplier',
  'status of C-2026-000012',
  'cancel C-2026-000012',
  'respond',
  'my cases',
  'help',
];

export const QUESTIONS_TITLE = 'Questions about complaints';
export const QUESTIONS_INTRO = 'Pick a question, or type your own in your words.';
export function sourceQuestions(n: Names): string[] {
  return [
    'How do I submit a complaint?',
    'What should I do if someone submitted a complaint against me?',
    'What should I do after submitting a complaint?',
    `Will ${n.platform} help me to solve my problem after submitting a complaint?`,
    "I can't respond to all complaints. Why?",
    'What should I do if I have many files to upload?',
    'What do the complaint statuses mean?',
  ];
}

// ---- refusals ----
export const REFUSE_UNKNOWN_CARD = "I can't act on that: the card's data isn't something I understand (it may come from an old or changed card). Nothing was done.";
export const REFUSE_INVALID_CARD = "I can't act on that: the card's data didn't pass my checks, so nothing was done.";
export const STALE_GENERIC = 'That card belongs to a step that has already finished, so I did nothing with it.';
export const STALE_STEP = 'That card is from an earlier step. Please use the latest card below.';
export const STALE_CANCELLED = 'That card belongs to a complaint draft that was cancelled, so I did nothing with it.';
export function staleSubmitted(number: string): string {
  return `This complaint was already submitted as ${number}; nothing new was filed.`;
}
export function finishFirst(what: string): string {
  return `Let's finish ${what} first — use the latest card below, or choose Cancel on it.`;
}
export const PERSONAL_CHAT_ONLY =
  'To keep your cases private, I handle complaints only in a personal chat with me, not in a group chat or channel. Please open a chat with me directly and write there.';

export const FILES_NOT_EXPECTED =
  "I only take files as evidence while you're filing or answering a complaint, or after you choose Add evidence on a case, so you know who will see them. Nothing was stored.";

// ---- filing ----
export const FILE_TYPE_TITLE = 'File a complaint — complaint type';
export const FILE_TYPE_INTRO = 'First, choose the type of complaint. The next questions depend on it.';
export const FILE_TYPE_REQUIRED = 'Please choose one of the complaint types.';

export function partnerQuestion(n: Names): { title: string; question: string; why: string; yes: string; no: string } {
  return {
    title: 'Where was the order placed?',
    question: `Did you place this order on ${n.partner}?`,
    why: `Disputes about orders placed on ${n.partner} are opened on ${n.partner} itself, not here.`,
    yes: `Yes, on ${n.partner}`,
    no: 'No, somewhere else',
  };
}
export function partnerRedirect(n: Names): { title: string; intro: string; note: string } {
  return {
    title: `Open this dispute on ${n.partner}`,
    intro: `Because the order was placed on ${n.partner}, the complaint has to be lodged there, so I haven't created a case. To open a dispute on ${n.partner}:`,
    note: `If your complaint is about something other than an ${n.partner} order, you can file it here instead.`,
  };
}

export function formTitle(typeLabel: string): string {
  return `Complaint form — ${typeLabel}`;
}
export const FORM_INTRO = 'Fill in the details of your complaint. Fields marked with * are required.';
export const FORM_HAS_ERRORS = 'Some answers need a fix — see the notes under the fields.';

export const RESPONDENT_TITLE = 'Who is the complaint against?';
export const RESPONDENT_INTRO =
  'Name the company you have the dispute with and the email address they use with us. They will be asked to respond to your complaint.';
export const RESPONDENT_COMPANY = 'Company name';
export const RESPONDENT_EMAIL = 'Their email address';

export const EVIDENCE_TITLE_FILING = 'Evidence';
export function evidenceIntroFiling(): string {
  return 'Now attach the files that support your complaint to this chat (use the paperclip), for example proof of payment, the sales contract or order, photos of the goods and your communication with the other party. Evidence is optional: you can skip this step.';
}
export const EVIDENCE_NO_FILES = 'No files attached.';
export function evidenceNotMoved(names: string[], number: string): string {
  return `I couldn't add ${names.length === 1 ? 'this file' : 'these files'} to ${number}: ${names.join(', ')}. Your complaint is filed; please send ${names.length === 1 ? 'it' : 'them'} again with My cases → Add evidence.`;
}

export const SUMMARY_TITLE = 'Check your complaint';
export const SUMMARY_INTRO = 'This is what will be filed. Change anything you need, then submit.';
export function summaryFooter(n: Names): string {
  return `After you submit, ${n.platform} starts investigating and the other party will be asked to respond.`;
}

export const SUBMITTED_TITLE = 'Your complaint has been submitted';
export function submittedNext(n: Names, opts: { email: string; awaitingUntil?: string; respondent: string }): string[] {
  const lines = [`${n.platform} will start investigating your complaint as soon as possible.`];
  if (opts.awaitingUntil) {
    lines.push(`${opts.respondent} has been asked to respond by ${opts.awaitingUntil}. Until then your case shows the other party's turn.`);
  }
  lines.push(
    "Follow the latest status here at any time: choose My cases, or type 'status' and the case number.",
    `We'll also send you notification emails at ${opts.email}, including when your response is needed — please check that inbox regularly.`,
    'When you are asked for a response, answer within the period stated.',
  );
  return lines;
}
export function liabilityNote(n: Names): string {
  return `Please note: ${n.platform} is an online platform that brings buyers and suppliers together worldwide, and it is not liable or legally responsible for trade disputes. If necessary, contact your local law enforcement agency to take legal action against the company you have the dispute with.`;
}
export const FLOW_CANCELLED = "OK, I've cancelled that. Nothing was filed.";

// ---- verification ----
export function verifyIntro(purpose: 'file' | 'respond'): string {
  const what = purpose === 'file' ? 'your first complaint' : 'your first response';
  return `Before ${what} I need to confirm your email address — you only do this once. Case updates and requests for your response are sent there. If a complaint was filed against your company, use the address it was sent to.`;
}
export const VERIFY_TITLE = 'Confirm your email address';
export const VERIFY_NAME = 'Your name';
export const VERIFY_COMPANY = 'Company (leave empty if you buy as an individual)';
export const VERIFY_EMAIL = 'Email address';
export const VERIFY_CODE_TITLE = 'Enter your code';
export function verifyCodeIntro(email: string, minutes: number, format: 'digits' | 'long' = 'digits'): string {
  const what = format === 'long' ? 'a 12-character code (letters and digits)' : 'a 6-digit code';
  return `I've sent ${what} to ${email}. It is valid for ${minutes} minutes. Enter it here (or just type it in the chat).`;
}
export function verifyCodeLabel(format: 'digits' | 'long' = 'digits'): string {
  return format === 'long' ? '12-character code' : '6-digit code';
}
export const VERIFY_DONE = 'Thank you — your email address is confirmed.';
export function verifyWrongCode(triesLeft: number): string {
  return `That code isn't right. ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left.`;
}
export const VERIFY_EXPIRED = 'That code has expired. Choose Send a new code.';
export const VERIFY_TOO_MANY = 'Too many wrong tries for that code. Choose Send a new code.';
export const VERIFY_NO_PENDING = 'There is no code waiting to be confirmed. Choose Send a new code.';

// ---- responding ----
export const RESPOND_LIST_TITLE = 'Complaints awaiting your response';
export function respondListIntro(): string {
  return "These complaints are waiting for your answer. Open one to read it and choose 'Respond now' before its deadline.";
}
export function respondNoneText(n: Names): string {
  return `No complaint is waiting for your response right now. You can respond only while a case's status is 'Awaiting my response'. If a case shows 'Awaiting the other party's response' or 'Processing', please be patient and wait for further instructions from ${n.platform}; when your response is requested (usually by email), come back here within the period stated. If a complaint was filed against your company's email, make sure that's the address you confirmed.`;
}
export function respondTitle(number: string): string {
  return `Your response to ${number}`;
}
export function respondIntro(n: Names): string {
  return `Tell ${n.platform} your side of the story. Evidence helps resolve the complaint: after your statement you can attach proof of shipment, the original sales contract, your communication history and similar files. Without evidence from you, ${n.platform} may take further action, up to cancelling your membership (after further notice).`;
}
export const RESPOND_STATEMENT_LABEL = 'Your statement';
export const RESPOND_STATEMENT_REQUIRED = 'Please write your statement.';
export const RESPOND_EVIDENCE_INTRO =
  'Attach files that support your response to this chat: proof of shipment, the original sales contract, your communication history, etc. Each file is added to the case right away. When you are ready, choose Send my response.';
export const RESPOND_SENT_TITLE = 'Your response has been sent';

// ---- my cases ----
export const CASES_TITLE = 'My cases';
export const CASES_EMPTY = "You don't have any cases yet. Complaints you file, and complaints filed against the email you confirmed, appear here.";
export const CANCEL_TITLE = 'Cancel this complaint?';
export function cancelText(number: string): string {
  return `Do you really want to cancel ${number}? The investigation stops, the other party is told, and a cancelled case can't be reopened.`;
}
export const CANCEL_KEPT = 'OK, the complaint stays as it is.';
export const CASE_CANCELLED_TITLE = 'The complaint has been cancelled';
export const ADD_EVIDENCE_TITLE = 'Add evidence';
export const ADD_EVIDENCE_INTRO = 'Attach the files to this chat (use the paperclip). Each file is added to the case as soon as it arrives. Choose Done when you have finished.';

export function humanHandoff(supportEmail: string): string {
  return `A person from the support team can help you: write to ${supportEmail}, mentioning your case number if you have one. Meanwhile I'm happy to help with anything here.`;
}
export const FAQ_UNKNOWN = "I'm sorry, I don't know the answer to that. Here's what I can do — or choose Questions for the common ones, or Help.";
// ---- conversation history ----
export const HISTORY_DELETE_TITLE = 'Delete your conversation history?';
export const HISTORY_DELETE_TEXT =
  'This deletes the stored record of your chats with me (in every channel), which the support team can read. Your cases, their evidence and their timelines stay as they are. This cannot be undone.';
export const HISTORY_DELETE_YES = 'Delete my history';
export const HISTORY_DELETE_NO = 'Keep it';
export const HISTORY_DELETED = 'Done: your conversation history has been deleted. Your cases are unchanged.';
export const HISTORY_KEPT = 'OK, nothing was deleted.';
export const HISTORY_NOT_KEPT = 'No conversation history is stored here, so there is nothing to delete.';
export const NOT_WITH_A_PERSON = "You're talking to the Complaint Center bot; no person is in this chat right now. Type agent to ask for one.";

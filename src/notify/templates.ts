// Email and chat wording for every notification. Each kind is described once as a small model
// (heading, paragraphs, details, what to do); renderers turn it into plain text, HTML and a short chat line.
// Templates contain no markup of their own, so escaping every string in the HTML renderer is enough.
// Chat renders markdown: typed text in a chat line (company names, a resolution) is markdown-escaped.
import { labelFor, outcomeLabel, statusDefinition } from '../cases/labels.js';
import type { Actor } from '../cases/types.js';
import { escapeHtml } from '../text/escape-html.js';
import { escapeMarkdown } from '../text/escape-markdown.js';
import { formatDeadline, formatDuration, timeLeft } from '../time/reader-time.js';
import { caseLink, supportCaseLink, type EmailContent, type MessageContext } from './message-kinds.js';

interface MessageModel {
  subject: string;
  heading: string;
  paragraphs: string[];
  details: Array<[string, string]>;
  /** What the reader should do now. */
  action: string;
  /** One short line for chat: what happened and what to do. */
  chat: string;
}

const EVIDENCE_HINT =
  'Useful evidence: proof of shipment, the original sales contract, communication history. Many files of one kind can go in one zip. Every file you upload is seen by both parties and the support team.';

function actorWords(actor: Actor | undefined, reader: MessageContext['reader']): string {
  if (actor === undefined) return 'the platform';
  if (actor === reader) return 'you';
  switch (actor) {
    case 'complainant':
      return reader === 'support' ? 'the complainant' : 'the complainant (the other party)';
    case 'respondent':
      return reader === 'support' ? 'the respondent' : 'the respondent (the other party)';
    case 'support':
      return 'the support team';
    case 'system':
      return 'the platform';
  }
}

function complainantName(ctx: MessageContext): string {
  const c = ctx.caseDoc.complainant;
  return c.company ?? c.name ?? 'A buyer';
}

function caseDetails(ctx: MessageContext, withFields: boolean): Array<[string, string]> {
  const d = ctx.caseDoc;
  const rows: Array<[string, string]> = [
    ['Case number', d.number],
    ['Complaint type', ctx.typeName ?? d.typeId],
    ['Complainant', complainantName(ctx)],
    ['Respondent', d.respondent.company],
  ];
  if (withFields) for (const [k, v] of Object.entries(d.fields)) rows.push([ctx.fieldLabels?.[k] ?? k, String(v)]);
  return rows;
}

function respondInstruction(ctx: MessageContext): string {
  return `Open the chat (link below), say "respond ${ctx.caseDoc.number}" and send your statement and evidence. ${EVIDENCE_HINT}`;
}

function model(ctx: MessageContext): MessageModel {
  const n = ctx.caseDoc.number;
  const p = ctx.platformName;
  const reader = ctx.reader;
  const deadline = ctx.deadline ? { text: formatDeadline(ctx.deadline, ctx.timeZone) } : undefined;
  const label = reader === 'support' ? undefined : labelFor(ctx.state, reader);
  const statusLine = label ? `Status: ${label}. ${statusDefinition(label, { platform: p })}` : '';
  switch (ctx.kind) {
    case 'filed_receipt':
      return {
        subject: `[${n}] We received your complaint`,
        heading: 'We received your complaint',
        paragraphs: [`Your complaint against ${ctx.caseDoc.respondent.company} was filed as case ${n}.`, statusLine],
        details: caseDetails(ctx, true),
        action: `Nothing is needed from you now. We will tell you by chat and email when someone needs to act. You can add evidence or follow the case in the chat at any time. ${EVIDENCE_HINT}`,
        chat: `Case ${n}: your complaint was filed. We will tell you here and by email when someone needs to act.`,
      };
    case 'filed_against_you': {
      const respond = deadline
        ? `Please respond by ${deadline.text}. Without an appropriate response, ${p} reserves the right to take further action, including cancelling your membership (after further notice).`
        : `${p} is reviewing it; we will tell you when your response is needed.`;
      return {
        subject: `[${n}] A complaint was filed against you${deadline ? ' — please respond' : ''}`,
        heading: 'A complaint was filed against you',
        paragraphs: [`${complainantName(ctx)} filed a complaint against ${ctx.caseDoc.respondent.company} on ${p} (case ${n}).`, respond],
        details: caseDetails(ctx, true),
        action: deadline ? respondInstruction(ctx) : `You can read the complaint in the chat: say "case ${n}".`,
        chat: deadline
          ? `Case ${n}: a complaint was filed against you. Please respond by ${deadline.text}: say "case ${n}" to read it, "respond ${n}" to answer.`
          : `Case ${n}: a complaint was filed against you. Say "case ${n}" to read it.`,
      };
    }
    case 'response_requested':
      return {
        subject: `[${n}] Your response is needed`,
        heading: 'Your response is needed',
        paragraphs: [
          `${p} asks you to respond to case ${n}${deadline ? ` by ${deadline.text}` : ''}.`,
          ...(ctx.note ? [`Message from the support team: ${ctx.note}`] : []),
          statusLine,
        ],
        details: caseDetails(ctx, false),
        action: respondInstruction(ctx),
        chat: `Case ${n}: your response is needed${deadline ? ` by ${deadline.text}` : ''}.${ctx.note ? ` Message from the support team: ${escapeMarkdown(truncate(ctx.note, 600))}` : ''} Say "respond ${n}" to answer.`,
      };
    case 'other_party_responded':
      return {
        subject: `[${n}] The other party responded`,
        heading: 'The other party responded',
        paragraphs: [`The other party responded to case ${n}.`, statusLine],
        details: caseDetails(ctx, false),
        action: `No action is needed from you now. You can read the response and follow the case in the chat: say "case ${n}".`,
        chat: `Case ${n}: the other party responded. Say "case ${n}" to see the latest.`,
      };
    case 'status_changed':
      return {
        subject: `[${n}] Status: ${label ?? ctx.state}`,
        heading: `Status: ${label ?? ctx.state}`,
        paragraphs: [`The status of case ${n} changed.`, statusLine],
        details: caseDetails(ctx, false),
        action: `Follow the case in the chat: say "case ${n}".`,
        chat: `Case ${n}: status is now "${label ?? ctx.state}". Say "case ${n}" for details.`,
      };
    case 'cancelled': {
      const by = actorWords(ctx.actor, reader);
      return {
        subject: `[${n}] Case Cancelled`,
        heading: 'Case Cancelled',
        paragraphs: [
          `Case ${n} was cancelled by ${by}.`,
          ...(ctx.note ? [`Reason given: ${ctx.note}`] : []),
          'A cancelled case is final: nothing more will happen on it.',
        ],
        details: caseDetails(ctx, false),
        action: 'Nothing more is needed from you.',
        chat: `Case ${n} was cancelled by ${by}. Nothing more is needed from you.`,
      };
    }
    case 'closed': {
      const resolution = ctx.caseDoc.resolution ?? ctx.note;
      const outcome = ctx.caseDoc.outcome ? outcomeLabel(ctx.caseDoc.outcome) : undefined;
      return {
        subject: `[${n}] Case Closed`,
        heading: 'Case Closed',
        paragraphs: [
          `Case ${n} has been resolved and closed.`,
          ...(outcome ? [`Outcome: ${outcome}.`] : []),
          ...(resolution ? [`Resolution: ${resolution}`] : []),
          `${p} connects buyers and suppliers and is not liable for trade disputes; where needed, please contact your local law enforcement.`,
        ],
        details: caseDetails(ctx, false),
        action: `Nothing more is needed from you. The case stays readable in the chat: say "case ${n}".`,
        chat: `Case ${n} is closed.${outcome ? ` Outcome: ${outcome}.` : ''}${resolution ? ` Resolution: ${escapeMarkdown(truncate(resolution, 200))}` : ''}`,
      };
    }
    case 'deadline_missed': {
      const missed = ctx.missedParty ?? 'respondent';
      const when = deadline ? ` (${deadline.text})` : '';
      if (reader === missed) {
        return {
          subject: `[${n}] The response deadline has passed`,
          heading: 'The response deadline has passed',
          paragraphs: [
            `The deadline to respond to case ${n}${when} passed without a response from you.`,
            `The case is back with ${p}'s support team for a decision. ${p} may take further action, up to cancelling your membership after further notice.`,
          ],
          details: caseDetails(ctx, false),
          action: `If you have something to add, contact the support team in the chat: say "case ${n}".`,
          chat: `Case ${n}: the response deadline has passed. The support team will decide; contact them here if you have something to add.`,
        };
      }
      return {
        subject: `[${n}] The other party did not respond in time`,
        heading: 'The other party did not respond in time',
        paragraphs: [`The other party did not respond to case ${n} by the deadline${when}.`, `The support team will decide on the case. ${statusLine}`],
        details: caseDetails(ctx, false),
        action: `No action is needed from you now. Follow the case in the chat: say "case ${n}".`,
        chat: `Case ${n}: the other party did not respond by the deadline. The support team will decide.`,
      };
    }
    case 'reminder': {
      const left = ctx.deadline && ctx.now ? timeLeft(ctx.deadline, ctx.now) : undefined;
      return {
        subject: `[${n}] Reminder: your response is due${ctx.deadline && ctx.now ? ` in ${formatDuration(ctx.deadline.getTime() - ctx.now.getTime())}` : ''}`,
        heading: 'Reminder: your response is due',
        paragraphs: [`Your response to case ${n} is due${deadline ? ` by ${deadline.text}` : ''}${left ? ` (${left})` : ''}.`, statusLine],
        details: caseDetails(ctx, false),
        action: respondInstruction(ctx),
        chat: `Reminder — case ${n}: your response is due${deadline ? ` by ${deadline.text}` : ''}${left ? ` (${left})` : ''}. Say "respond ${n}" to answer.`,
      };
    }
    case 'support_new_case':
      return {
        subject: `[${n}] New complaint: ${ctx.typeName ?? ctx.caseDoc.typeId}`,
        heading: 'New complaint filed',
        paragraphs: [`${complainantName(ctx)} filed case ${n} against ${ctx.caseDoc.respondent.company}.`],
        details: caseDetails(ctx, true),
        action: 'Review the case and, when ready, ask a party to respond with a deadline, or close it with a resolution.',
        chat: `New complaint ${n} (${ctx.typeName ?? ctx.caseDoc.typeId}) against ${escapeMarkdown(ctx.caseDoc.respondent.company)}.`,
      };
    case 'support_deadline_missed': {
      const missed = ctx.missedParty ?? 'respondent';
      const when = deadline ? ` (${deadline.text})` : '';
      return {
        subject: `[${n}] Deadline missed by the ${missed}`,
        heading: `Deadline missed by the ${missed}`,
        paragraphs: [`The ${missed} did not respond to case ${n} by the deadline${when}. The case is back in Processing.`],
        details: caseDetails(ctx, false),
        action: 'Decide on the case: ask a party again with a new deadline, or close it with a resolution.',
        chat: `Case ${n}: the ${missed} missed the response deadline. The case is back in Processing for a decision.`,
      };
    }
    case 'support_party_responded': {
      const by = ctx.actor === 'respondent' ? 'respondent' : 'complainant';
      return {
        subject: `[${n}] The ${by} responded — needs a decision`,
        heading: `The ${by} responded`,
        paragraphs: [`The ${by} responded to case ${n}. The case is in Processing and needs a decision.`, ...(ctx.note ? [`Response: ${truncate(ctx.note, 1000)}`] : [])],
        details: caseDetails(ctx, false),
        action: 'Review the response: ask a party for more with a deadline, or close the case with an outcome.',
        chat: `Case ${n}: the ${by} responded. It needs a decision.`,
      };
    }
    case 'support_cancelled':
      return {
        subject: `[${n}] Cancelled by the complainant`,
        heading: 'Case cancelled by the complainant',
        paragraphs: [`The complainant cancelled case ${n}.`, ...(ctx.note ? [`Reason given: ${ctx.note}`] : [])],
        details: caseDetails(ctx, false),
        action: 'Nothing is needed unless the case calls for a follow-up; the case is final.',
        chat: `Case ${n} was cancelled by the complainant.`,
      };
    case 'support_message':
      return {
        subject: `[${n}] Message from the support team`,
        heading: 'Message from the support team',
        paragraphs: [`The ${p} support team wrote about case ${n}:`, ctx.note ?? '', statusLine],
        details: caseDetails(ctx, false),
        action: `Reply in the chat: say "case ${n}".`,
        chat: `Case ${n} — message from the support team: ${escapeMarkdown(truncate(ctx.note ?? '', 1500))}`,
      };
  }
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function renderEmail(ctx: MessageContext): EmailContent {
  const m = model(ctx);
  const link = ctx.reader === 'support' ? supportCaseLink(ctx.publicUrl, ctx.caseDoc.number) : caseLink(ctx.publicUrl, ctx.caseDoc.number);
  const linkText = ctx.reader === 'support' ? 'Open the case on the support desk' : 'Open the case in the chat';
  const paragraphs = m.paragraphs.filter((s) => s.length > 0);
  const footer = `${ctx.platformName} Complaint Center. This message was sent because you are a party to case ${ctx.caseDoc.number}.`;
  const text = [
    m.heading,
    '',
    ...paragraphs.flatMap((s) => [s, '']),
    'What to do:',
    m.action,
    '',
    ...m.details.map(([k, v]) => `${k}: ${v}`),
    '',
    `${linkText}: ${link}`,
    '',
    '--',
    ctx.reader === 'support' ? `${ctx.platformName} Complaint Center (support alert).` : footer,
  ].join('\n');
  const rows = m.details.map(([k, v]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const html = [
    '<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;line-height:1.4">',
    `<h2>${escapeHtml(m.heading)}</h2>`,
    ...paragraphs.map((s) => `<p>${escapeHtml(s)}</p>`),
    `<p><strong>What to do:</strong> ${escapeHtml(m.action)}</p>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(linkText)} (${escapeHtml(ctx.caseDoc.number)})</a></p>`,
    `<p style="color:#666;font-size:smaller">${escapeHtml(ctx.reader === 'support' ? `${ctx.platformName} Complaint Center (support alert).` : footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: m.subject, text, html };
}

/** One short chat message: the case number, what happened and what to do. */
export function renderChat(ctx: MessageContext): string {
  return model(ctx).chat;
}

export interface VerificationCodeEmail {
  platformName: string;
  code: string;
  minutesValid: number;
}

/** The one-time code that proves a member owns an email address. The code is not put in the subject (lock screens). */
export function renderVerificationCodeEmail({ platformName, code, minutesValid }: VerificationCodeEmail): EmailContent {
  const subject = `${platformName} Complaint Center: your verification code`;
  const lines = [
    `Your verification code is ${code}.`,
    `Type it in the chat to confirm this email address. It expires in ${minutesValid} minutes and can be used once.`,
    'If you did not ask for this code, you can ignore this email; nobody can use your address without it.',
  ];
  const text = [...lines, '', '--', `${platformName} Complaint Center`].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;line-height:1.4">',
    `<p>Your verification code is <strong style="font-size:larger;letter-spacing:2px">${escapeHtml(code)}</strong>.</p>`,
    ...lines.slice(1).map((s) => `<p>${escapeHtml(s)}</p>`),
    `<p style="color:#666;font-size:smaller">${escapeHtml(platformName)} Complaint Center</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

// The staff sign-in code email. The code is not in the subject (lock screens show subjects).
import type { EmailContent } from '../notify/message-kinds.js';
import { escapeHtml } from '../text/escape-html.js';

export function renderStaffCodeEmail(platformName: string, code: string, minutesValid: number, deskUrl: string): EmailContent {
  const subject = `${platformName} support desk: your sign-in verification code`;
  const lines = [
    `Your sign-in code for the support desk is ${code}.`,
    `Type it on the sign-in page (${deskUrl}). It expires in ${minutesValid} minutes and can be used once.`,
    'If you did not ask to sign in, ignore this email: nobody can sign in without the code.',
  ];
  return {
    subject,
    text: [...lines, '', '--', `${platformName} Complaint Center`].join('\n'),
    html: [
      '<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;line-height:1.4">',
      `<p>Your sign-in code for the support desk is <strong style="font-size:larger;letter-spacing:2px">${escapeHtml(code)}</strong>.</p>`,
      ...lines.slice(1).map((s) => `<p>${escapeHtml(s)}</p>`),
      '</body></html>',
    ].join('\n'),
  };
}

// GET /privacy and /terms: plain default pages the chat footer and the Teams manifest link to.
// A marketplace points PRIVACY_URL and TERMS_URL at its own pages instead; these stay as a fallback.
import type { Request, Response, Server } from 'restify';
import { escapeHtml } from '../text/escape-html.js';

export const PRIVACY_PATH = '/privacy';
export const TERMS_PATH = '/terms';

export interface LegalPageOptions {
  platformName: string;
  supportEmail: string;
  stylesheetUrl: string;
}

function page(title: string, body: string, o: LegalPageOptions): string {
  const name = escapeHtml(o.platformName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | ${name} Complaint Center</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(o.stylesheetUrl)}">
</head>
<body>
<header class="site-header"><div class="site-header__inner"><a class="brand" href="/">${name} Complaint Center</a></div></header>
<main class="legal">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function privacyPage(o: LegalPageOptions): string {
  const name = escapeHtml(o.platformName);
  const email = escapeHtml(o.supportEmail);
  return page('Privacy', `
<p>The ${name} Complaint Center keeps what you give it in the chat so that complaints can be handled:</p>
<ul>
<li>your name, company and email address, and the chat accounts you use with us;</li>
<li>the complaints you file or answer, their form fields, statements and the events of each case;</li>
<li>the files you upload as evidence.</li>
</ul>
<p><strong>Every file you upload is seen by both parties of the case and by our support team.</strong> Do not upload anything you want to keep from the other party.</p>
<p>We use your email address to confirm who you are (one-time codes) and to tell you about your cases. We do not sell your data.</p>
<p>Questions, or a request to see or delete your data: write to <a href="mailto:${email}">${email}</a>.</p>`, o);
}

export function termsPage(o: LegalPageOptions): string {
  const name = escapeHtml(o.platformName);
  return page('Terms of use', `
<p>The Complaint Center lets buyers and suppliers of ${name} file complaints, answer them and follow them to a decision.</p>
<ul>
<li>${name} is an online platform that connects buyers and suppliers. It is not a party to your trade and is not liable or legally responsible for trade disputes. Where needed, contact your local law enforcement agency to take legal action.</li>
<li>Tell the truth and upload only evidence you have the right to share. Both parties and our support team see every uploaded file.</li>
<li>When a case awaits your response, respond within the period stated. Without an appropriate response, ${name} may take further action, up to cancelling the membership after further notice.</li>
</ul>`, o);
}

export function registerLegalPages(server: Server, options: LegalPageOptions): void {
  const send = (html: string) => async (_req: Request, res: Response) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(html);
  };
  server.get(PRIVACY_PATH, send(privacyPage(options)));
  server.get(TERMS_PATH, send(termsPage(options)));
}

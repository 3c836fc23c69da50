// The desk's one HTML page (/support and /support/cases/<number>): a shell the script fills from the JSON
// API. No inline script or style: the CSP allows scripts and styles from this server only.
import type { Request, Response, Server } from 'restify';
import { escapeHtml } from '../text/escape-html.js';
import type { DeskAssets } from './assets.js';

export function deskCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The Adaptive Cards renderer sets element.style properties (allowed) and no style elements.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Teams shows the page as a tab in an iframe.
    'frame-ancestors \'self\' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft',
  ].join('; ');
}

export function renderDeskPage(platformName: string, assets: DeskAssets, ssoEnabled: boolean): string {
  const name = escapeHtml(platformName);
  const scripts = [assets.cards, ...(assets.teams && ssoEnabled ? [assets.teams] : []), assets.script];
  return `<!doctype html>
<html lang="en" data-theme="default">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Support desk | ${name} Complaint Center</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets.style.url}">
${scripts.map((s) => `<script src="${s.url}" defer></script>`).join('\n')}
</head>
<body data-platform="${name}" data-sso="${ssoEnabled ? 'on' : 'off'}">
<a class="skip-link" href="#main">Skip to the content</a>
<header class="bar">
  <a class="bar__title" href="/support">${name} · Support desk</a>
  <span id="who" class="bar__who"></span>
  <button id="sign-out" class="btn btn--subtle" type="button" hidden>Sign out</button>
</header>
<main id="main" tabindex="-1">
  <p id="status" class="status" role="status" aria-live="polite">Loading…</p>
  <section id="sign-in" class="panel" hidden aria-labelledby="sign-in-title">
    <h1 id="sign-in-title">Sign in</h1>
    <p>Support staff sign in with a one-time code sent to their work email.</p>
    <form id="sign-in-form" class="form">
      <label for="sign-in-email">Work email</label>
      <input id="sign-in-email" name="email" type="email" autocomplete="email" required maxlength="254">
      <button class="btn btn--primary" type="submit">Send me a code</button>
    </form>
    <form id="code-form" class="form" hidden>
      <label for="sign-in-code">6-digit code from the email</label>
      <input id="sign-in-code" name="code" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9 ]{6,7}" maxlength="7">
      <button class="btn btn--primary" type="submit">Sign in</button>
    </form>
  </section>
  <section id="queue" class="panel" hidden aria-labelledby="queue-title">
    <div class="queue-head">
      <h1 id="queue-title">Queue</h1>
      <p id="counts" class="counts"></p>
    </div>
    <form id="filters" class="filters" role="search">
      <label class="sr-only" for="filter-q">Search</label>
      <input id="filter-q" name="q" type="search" placeholder="Case number, company or email" maxlength="100">
      <label class="sr-only" for="filter-state">State</label>
      <select id="filter-state" name="state">
        <option value="">Open cases</option>
        <option value="processing">processing</option>
        <option value="awaiting_respondent">awaiting_respondent</option>
        <option value="awaiting_complainant">awaiting_complainant</option>
        <option value="closed">closed</option>
        <option value="cancelled">cancelled</option>
      </select>
      <label class="check"><input id="filter-mine" name="mine" type="checkbox"> Mine</label>
      <button class="btn" type="submit">Filter</button>
    </form>
    <ol id="queue-list" class="queue-list" aria-live="polite"></ol>
    <button id="more" class="btn" type="button" hidden>More</button>
  </section>
  <section id="case" class="panel" hidden aria-labelledby="case-title"></section>
</main>
</body>
</html>
`;
}

export function registerDeskPage(server: Server, html: () => string): void {
  const handler = async (_req: Request, res: Response): Promise<void> => {
    const body = html();
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': deskCsp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(body);
  };
  server.get('/support', handler);
  server.get('/support/cases/:number', handler);
}

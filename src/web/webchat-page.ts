// GET /: the page a marketplace site would show, with the Complaint Center chat. Everything
// configurable is escaped here (HTML) or embedded as inert JSON for the page's script.
import type { Request, Response, Server } from 'restify';
import { parseCaseNumber } from '../cases/case-number.js';
import { escapeHtml } from '../text/escape-html.js';
import type { StaticAsset } from './static-assets.js';
import { TOKEN_PATH } from './token-endpoint.js';

export interface PageOptions {
  platformName: string;
  mode: 'local' | 'azure' | 'off';
  /** A case to open once connected (the `?case=` link from emails), already validated. */
  caseNumber?: string;
  maxFileBytes: number;
  assets: { bundle: StaticAsset; script: StaticAsset; style: StaticAsset };
  privacyUrl: string;
  termsUrl: string;
}

/** The page's script reads this (id `webchat-config`). */
export interface PageConfig {
  platformName: string;
  mode: 'local' | 'azure' | 'off';
  caseNumber?: string;
  tokenUrl: string;
  /** The largest file the chat accepts; the page refuses bigger ones before sending, with a message. */
  maxFileBytes: number;
}

/** JSON that is safe inside a <script> element: no `<`, `>`, `&` or line separators left raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function renderWebChatPage(options: PageOptions): string {
  const name = escapeHtml(options.platformName);
  const config: PageConfig = {
    platformName: options.platformName,
    mode: options.mode,
    ...(options.caseNumber ? { caseNumber: options.caseNumber } : {}),
    tokenUrl: TOKEN_PATH,
    maxFileBytes: options.maxFileBytes,
  };
  const caseNotice = options.caseNumber
    ? `<p class="case-notice">The chat opens case <strong>${escapeHtml(options.caseNumber)}</strong> for you. If you have not confirmed your email address in this chat before, it first sends a one-time code to your email; once you enter it, you see the case.</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Complaint Center | ${name}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${options.assets.style.url}">
<script type="application/json" id="webchat-config">${scriptJson(config)}</script>
<script src="${options.assets.bundle.url}" defer></script>
<script src="${options.assets.script.url}" defer></script>
</head>
<body>
<a class="skip-link" href="#chat">Skip to the chat</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="brand" href="/" aria-label="${name} home"><span class="brand__mark" aria-hidden="true">${escapeHtml(options.platformName.slice(0, 1).toUpperCase())}</span>${name}</a>
    <nav aria-label="Complaint Center">
      <ul class="nav">
        <li><a href="#how-it-works">How it works</a></li>
        <li><a href="#evidence">Evidence</a></li>
        <li><a href="#chat">Chat with us</a></li>
      </ul>
    </nav>
  </div>
</header>
<main class="layout">
  <section id="chat" class="chat-panel" aria-labelledby="chat-title" tabindex="-1">
    <h1 id="chat-title" class="chat-panel__title">Chat with the Complaint Center</h1>
    ${caseNotice}
    <p id="chat-status" class="chat-status" role="status" aria-live="polite">Connecting to the chat…</p>
    <div id="webchat" class="webchat"></div>
    <noscript><p class="chat-status">The chat needs JavaScript. Please turn it on and reload the page.</p></noscript>
  </section>
  <aside class="intro" aria-labelledby="how-it-works">
    <h2 id="how-it-works">How it works</h2>
    <ol class="steps">
      <li><strong>Choose the type of complaint</strong> and fill in the short form.</li>
      <li><strong>Add evidence</strong>: proof of shipment, the sales contract, your messages with the other party.</li>
      <li><strong>Follow the status</strong> here and in the emails we send; answer when the case is awaiting your response.</li>
    </ol>
    <h2 id="evidence">Before you upload</h2>
    <p>Every file you upload is seen by both parties and by our support team. Put many files of one kind in one zip file.</p>
    <p class="note">${name} connects buyers and suppliers and is not a party to trade disputes. Where needed, contact your local law enforcement.</p>
  </aside>
</main>
<footer class="site-footer"><p>&copy; ${name}. Complaint Center. <a href="${escapeHtml(options.privacyUrl)}">Privacy</a> · <a href="${escapeHtml(options.termsUrl)}">Terms of use</a></p></footer>
</body>
</html>
`;
}

/** Content-Security-Policy of the page: scripts only from this server; Direct Line over HTTPS/WSS. */
export function pageCsp(extraOrigins: string[]): string {
  const extra = extraOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: https: ${extra}`,
    `media-src 'self' data: blob: https: ${extra}`,
    // blob: because DirectLineJS reads an attachment's blob URL before uploading it.
    `connect-src 'self' blob: https: wss: ws: ${extra}`,
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

export function registerWebChatPage(server: Server, options: Omit<PageOptions, 'caseNumber'> & { extraOrigins: () => string[] }): void {
  server.get('/', async (req: Request, res: Response) => {
    const csp = pageCsp(options.extraOrigins());
    const requested = new URL(req.url ?? '/', 'http://local').searchParams.get('case');
    const html = renderWebChatPage({ ...options, caseNumber: parseCaseNumber(requested) ?? undefined });
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(html);
  });
}

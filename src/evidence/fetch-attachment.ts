// Downloads a chat attachment with a hard size cap and a timeout, so a hostile or broken
// link can neither fill memory nor hang a turn. Only http(s) URLs are fetched, and by default
// only from public addresses (see network-guard.ts). Plain node:http(s) rather than fetch:
// its lookup hook is where the address check has to sit.
import http, { type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';
import { EvidenceRejectedError } from './errors.js';
import { tooLargeError } from './read-limited.js';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from './network-guard.js';

export const TEAMS_FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const MAX_REDIRECTS = 5;

export interface FetchAttachmentOptions {
  maxBytes: number;
  /** For example the bot's bearer token, which some channels require for contentUrl. Dropped on a redirect to another origin. */
  headers?: Record<string, string>;
  /** Whole download, headers and body; default 30 s. */
  timeoutMs?: number;
  /** For messages; defaults to "the file". */
  name?: string;
  /**
   * Allow loopback and private-network addresses. Off by default: turn it on only where the
   * attachment server is local (the bot's own local Direct Line endpoint, tests).
   */
  allowPrivateNetwork?: boolean;
  /**
   * URL prefixes that may be fetched from a private address even when allowPrivateNetwork is
   * off — e.g. `${publicUrl}/v3/directline/attachments/`, the bot's own local Direct Line
   * uploads — without opening every other local URL. Compared with the normalised URL
   * (dot segments resolved), and checked again on every redirect.
   */
  trustedPrefixes?: readonly string[];
}

function downloadFailed(name: string | undefined, why: string): EvidenceRejectedError {
  return new EvidenceRejectedError('download_failed', `We couldn't get ${name ? `"${name}"` : 'the file'} from the chat (${why}). Please send it again.`);
}

function timedOut(name: string | undefined, timeoutMs: number): EvidenceRejectedError {
  return new EvidenceRejectedError(
    'download_timeout',
    `Getting ${name ? `"${name}"` : 'the file'} from the chat took longer than ${Math.round(timeoutMs / 1000)} seconds, so we stopped. Please send it again.`,
  );
}

function badUrl(why: string): EvidenceRejectedError {
  return new EvidenceRejectedError('bad_url', `The file link ${why}, so we did not download it. Please attach the file itself.`);
}

function parseUrl(raw: string | URL): URL {
  try {
    return new URL(raw);
  } catch {
    throw badUrl('is not a valid web address');
  }
}

function checkUrl(url: URL, allowPrivate: boolean): URL {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badUrl('is not a web (http or https) address');
  if (url.username || url.password) throw badUrl('carries a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Literal addresses never reach the DNS lookup hook: check them here.
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) throw badUrl('points to a private or local network address');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw badUrl('points to a private or local network address');
  return url;
}

function get(url: URL, headers: Record<string, string>, signal: AbortSignal, allowPrivate: boolean): Promise<IncomingMessage> {
  const options: RequestOptions = { method: 'GET', headers, signal };
  if (!allowPrivate) options.lookup = publicOnlyLookup as NonNullable<RequestOptions['lookup']>;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, options, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The body as the file's bytes; the size cap then counts decompressed bytes. */
function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').toLowerCase().trim();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  // pipeline, not pipe: a broken response must also end the decoder, with the error.
  return decoder ? pipeline(res, decoder, () => undefined) : res;
}

/** Downloads url into a Buffer of at most maxBytes; throws EvidenceRejectedError otherwise. */
export async function fetchAttachment(url: string, opts: FetchAttachmentOptions): Promise<Buffer> {
  const { maxBytes, name } = opts;
  const allowPrivateFor = (u: URL): boolean => (opts.allowPrivateNetwork ?? false) || (opts.trustedPrefixes ?? []).some((p) => u.href.startsWith(p));
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const first = parseUrl(url);
  let current = checkUrl(first, allowPrivateFor(first));
  let headers: Record<string, string> = { ...opts.headers };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const fail = (err: unknown): never => {
    if (err instanceof EvidenceRejectedError) throw err;
    if (controller.signal.aborted) throw timedOut(name, timeoutMs);
    if (err instanceof PrivateAddressError) throw badUrl('points to a private or local network address');
    throw downloadFailed(name, err instanceof Error && 'code' in err ? String(err.code) : 'the connection failed');
  };
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await get(current, headers, controller.signal, allowPrivateFor(current)).catch(fail);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) throw downloadFailed(name, 'too many redirects');
        const target = parseUrl(new URL(res.headers.location, current));
        const next = checkUrl(target, allowPrivateFor(target));
        // Credentials meant for one site must not follow a redirect to another.
        if (next.origin !== current.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie)$/i.test(k)));
        current = next;
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw downloadFailed(name, `the server answered ${status}`);
      }
      const declared = Number(res.headers['content-length']);
      if (!res.headers['content-encoding'] && Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        throw tooLargeError(name, maxBytes);
      }
      const body = decoded(res);
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          total += chunk.length;
          // Leaving the loop destroys the body; the socket goes with the response.
          if (total > maxBytes) throw tooLargeError(name, maxBytes);
          chunks.push(chunk);
        }
      } catch (err) {
        res.destroy();
        fail(err);
      }
      if (res.complete === false) throw downloadFailed(name, 'the connection broke off');
      return Buffer.concat(chunks, total);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The parts of a Bot Framework Attachment this module reads. */
export interface ChatAttachmentLike {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

export interface AttachmentSource {
  url: string;
  name: string;
  /** What the channel says the file is; informational only. */
  declaredType?: string;
  /** Teams file-download links are pre-authorised: send no bot token with them. */
  teamsFile: boolean;
}

/**
 * Where to download an attachment from, or undefined when it is not a file (cards, the HTML
 * copy of the message text that Teams attaches).
 */
export function attachmentSource(att: ChatAttachmentLike): AttachmentSource | undefined {
  // The fields come from the client as they are: only strings count.
  const name = typeof att.name === 'string' && att.name ? att.name : 'file';
  const contentType = typeof att.contentType === 'string' ? att.contentType : undefined;
  if (contentType === TEAMS_FILE_DOWNLOAD_INFO) {
    const content = (typeof att.content === 'object' && att.content !== null ? att.content : {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (typeof content.downloadUrl !== 'string') return undefined;
    const src: AttachmentSource = { url: content.downloadUrl, name, teamsFile: true };
    if (typeof content.fileType === 'string') src.declaredType = content.fileType;
    return src;
  }
  if (typeof att.contentUrl !== 'string' || !att.contentUrl) return undefined;
  if (contentType?.startsWith('application/vnd.microsoft.card.')) return undefined;
  const src: AttachmentSource = { url: att.contentUrl, name, teamsFile: false };
  if (contentType) src.declaredType = contentType;
  return src;
}

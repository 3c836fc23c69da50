// Downloads a chat attachment with a hard size cap and a timeout, so a hostile or broken
// link can neither fill memory nor hang a turn. Only http(s) URLs are fetched.
import { EvidenceRejectedError } from './errors.js';
import { tooLargeError } from './read-limited.js';

export const TEAMS_FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface FetchAttachmentOptions {
  maxBytes: number;
  /** For example the bot's bearer token, which some channels require for contentUrl. */
  headers?: Record<string, string>;
  /** Whole download, headers and body; default 30 s. */
  timeoutMs?: number;
  /** For messages; defaults to "The file". */
  name?: string;
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

/** Downloads url into a Buffer of at most maxBytes; throws EvidenceRejectedError otherwise. */
export async function fetchAttachment(url: string, opts: FetchAttachmentOptions): Promise<Buffer> {
  const { maxBytes, name } = opts;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EvidenceRejectedError('bad_url', 'The file link is not a valid web address, so we could not download it. Please attach the file itself.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new EvidenceRejectedError('bad_url', 'The file link is not a web (http or https) address, so we could not download it. Please attach the file itself.');
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(parsed, { headers: opts.headers, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      if (controller.signal.aborted) throw timedOut(name, timeoutMs);
      throw downloadFailed(name, err instanceof Error && err.cause instanceof Error ? err.cause.message : 'the connection failed');
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw downloadFailed(name, `the server answered ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLargeError(name, maxBytes);
    }
    if (!res.body) return Buffer.alloc(0);
    const reader = res.body.getReader();
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLargeError(name, maxBytes);
        }
        chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      }
    } catch (err) {
      if (err instanceof EvidenceRejectedError) throw err;
      if (controller.signal.aborted) throw timedOut(name, timeoutMs);
      throw downloadFailed(name, 'the connection broke off');
    }
    return Buffer.concat(chunks, total);
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
  if (att.contentType === TEAMS_FILE_DOWNLOAD_INFO) {
    const content = (att.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    if (typeof content.downloadUrl !== 'string') return undefined;
    const src: AttachmentSource = { url: content.downloadUrl, name: att.name ?? 'file', teamsFile: true };
    if (typeof content.fileType === 'string') src.declaredType = content.fileType;
    return src;
  }
  if (!att.contentUrl) return undefined;
  if (att.contentType?.startsWith('application/vnd.microsoft.card.')) return undefined;
  const src: AttachmentSource = { url: att.contentUrl, name: att.name ?? 'file', teamsFile: false };
  if (att.contentType) src.declaredType = att.contentType;
  return src;
}

// GET /files/<token>: a party opens an evidence file from a card or an email link. The signed token
// names the member, the case and the file; the member must still be a party of the case. Files are
// sent as attachments with nosniff and a sandboxing CSP, so nothing uploaded can run as this site's
// page; only plain raster images open inline.
import contentDisposition from 'content-disposition';
import type { Request, Response, Server } from 'restify';
import type { CaseService } from '../cases/case-service.js';
import { NotFoundError } from '../cases/errors.js';
import { DOWNLOAD_PATH, DownloadLinkError, type DownloadLinks } from '../evidence/download-link.js';
import { EvidenceNotFoundError, type EvidenceStore, type OpenedEvidence } from '../evidence/index.js';
import type { MemberService } from '../identity/member-service.js';
import type { Logger } from '../log/logger.js';

export interface EvidenceDownloadDeps {
  links: DownloadLinks;
  members: Pick<MemberService, 'getById'>;
  cases: Pick<CaseService, 'authorize'>;
  evidence: Pick<EvidenceStore, 'open'>;
  logger: Logger;
}

const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const EXPIRED = 'This file link has expired. Open the case again in the chat (My cases) to get a fresh link.';
const INVALID = 'This file link is not valid. Open the case in the chat (My cases) to get a working link.';
const GONE = 'This file is not available to you. Open the case in the chat (My cases) to see its files.';

function refuse(res: Response, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** The headers a stored evidence file is sent with (also for the support desk's downloads). */
export function evidenceFileHeaders(opened: Pick<OpenedEvidence, 'evidence'>, opts: { allowInline?: boolean } = {}): Record<string, string | number> {
  const { evidence } = opened;
  const inline = opts.allowInline !== false && INLINE_TYPES.has(evidence.mime);
  return {
    'Content-Type': evidence.mime,
    'Content-Length': evidence.size,
    'Content-Disposition': contentDisposition(evidence.name, { type: inline ? 'inline' : 'attachment' }),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Streams an opened evidence file; a failure after the headers ends the response short. */
export function sendEvidenceFile(res: Response, opened: OpenedEvidence, logger: Logger, opts: { allowInline?: boolean } = {}): void {
  res.writeHead(200, evidenceFileHeaders(opened, opts));
  opened.stream.on('error', (err) => {
    logger.warn({ err, fileId: opened.evidence.fileId }, 'evidence download failed mid-stream');
    res.destroy();
  });
  opened.stream.pipe(res);
}

export function registerEvidenceDownload(server: Server, deps: EvidenceDownloadDeps): void {
  // A wildcard, not `:token`: the router caps named parameters at 100 characters and a JWT is longer.
  server.get(`${DOWNLOAD_PATH}/*`, async (req: Request, res: Response) => {
    const token = String(req.params['*'] ?? '');
    let claims;
    try {
      claims = await deps.links.verify(token);
    } catch (err) {
      if (err instanceof DownloadLinkError) return refuse(res, err.problem === 'expired' ? 410 : 403, err.problem === 'expired' ? EXPIRED : INVALID);
      throw err;
    }
    let opened: OpenedEvidence;
    try {
      const member = await deps.members.getById(claims.memberId);
      if (!member) return refuse(res, 404, GONE);
      // Still a party now (not only when the link was issued); the file must belong to that case.
      await deps.cases.authorize(member, claims.caseNumber);
      opened = await deps.evidence.open(claims.fileId, { caseNumber: claims.caseNumber });
    } catch (err) {
      // Not a party any more, or not a file of that case: the same answer, which tells nothing.
      if (err instanceof NotFoundError || err instanceof EvidenceNotFoundError) return refuse(res, 404, GONE);
      throw err;
    }
    sendEvidenceFile(res, opened, deps.logger);
  });
}

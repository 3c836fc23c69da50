// Small helpers every flow uses: sending cards, turning service errors into answers, evidence intake.
import { MessageFactory, type Attachment } from 'botbuilder';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../cases/errors.js';
import type { EvidenceRef, Party } from '../../cases/types.js';
import {
  EvidenceRejectedError,
  evidenceUploadNotice,
  fetchAttachment,
  formatBytes,
  type AttachmentSource,
} from '../../evidence/index.js';
import { mainMenuCard } from '../cards/menu-cards.js';
import { botTokenHeaders } from '../attachment-auth.js';
import * as T from '../texts.js';
import type { Turn } from '../turn.js';

export async function sendCard(turn: Turn, card: Attachment, text?: string): Promise<void> {
  await turn.ctx.sendActivity(MessageFactory.attachment(card, text));
}

export async function say(turn: Turn, text: string): Promise<void> {
  await turn.ctx.sendActivity(MessageFactory.text(text));
}

export async function sendMenu(turn: Turn, note?: string, intro: string = T.MENU_INTRO_SHORT): Promise<void> {
  await sendCard(turn, mainMenuCard(turn.names, { intro, note }));
}

/** The message for a refusal the services raise on purpose; undefined for real failures. */
export function userMessageOf(err: unknown): string | undefined {
  if (err instanceof NotFoundError || err instanceof NotAllowedError || err instanceof ConflictError || err instanceof ValidationError) {
    return err.message;
  }
  if (err instanceof EvidenceRejectedError) return err.message;
  return undefined;
}

/** A file as kept in flow state (JSON-safe). */
export interface FileRef {
  fileId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  contents?: EvidenceRef['contents'];
}

export function fileLines(files: { name: string; size: number }[]): { name: string; size: string }[] {
  return files.map((f) => ({ name: f.name, size: formatBytes(f.size) }));
}

export function uploadNotice(turn: Turn, filesSoFar?: number): { warning: string; zipHint: string; limits: string } {
  const n = evidenceUploadNotice(turn.deps.evidenceStore.limits, filesSoFar === undefined ? {} : { filesSoFar });
  return { warning: n.privacy, zipHint: n.zipHint, limits: n.limits };
}

export interface IngestTarget {
  /** Where the files are stored: the case number, or a draft key while the case does not exist yet. */
  storeKey: string;
  party: Party;
  /** Record each stored file on this case right away (existing cases). */
  attachTo?: string;
}

export interface IngestResult {
  stored: FileRef[];
  problems: string[];
}

/** Downloads each chat file with the store's size cap, stores it, and (for existing cases) records it. */
export async function ingestFiles(turn: Turn, files: AttachmentSource[], target: IngestTarget): Promise<IngestResult> {
  const { evidenceStore, caseService, logger } = turn.deps;
  const out: IngestResult = { stored: [], problems: [] };
  for (const file of files) {
    try {
      const custom = turn.deps.attachmentHeaders;
      const headers = file.teamsFile ? undefined : custom ? await custom(file.url) : await botTokenHeaders(turn.ctx, file.url).catch(() => undefined);
      const data = await fetchAttachment(file.url, { ...turn.deps.attachmentFetch, maxBytes: evidenceStore.limits.maxFileBytes, name: file.name, headers });
      const put = await evidenceStore.put({
        caseNumber: target.storeKey,
        uploadedBy: target.party,
        uploaderId: turn.member._id,
        name: file.name,
        data,
        declaredType: file.declaredType,
      });
      const ref = toFileRef(put.ref);
      if (target.attachTo) await caseService.attachEvidence(turn.member, target.attachTo, ref);
      if (put.duplicate) out.problems.push(`"${ref.name}" was already uploaded, so it is kept once.`);
      out.stored.push(ref);
    } catch (err) {
      const message = userMessageOf(err);
      if (message) out.problems.push(message);
      else {
        logger.error({ err }, 'evidence upload failed');
        out.problems.push(`Sorry, I couldn't store "${file.name}" because of a problem on my side. Please send it again.`);
      }
    }
  }
  return out;
}

export function toFileRef(ref: Pick<EvidenceRef, 'fileId' | 'name' | 'size' | 'mime' | 'sha256' | 'contents'>): FileRef {
  return { fileId: ref.fileId, name: ref.name, size: ref.size, mime: ref.mime, sha256: ref.sha256, ...(ref.contents ? { contents: ref.contents } : {}) };
}

/** Files in state, adding new ones and keeping each fileId once. */
export function mergeFiles(existing: FileRef[], added: FileRef[]): FileRef[] {
  const out = [...existing];
  for (const f of added) if (!out.some((e) => e.fileId === f.fileId)) out.push(f);
  return out;
}

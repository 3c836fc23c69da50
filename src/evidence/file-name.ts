// Original file names come from users and chat channels: keep them readable, but never let
// one carry a path, control characters or an endless length into storage or a download.

import { stripInvisible } from '../text/invisible.js';
import type { EvidenceKind } from './limits.js';

const MAX_NAME_LENGTH = 200;

export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // Bidirectional controls and zero-width characters go too: "invoice\u202Efdp.exe" would show to the
  // other party as "invoiceexe.pdf".
  // eslint-disable-next-line no-control-regex
  let name = stripInvisible(base).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '');
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return name;
}

/** The lower-case extension without the dot, or '' when there is none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Extensions that name each kind truthfully (the first is the one given). */
const KIND_EXTENSIONS: Partial<Record<EvidenceKind, readonly string[]>> = { jpg: ['jpg', 'jpeg'] };

/**
 * The name shown to others, matching what the bytes are: "report.exe" that is a PDF is "report.pdf",
 * "scan" that is a PNG is "scan.png"; a name already right is kept.
 */
export function nameForKind(name: string, kind: EvidenceKind): string {
  const exts = KIND_EXTENSIONS[kind] ?? [kind];
  const ext = extensionOf(name);
  if (exts.includes(ext)) return name;
  const stem = ext ? name.slice(0, name.length - ext.length - 1) : name;
  return `${stem.slice(0, MAX_NAME_LENGTH - 6) || 'evidence'}.${exts[0]}`;
}

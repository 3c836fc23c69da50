// What users are told before each upload, generated from the configured limits so the words
// always match what the store enforces.
import { formatBytes, joinWords } from './format.js';
import type { EvidenceKind, EvidenceLimits } from './limits.js';
import { EVIDENCE_KINDS } from './limits.js';

export const EVIDENCE_PRIVACY_WARNING =
  "Every file you upload is seen by both parties and the support team — don't upload anything you want to keep private.";

const GROUPS: readonly { label: string; kinds: readonly EvidenceKind[] }[] = [
  { label: 'PDF', kinds: ['pdf'] },
  { label: 'pictures', kinds: ['jpg', 'png', 'gif', 'webp'] },
  { label: 'text', kinds: ['txt', 'csv'] },
  { label: 'Word', kinds: ['doc', 'docx'] },
  { label: 'Excel', kinds: ['xls', 'xlsx'] },
  { label: 'ZIP', kinds: ['zip'] },
];

/** "PDF, pictures (JPG, PNG, GIF, WebP), text (TXT, CSV), Word (DOC, DOCX), Excel (XLS, XLSX) and ZIP". */
export function allowedTypesPlain(allowed: readonly EvidenceKind[]): string {
  const parts: string[] = [];
  for (const g of GROUPS) {
    const present = g.kinds.filter((k) => allowed.includes(k));
    if (present.length === 0) continue;
    const labels = present.map((k) => EVIDENCE_KINDS[k].label);
    parts.push(present.length === 1 && labels[0] === g.label ? g.label : `${g.label} (${labels.join(', ')})`);
  }
  return joinWords(parts);
}

export function evidenceZipHint(limits: EvidenceLimits): string {
  if (!limits.allowedKinds.includes('zip')) {
    return `A case can hold up to ${limits.maxFilesPerCase} files, so choose the ones that matter most.`;
  }
  return `Have many files of one kind (for example all your chat screenshots, or all shipping documents)? Put them into one zip file and upload that. A zip may hold up to ${limits.zip.maxEntries} files and ${formatBytes(limits.zip.maxTotalUncompressedBytes)} once unpacked, with no other archives or passwords inside.`;
}

/** The limits in plain words; with filesSoFar, also how many more the case can take. */
export function evidenceLimitsText(limits: EvidenceLimits, filesSoFar?: number): string {
  const lines = [
    `You can upload ${allowedTypesPlain(limits.allowedKinds)} files, up to ${formatBytes(limits.maxFileBytes)} each.`,
    `A case can hold up to ${limits.maxFilesPerCase} files.`,
  ];
  if (filesSoFar !== undefined) {
    const left = Math.max(0, limits.maxFilesPerCase - filesSoFar);
    lines.push(
      left === 0
        ? `This case already has ${filesSoFar} files, so no more can be added.`
        : `This case has ${filesSoFar} ${filesSoFar === 1 ? 'file' : 'files'} so far: you can add ${left} more.`,
    );
  }
  return lines.join(' ');
}

export interface UploadNotice {
  privacy: string;
  zipHint: string;
  limits: string;
  /** The three joined as paragraphs, for a plain text message. */
  text: string;
}

/** Everything to show before an upload. */
export function evidenceUploadNotice(limits: EvidenceLimits, opts: { filesSoFar?: number } = {}): UploadNotice {
  const privacy = EVIDENCE_PRIVACY_WARNING;
  const zipHint = evidenceZipHint(limits);
  const limitsText = evidenceLimitsText(limits, opts.filesSoFar);
  return { privacy, zipHint, limits: limitsText, text: [privacy, limitsText, zipHint].join('\n\n') };
}

// What a file really is, decided from its bytes (file-type), never from its name. The name
// only matters where the bytes cannot decide: plain text has no magic number, and an OLE
// compound file (cfb) may be a Word or Excel document — or an installer.
import { fileTypeFromBuffer } from 'file-type';
import { EvidenceRejectedError } from './errors.js';
import { extensionOf } from './file-name.js';
import { EVIDENCE_KINDS, type EvidenceKind, type EvidenceKindInfo } from './limits.js';
import { joinWords } from './format.js';

/** file-type extensions that map straight onto an accepted kind. */
const DIRECT: Readonly<Record<string, EvidenceKind>> = {
  pdf: 'pdf',
  jpg: 'jpg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  docx: 'docx',
  xlsx: 'xlsx',
  zip: 'zip',
};

export function allowedKindsText(allowed: readonly EvidenceKind[]): string {
  return joinWords(allowed.map((k) => EVIDENCE_KINDS[k].label));
}

function notAllowed(name: string, what: string, allowed: readonly EvidenceKind[]): EvidenceRejectedError {
  return new EvidenceRejectedError(
    'type_not_allowed',
    `We can't accept "${name}": ${what}, which is not an allowed type. Allowed types: ${allowedKindsText(allowed)}.`,
  );
}

function utf16(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

/** Word and Excel binary files name their main stream in the compound file's directory. */
function cfbKind(bytes: Buffer, name: string): EvidenceKind | undefined {
  const isWord = bytes.includes(utf16('WordDocument'));
  const isExcel = bytes.includes(utf16('Workbook')) || bytes.includes(utf16('Book\u0000'));
  if (isWord && isExcel) return extensionOf(name) === 'xls' ? 'xls' : 'doc';
  if (isWord) return 'doc';
  if (isExcel) return 'xls';
  return undefined;
}

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export async function detectEvidenceKind(bytes: Buffer, name: string, allowed: readonly EvidenceKind[]): Promise<EvidenceKindInfo> {
  const accept = (kind: EvidenceKind, what: string): EvidenceKindInfo => {
    if (!allowed.includes(kind)) throw notAllowed(name, what, allowed);
    return EVIDENCE_KINDS[kind];
  };
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    const direct = DIRECT[detected.ext];
    if (direct) return accept(direct, `its content is a ${EVIDENCE_KINDS[direct].label} file`);
    if (detected.ext === 'cfb') {
      const kind = cfbKind(bytes, name);
      if (kind) return accept(kind, `its content is a ${EVIDENCE_KINDS[kind].label} file`);
      throw notAllowed(name, 'its content is an Office or Windows compound file that is neither a Word nor an Excel document', allowed);
    }
    throw notAllowed(name, `its content is actually a .${detected.ext} file`, allowed);
  }
  const ext = extensionOf(name);
  const textKind: EvidenceKind | undefined = ext === 'txt' ? 'txt' : ext === 'csv' ? 'csv' : undefined;
  const text = isUtf8Text(bytes);
  if (textKind && text) return accept(textKind, `it is a ${EVIDENCE_KINDS[textKind].label} file`);
  if (textKind) {
    throw new EvidenceRejectedError(
      'text_not_utf8',
      `We can't accept "${name}": it is named as a text file but its content is not plain UTF-8 text. Please save it as UTF-8 text (or as a PDF) and send it again. Allowed types: ${allowedKindsText(allowed)}.`,
    );
  }
  if (text && (allowed.includes('txt') || allowed.includes('csv'))) {
    throw new EvidenceRejectedError(
      'type_not_allowed',
      `We can't accept "${name}" as it is: it is plain text, and text files must be named .txt or .csv. Please rename it and send it again. Allowed types: ${allowedKindsText(allowed)}.`,
    );
  }
  throw new EvidenceRejectedError(
    'type_not_allowed',
    `We can't accept "${name}": we can't tell from its content what kind of file it is. Allowed types: ${allowedKindsText(allowed)}.`,
  );
}

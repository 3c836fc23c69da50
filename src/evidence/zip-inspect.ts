// Zip archives (and the zip-based docx/xlsx) are read with yauzl from the central directory,
// then every entry is inflated once into nothing, with hard caps, because the directory's
// declared sizes are written by whoever made the file and may lie.
import yauzl from 'yauzl';
import { fileTypeFromBuffer } from 'file-type';
import { EvidenceRejectedError } from './errors.js';
import { formatBytes } from './format.js';
import type { ZipLimits } from './limits.js';

export interface ZipEntryInfo {
  name: string;
  /** Uncompressed size as declared by the archive. */
  size: number;
  compressedSize: number;
  directory: boolean;
  encrypted: boolean;
}

export interface ZipCheckOptions {
  limits: ZipLimits;
  /** The upload's name, for messages. */
  fileName: string;
  /** Plain zips must not hold other archives; docx/xlsx legitimately embed other zips. */
  forbidNested: boolean;
}

/** Names that are archives by extension. */
const ARCHIVE_NAME = /\.(zip|zipx|rar|7z|gz|tgz|tar|bz2|tbz2?|xz|txz|lz|lzma|lzh|lha|zst|z|cab|iso|jar|war|ear|apk|arj|ace|cpio|rpm|deb|dmg|wim|xar|sit|sitx)$/i;
/** Archive formats as file-type names them, for entries whose names lie. */
const ARCHIVE_TYPES = new Set(['zip', 'rar', '7z', 'gz', 'tar', 'bz2', 'xz', 'lz', 'lzh', 'zst', 'cab', 'ar', 'rpm', 'deb', 'cpio', 'Z', 'jar', 'apk', 'xpi', 'arj', 'ace', 'dmg', 'iso', 'lzma', 'xar', 'war', 'ear']);
/**
 * Enough of each entry for file-type to recognise an archive, and to tell a zipped Word or
 * Excel file (welcome inside a zip) from a plain nested zip by its [Content_Types].xml.
 */
const HEAD_BYTES = 64 * 1024;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function reject(reason: ConstructorParameters<typeof EvidenceRejectedError>[0], message: string): EvidenceRejectedError {
  return new EvidenceRejectedError(reason, message);
}

/** Why an entry name is unsafe to extract, or undefined when it is fine. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\\')) return 'uses backslashes';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'contains control characters';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  if (name.split('/').includes('..')) return 'goes up a folder (..)';
  return undefined;
}

/** Shown in messages: printable and short. */
function quoteName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `"${clean.length > 80 ? `${clean.slice(0, 77)}...` : clean}"`;
}

interface RawEntry {
  info: ZipEntryInfo;
  entry: yauzl.Entry;
  nameRaw: Buffer;
}

async function openZip(buffer: Buffer, fileName: string): Promise<yauzl.ZipFile> {
  try {
    // decodeStrings: false so yauzl hands us every name, bad ones included: we judge them ourselves.
    return await yauzl.fromBufferPromise(buffer, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch {
    throw reject('zip_corrupt', `"${fileName}" is not a readable zip file (it may be damaged or incomplete). Please create the zip again and send it.`);
  }
}

async function readEntries(zip: yauzl.ZipFile, fileName: string, maxEntries?: number): Promise<RawEntry[]> {
  if (maxEntries !== undefined && zip.entryCount > maxEntries) {
    throw reject('zip_too_many_entries', `"${fileName}" holds ${zip.entryCount} files; a zip may hold at most ${maxEntries}. Please split it into smaller zips.`);
  }
  const out: RawEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const nameRaw = entry.fileNameRaw;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, nameRaw, entry.extraFields, true);
      out.push({
        entry,
        nameRaw,
        info: {
          name,
          size: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          directory: name.endsWith('/'),
          encrypted: entry.isEncrypted(),
        },
      });
    }
  } catch (err) {
    if (err instanceof Error && /encrypt/i.test(err.message)) {
      throw reject('zip_encrypted', `"${fileName}" is password-protected, so nobody could open it. Please upload it without a password.`);
    }
    throw reject('zip_corrupt', `"${fileName}" is not a readable zip file (its table of contents is damaged). Please create the zip again and send it.`);
  }
  return out;
}

/** The entries of a zip, for display (support team). No refusals beyond "unreadable". */
export async function listZipEntries(buffer: Buffer, fileName = 'the zip file'): Promise<ZipEntryInfo[]> {
  const zip = await openZip(buffer, fileName);
  try {
    return (await readEntries(zip, fileName)).map((e) => e.info);
  } finally {
    zip.close();
  }
}

function checkDeclared(entries: RawEntry[], fileBytes: number, opts: ZipCheckOptions): void {
  const { limits, fileName } = opts;
  let total = 0;
  let compressed = 0;
  for (const { info, entry } of entries) {
    const why = unsafeEntryName(info.name);
    if (why) {
      throw reject(
        'zip_unsafe_path',
        `"${fileName}" contains an entry whose name ${why}: ${quoteName(info.name)}. Entry names must stay inside the zip: no "..", no leading "/" or drive letter, no backslashes. Please zip the files again from an ordinary folder.`,
      );
    }
    if (info.encrypted) {
      throw reject('zip_encrypted', `"${fileName}" is password-protected (${quoteName(info.name)}), so nobody could open it. Please upload it without a password.`);
    }
    if (!info.directory && entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw reject(
        'zip_unsupported_method',
        `"${fileName}" uses an unusual compression method for ${quoteName(info.name)} that we can't check. Please create the zip with the standard "deflate" method (the default of most tools).`,
      );
    }
    if (opts.forbidNested && !info.directory && ARCHIVE_NAME.test(info.name)) throw nestedError(fileName, info.name);
    total += info.size;
    compressed += info.compressedSize;
    if (total > limits.maxTotalUncompressedBytes) throw tooBigError(fileName, limits);
    if (info.size > limits.ratioFloorBytes && info.size / Math.max(info.compressedSize, 1) > limits.maxRatio) throw ratioError(fileName, limits);
  }
  // Entries that share compressed bytes are the "overlapping files" bomb trick.
  if (compressed > fileBytes) {
    throw reject('zip_corrupt', `"${fileName}" has entries that overlap each other, a trick used by "zip bombs". Please create the zip again with an ordinary tool.`);
  }
  if (total > limits.ratioFloorBytes && total / Math.max(fileBytes, 1) > limits.maxRatio) throw ratioError(fileName, limits);
}

function tooBigError(fileName: string, limits: ZipLimits): EvidenceRejectedError {
  return reject(
    'zip_too_big',
    `"${fileName}" would unpack to more than ${formatBytes(limits.maxTotalUncompressedBytes)}, the limit for a zip's contents. Please split it into smaller zips or send fewer files.`,
  );
}

function ratioError(fileName: string, limits: ZipLimits): EvidenceRejectedError {
  return reject(
    'zip_ratio',
    `"${fileName}" is compressed more than ${limits.maxRatio} to 1, which ordinary documents never are: it looks like a "zip bomb", so we can't accept it. Please zip the original files normally.`,
  );
}

function nestedError(fileName: string, entryName: string): EvidenceRejectedError {
  return reject(
    'zip_nested_archive',
    `"${fileName}" contains another archive (${quoteName(entryName)}). Please put the files themselves into one zip, without zip, rar, 7z, tar or gz files inside.`,
  );
}

async function verifyEntries(zip: yauzl.ZipFile, entries: RawEntry[], fileBytes: number, opts: ZipCheckOptions): Promise<void> {
  const { limits, fileName } = opts;
  let inflated = 0;
  for (const { info, entry, nameRaw } of entries) {
    if (info.directory) continue;
    let head: Buffer = Buffer.alloc(0);
    try {
      // Streaming extractors go by the local header: its name must be the directory's.
      const local = await zip.readLocalFileHeaderPromise(entry);
      if (!Buffer.from(local.fileName).equals(nameRaw)) {
        throw reject('zip_corrupt', `"${fileName}" has an entry whose two recorded names disagree (${quoteName(info.name)}). Please create the zip again with an ordinary tool.`);
      }
      const stream = await zip.openReadStreamPromise(entry);
      let entryBytes = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        entryBytes += chunk.length;
        inflated += chunk.length;
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        // Our own caps, whatever yauzl's size checks do: never inflate past the limits.
        if (entryBytes > info.size) throw sizeMismatch(fileName, info.name);
        if (inflated > limits.maxTotalUncompressedBytes) throw tooBigError(fileName, limits);
        if (inflated > limits.ratioFloorBytes && inflated / Math.max(fileBytes, 1) > limits.maxRatio) throw ratioError(fileName, limits);
      }
      if (entryBytes !== info.size) throw sizeMismatch(fileName, info.name);
    } catch (err) {
      if (err instanceof EvidenceRejectedError) throw err;
      if (err instanceof Error && /too many bytes|not enough bytes|size mismatch/i.test(err.message)) throw sizeMismatch(fileName, info.name);
      throw reject('zip_corrupt', `"${fileName}" is damaged: ${quoteName(info.name)} can't be unpacked. Please create the zip again and send it.`);
    }
    if (opts.forbidNested && head.length > 0) {
      const t = await fileTypeFromBuffer(head).catch(() => undefined);
      // A zip that file-type can't name from its head is still a zip.
      if (t ? ARCHIVE_TYPES.has(t.ext) : head.subarray(0, 4).equals(ZIP_MAGIC)) throw nestedError(fileName, info.name);
    }
  }
}

function sizeMismatch(fileName: string, entryName: string): EvidenceRejectedError {
  return reject(
    'zip_size_mismatch',
    `"${fileName}" declares a size for ${quoteName(entryName)} that doesn't match its real content, a trick used by "zip bombs", so we can't accept it. Please zip the original files normally.`,
  );
}

/**
 * Checks a zip (or docx/xlsx) against the limits and returns its entries. Throws
 * EvidenceRejectedError with a user-facing message on the first problem found.
 */
export async function inspectZip(buffer: Buffer, opts: ZipCheckOptions): Promise<ZipEntryInfo[]> {
  const zip = await openZip(buffer, opts.fileName);
  try {
    const entries = await readEntries(zip, opts.fileName, opts.limits.maxEntries);
    if (entries.length > opts.limits.maxEntries) {
      throw reject('zip_too_many_entries', `"${opts.fileName}" holds more than ${opts.limits.maxEntries} files. Please split it into smaller zips.`);
    }
    checkDeclared(entries, buffer.length, opts);
    await verifyEntries(zip, entries, buffer.length, opts);
    return entries.map((e) => e.info);
  } finally {
    zip.close();
  }
}

/**
 * Whether a zip archive ends these bytes: an end-of-central-directory record whose comment reaches
 * exactly to the end, where zip tools look for it. An image with an archive appended opens as an image
 * and, renamed, as an archive; its contents would escape the zip checks.
 */
export function hasAppendedZip(bytes: Buffer): boolean {
  const EOCD = 0x06054b50;
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= from; i -= 1) {
    if (bytes.readUInt32LE(i) === EOCD && i + 22 + bytes.readUInt16LE(i + 20) === bytes.length) return true;
  }
  return false;
}

// Evidence files in GridFS (bucket "evidence"). Each file is read once with a hard size cap,
// hashed, typed from its bytes and, when it is a zip, inspected — all before it touches the
// database. Then: duplicates (same sha256 in the same case) are answered with the file already
// stored, a slot is reserved on a per-case counter with a guarded update so parallel uploads
// never pass the per-case limit, and the file is written. A unique index on (case, sha256)
// makes two parallel uploads of the same file end as one stored file.
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GridFSBucket, ObjectId, type Collection, type Db, type Filter, type GridFSFile } from 'mongodb';
import type { EvidenceRef, Party, ZipContents } from '../cases/types.js';
import { EvidenceNotFoundError, EvidenceRejectedError } from './errors.js';
import { detectEvidenceKind } from './detect-type.js';
import { nameForKind, sanitizeFileName } from './file-name.js';
import { resolveEvidenceLimits, type EvidenceKind, type EvidenceLimits, type EvidenceLimitsInput } from './limits.js';
import { readLimited } from './read-limited.js';
import { hasAppendedZip, inspectZip, listZipEntries, type ZipEntryInfo } from './zip-inspect.js';

const EVIDENCE_IMAGE_KINDS: ReadonlySet<EvidenceKind> = new Set(['jpg', 'png', 'gif', 'webp']);

export interface PutEvidenceInput {
  caseNumber: string;
  uploadedBy: Party;
  /** Member id of the uploading person. */
  uploaderId: string;
  /** The original file name as the user or channel gave it. */
  name: string;
  data: Buffer | Readable;
  /** The type the channel claimed; kept for the record, never trusted. */
  declaredType?: string;
}

export interface PutEvidenceResult {
  /** Plain EvidenceRef, ready to be appended to the case document. */
  ref: EvidenceRef;
  /** true when the same bytes were already stored for this case: ref is that file. */
  duplicate: boolean;
}

/** An evidence file as listed for a case (an EvidenceRef plus where it belongs). */
export interface StoredEvidence extends EvidenceRef {
  caseNumber: string;
  uploaderId: string;
  kind: EvidenceKind;
  declaredType?: string;
}

export interface OpenedEvidence {
  stream: Readable;
  evidence: StoredEvidence;
}

export interface EvidenceStoreOptions {
  limits?: EvidenceLimitsInput;
  /** GridFS bucket name; "evidence" gives the collections evidence.files and evidence.chunks. */
  bucketName?: string;
  /** Per-case slot counters; default "<bucketName>_counters". */
  countersCollection?: string;
}

interface EvidenceMetadata {
  caseNumber: string;
  uploadedBy: Party;
  uploaderId: string;
  sha256: string;
  kind: EvidenceKind;
  mime: string;
  originalName: string;
  declaredType?: string;
  contents?: ZipContents;
}

/** How many entry names of a zip are kept for the listing shown to the parties. */
const LISTED_ZIP_ENTRIES = 20;

type EvidenceFile = GridFSFile & { metadata: EvidenceMetadata };

interface CounterDoc {
  _id: string;
  /** Files stored plus uploads in flight. */
  count: number;
  lastReservedAt?: Date;
}

/**
 * A slot reserved this long ago whose upload never finished was lost to a crash: uploads
 * reserve only after the file is read and checked, so a reservation lives for one GridFS write.
 */
const STALE_RESERVATION_MS = 5 * 60_000;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseId(fileId: string): ObjectId | undefined {
  return /^[0-9a-f]{24}$/i.test(fileId) ? new ObjectId(fileId) : undefined;
}

function toStored(doc: EvidenceFile): StoredEvidence {
  const m = doc.metadata;
  const out: StoredEvidence = {
    fileId: doc._id.toHexString(),
    name: m.originalName,
    size: doc.length,
    mime: m.mime,
    sha256: m.sha256,
    uploadedBy: m.uploadedBy,
    uploadedAt: doc.uploadDate,
    caseNumber: m.caseNumber,
    uploaderId: m.uploaderId,
    kind: m.kind,
  };
  if (m.declaredType !== undefined) out.declaredType = m.declaredType;
  if (m.contents) out.contents = m.contents;
  return out;
}

function toRef(doc: EvidenceFile): EvidenceRef {
  const s = toStored(doc);
  const ref: EvidenceRef = { fileId: s.fileId, name: s.name, size: s.size, mime: s.mime, sha256: s.sha256, uploadedBy: s.uploadedBy, uploadedAt: s.uploadedAt };
  if (s.contents) ref.contents = s.contents;
  return ref;
}

export class EvidenceStore {
  readonly limits: EvidenceLimits;
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<EvidenceFile>;
  private readonly chunks: Collection;
  private readonly counters: Collection<CounterDoc>;
  private indexes?: Promise<void>;

  constructor(db: Db, options: EvidenceStoreOptions = {}) {
    const bucketName = options.bucketName ?? 'evidence';
    this.limits = resolveEvidenceLimits(options.limits);
    this.bucket = new GridFSBucket(db, { bucketName });
    this.files = db.collection<EvidenceFile>(`${bucketName}.files`);
    this.chunks = db.collection(`${bucketName}.chunks`);
    this.counters = db.collection<CounterDoc>(options.countersCollection ?? `${bucketName}_counters`);
  }

  /** Creates the indexes once per store (also called by put). */
  ensureIndexes(): Promise<void> {
    this.indexes ??= (async () => {
      await this.files.createIndex({ 'metadata.caseNumber': 1, 'metadata.sha256': 1 }, { unique: true, name: 'case_sha256_unique' });
      await this.files.createIndex({ 'metadata.caseNumber': 1, uploadDate: 1 }, { name: 'case_uploaded' });
    })().catch((err: unknown) => {
      this.indexes = undefined;
      throw err;
    });
    return this.indexes;
  }

  /**
   * Stores one evidence file, or returns the identical one already stored for the case.
   * Throws EvidenceRejectedError (reason + user-facing message) when the file is refused.
   */
  async put(input: PutEvidenceInput): Promise<PutEvidenceResult> {
    const { caseNumber } = input;
    const cleanName = sanitizeFileName(input.name) || 'file';
    const { buffer, sha256 } = await readLimited(input.data, this.limits.maxFileBytes, cleanName);
    if (buffer.length === 0) throw new EvidenceRejectedError('empty', `"${cleanName}" is empty (0 bytes). Please check the file and send it again.`);
    const kind = await detectEvidenceKind(buffer, cleanName, this.limits.allowedKinds);
    let contents: ZipContents | undefined;
    if (kind.kind === 'zip' || kind.kind === 'docx' || kind.kind === 'xlsx') {
      const entries = await inspectZip(buffer, { limits: this.limits.zip, fileName: cleanName, forbidNested: kind.kind === 'zip' });
      if (kind.kind === 'zip') {
        const files = entries.filter((e) => !e.directory);
        contents = { total: files.length, names: files.slice(0, LISTED_ZIP_ENTRIES).map((e) => sanitizeFileName(e.name.split('/').pop() ?? e.name) || e.name) };
      }
    }
    if (EVIDENCE_IMAGE_KINDS.has(kind.kind) && hasAppendedZip(buffer)) {
      throw new EvidenceRejectedError('type_not_allowed', `We can't accept "${cleanName}": a zip archive is hidden at the end of this image. Please send the image alone, or the archive as a .zip file.`);
    }
    // The name others see says what the file is: "report.exe" that is a PDF is listed as "report.pdf".
    const name = nameForKind(cleanName === 'file' ? 'evidence' : cleanName, kind.kind);

    await this.ensureIndexes();
    const existing = await this.findDuplicate(caseNumber, sha256);
    if (existing) return { ref: toRef(existing), duplicate: true };

    if (!(await this.reserveSlot(caseNumber))) {
      // A parallel upload of these same bytes may have taken the last slot: that is a duplicate, not a refusal.
      const dup = await this.findDuplicate(caseNumber, sha256);
      if (dup) return { ref: toRef(dup), duplicate: true };
      throw new EvidenceRejectedError(
        'too_many_files',
        `This case already has ${this.limits.maxFilesPerCase} files, the most a case can hold. To add more, put several files into one zip, or ask the support team.`,
      );
    }

    const id = new ObjectId();
    const metadata: EvidenceMetadata = { caseNumber, uploadedBy: input.uploadedBy, uploaderId: input.uploaderId, sha256, kind: kind.kind, mime: kind.mime, originalName: name };
    if (input.declaredType !== undefined) metadata.declaredType = input.declaredType.slice(0, 200);
    if (contents) metadata.contents = contents;
    try {
      const upload = this.bucket.openUploadStream(name, { id, metadata });
      upload.end(buffer);
      await finished(upload);
    } catch (err) {
      await this.releaseSlot(caseNumber);
      // The files document is written last: when it fails, its chunks are orphans.
      await this.chunks.deleteMany({ files_id: id }).catch(() => undefined);
      if (isDuplicateKey(err)) {
        const dup = await this.findDuplicate(caseNumber, sha256);
        if (dup) return { ref: toRef(dup), duplicate: true };
      }
      throw err;
    }
    const stored = await this.files.findOne({ _id: id });
    if (!stored) throw new Error(`evidence file ${id.toHexString()} vanished right after it was stored`);
    return { ref: toRef(stored), duplicate: false };
  }

  /** The case's files, oldest first. */
  async list(caseNumber: string): Promise<StoredEvidence[]> {
    const docs = await this.files.find({ 'metadata.caseNumber': caseNumber }).sort({ uploadDate: 1, _id: 1 }).toArray();
    return docs.map(toStored);
  }

  /** How many files the case holds now. */
  async count(caseNumber: string): Promise<number> {
    return this.files.countDocuments({ 'metadata.caseNumber': caseNumber });
  }

  /** The file's metadata; with caseNumber, a file of another case is "not found". */
  async get(fileId: string, opts: { caseNumber?: string } = {}): Promise<StoredEvidence> {
    return toStored(await this.findFile(fileId, opts.caseNumber));
  }

  /** A download stream and the file's metadata. Pass caseNumber when the id came from a user. */
  async open(fileId: string, opts: { caseNumber?: string } = {}): Promise<OpenedEvidence> {
    const doc = await this.findFile(fileId, opts.caseNumber);
    return { stream: this.bucket.openDownloadStream(doc._id), evidence: toStored(doc) };
  }

  /** The entries of a stored zip (or docx/xlsx), for the support team; null for other kinds. */
  async zipEntries(fileId: string, opts: { caseNumber?: string } = {}): Promise<ZipEntryInfo[] | null> {
    const doc = await this.findFile(fileId, opts.caseNumber);
    const kind = doc.metadata.kind;
    if (kind !== 'zip' && kind !== 'docx' && kind !== 'xlsx') return null;
    const { buffer } = await readLimited(this.bucket.openDownloadStream(doc._id), doc.length, doc.metadata.originalName);
    return listZipEntries(buffer, doc.metadata.originalName);
  }

  /**
   * Deletes a stored file and frees its slot: for the caller whose next step (recording the
   * file on the case) failed, and for support removing a file. Not found → EvidenceNotFoundError.
   */
  async remove(fileId: string, opts: { caseNumber?: string } = {}): Promise<void> {
    const doc = await this.findFile(fileId, opts.caseNumber);
    // The files document goes first: from then on the file is gone for readers and duplicates.
    const { deletedCount } = await this.files.deleteOne({ _id: doc._id });
    await this.chunks.deleteMany({ files_id: doc._id });
    if (deletedCount === 1) await this.releaseSlot(doc.metadata.caseNumber);
  }

  /**
   * Removes every file whose case key starts with `prefix` and that was stored before `olderThan`
   * (abandoned filing drafts), each through remove(), so chunks and slots go with it. The anchored
   * prefix regex uses the (case, uploadDate) index. Returns how many files were removed.
   */
  async removeStale(prefix: string, olderThan: Date): Promise<number> {
    if (!prefix) throw new Error('removeStale needs a non-empty prefix');
    return this.removeMatching({ 'metadata.caseNumber': { $regex: `^${escapeRegex(prefix)}` }, uploadDate: { $lt: olderThan } });
  }

  /** Removes every file of one case key (a cancelled filing's drafts), as removeStale does. */
  async removeAll(caseNumber: string): Promise<number> {
    return this.removeMatching({ 'metadata.caseNumber': caseNumber });
  }

  private async removeMatching(filter: Filter<EvidenceFile>): Promise<number> {
    await this.ensureIndexes();
    const cursor = this.files.find(filter, { projection: { _id: 1, 'metadata.caseNumber': 1 } });
    let removed = 0;
    const emptied = new Set<string>();
    for await (const doc of cursor) {
      const caseNumber = doc.metadata.caseNumber;
      try {
        await this.remove(doc._id.toHexString(), { caseNumber });
        removed += 1;
      } catch (err) {
        if (!(err instanceof EvidenceNotFoundError)) throw err; // removed meanwhile (e.g. by its flow)
      }
      emptied.add(caseNumber);
    }
    // A key left with no file and no upload in flight (count 0) drops its counter, so swept drafts
    // leave nothing behind; a later upload under that key recreates it from the files stored.
    for (const caseNumber of emptied) {
      if ((await this.count(caseNumber)) === 0) await this.counters.deleteOne({ _id: caseNumber, count: 0 });
    }
    return removed;
  }

  private async findFile(fileId: string, caseNumber: string | undefined): Promise<EvidenceFile> {
    const id = parseId(fileId);
    const doc = id ? await this.files.findOne({ _id: id }) : null;
    if (!doc?.metadata || (caseNumber !== undefined && doc.metadata.caseNumber !== caseNumber)) throw new EvidenceNotFoundError(fileId);
    return doc;
  }

  private findDuplicate(caseNumber: string, sha256: string): Promise<EvidenceFile | null> {
    return this.files.findOne({ 'metadata.caseNumber': caseNumber, 'metadata.sha256': sha256 });
  }

  /** Takes one of the case's slots; false when the case is full. */
  private async reserveSlot(caseNumber: string): Promise<boolean> {
    if (!(await this.counters.findOne({ _id: caseNumber }))) {
      // First upload for the case (or counters lost): start from the files actually stored.
      const stored = await this.count(caseNumber);
      try {
        await this.counters.updateOne({ _id: caseNumber }, { $setOnInsert: { count: stored } }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // a parallel upload created it first
      }
    }
    if (await this.takeSlot(caseNumber)) return true;
    // Full, unless slots leaked (a process died mid-upload) and nothing is in flight now.
    const counter = await this.counters.findOne({ _id: caseNumber });
    const stored = await this.count(caseNumber);
    const quiet = !counter?.lastReservedAt || Date.now() - counter.lastReservedAt.getTime() > STALE_RESERVATION_MS;
    if (!counter || counter.count <= stored || !quiet) return false;
    // Guarded by the values just read: a reservation in between makes this a no-op.
    const sameReservation = counter.lastReservedAt ? { lastReservedAt: counter.lastReservedAt } : { lastReservedAt: { $exists: false } };
    await this.counters.updateOne({ _id: caseNumber, count: counter.count, ...sameReservation }, { $set: { count: stored } });
    return this.takeSlot(caseNumber);
  }

  private async takeSlot(caseNumber: string): Promise<boolean> {
    const taken = await this.counters.findOneAndUpdate(
      { _id: caseNumber, count: { $lt: this.limits.maxFilesPerCase } },
      { $inc: { count: 1 }, $set: { lastReservedAt: new Date() } },
    );
    return taken !== null;
  }

  private async releaseSlot(caseNumber: string): Promise<void> {
    await this.counters.updateOne({ _id: caseNumber, count: { $gt: 0 } }, { $inc: { count: -1 } }).catch(() => undefined);
  }
}


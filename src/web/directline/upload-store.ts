// Files attached in web chat, kept in GridFS (bucket `directline_uploads`) for a limited time.
// Each file has a long random key besides its ObjectId (which is guessable): the download URL
// carries the key and is handed to the bot, which fetches it without a token, so knowing the URL
// is the permission.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type Db, type ObjectId } from 'mongodb';
import { newUploadId } from './ids.js';

export const UPLOADS_BUCKET = 'directline_uploads';

export interface UploadMeta {
  key: string;
  conversationId: string;
  userId: string;
  contentType: string;
}

export interface StoredUpload {
  id: string;
  filename: string;
  length: number;
  contentType: string;
}

interface UploadFileDoc {
  _id: ObjectId;
  length: number;
  filename: string;
  uploadDate: Date;
  metadata?: UploadMeta;
}

export class UploadStore {
  private readonly bucket: GridFSBucket;
  private readonly db: Db;

  constructor(db: Db, private readonly retentionMs: number = 72 * 3600 * 1000) {
    this.db = db;
    this.bucket = new GridFSBucket(db, { bucketName: UPLOADS_BUCKET });
  }

  private files() {
    return this.db.collection<UploadFileDoc>(`${UPLOADS_BUCKET}.files`);
  }

  async ensureIndexes(): Promise<void> {
    await this.files().createIndex({ 'metadata.key': 1 });
  }

  /** Stores the bytes; the returned id is the random key used in the download URL. */
  async save(bytes: Uint8Array, filename: string, meta: Omit<UploadMeta, 'key'>): Promise<StoredUpload> {
    const key = newUploadId();
    const upload = this.bucket.openUploadStream(filename, { metadata: { ...meta, key } });
    await pipeline(Readable.from([Buffer.from(bytes)]), upload);
    return { id: key, filename, length: bytes.byteLength, contentType: meta.contentType };
  }

  /** Opens a stored upload by its key, or undefined when unknown or past its retention. */
  async open(key: string): Promise<(StoredUpload & { stream: () => Readable }) | undefined> {
    const doc = await this.files().findOne({ 'metadata.key': key });
    if (!doc || doc.uploadDate.getTime() < Date.now() - this.retentionMs) return undefined;
    return {
      id: key,
      filename: doc.filename,
      length: doc.length,
      contentType: doc.metadata?.contentType ?? 'application/octet-stream',
      stream: () => this.bucket.openDownloadStream(doc._id),
    };
  }

  /** Deletes files past their retention; safe to run on every instance at once. */
  async deleteExpired(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.retentionMs);
    const expired = await this.files()
      .find({ uploadDate: { $lt: cutoff } }, { projection: { _id: 1 } })
      .limit(500)
      .toArray();
    let deleted = 0;
    for (const { _id } of expired) {
      try {
        await this.bucket.delete(_id);
        deleted += 1;
      } catch {
        // Another instance deleted it first.
      }
    }
    return deleted;
  }
}

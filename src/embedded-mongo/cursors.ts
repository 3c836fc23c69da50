// Server-side cursors: the rest of a result set waiting for getMore. Ids are BSON int64 (Long) on
// the wire — the driver rejects a plain number — and batches are capped by count and by size so a
// reply stays under the 16 MiB document limit. Idle cursors expire.
import { BSON, Long, type Document } from 'bson';
import { randomBytes } from 'node:crypto';
import { ErrorCodes, MongoCommandError } from './errors.js';

/** Room left for the reply envelope around a batch. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
export const DEFAULT_BATCH_SIZE = 101;

interface ServerCursor {
  id: Long;
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
}

export interface CursorReply extends Document {
  cursor: { id: Long; ns: string; firstBatch?: Document[]; nextBatch?: Document[] };
  ok: 1;
}

export function takeBatch(docs: Document[], from: number, batchSize: number): Document[] {
  const maxCount = batchSize > 0 ? batchSize : Infinity;
  const out: Document[] = [];
  let bytes = 0;
  for (let i = from; i < docs.length && out.length < maxCount; i++) {
    const size = BSON.calculateObjectSize(docs[i]);
    if (out.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    out.push(docs[i]);
  }
  return out;
}

export class CursorStore {
  private readonly cursors = new Map<string, ServerCursor>();

  constructor(private readonly idleTimeoutMs: number) {}

  get size(): number {
    return this.cursors.size;
  }

  /** The first batch, leaving a cursor open only when more documents remain. */
  open(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false): CursorReply {
    const batch = takeBatch(docs, 0, batchSize ?? DEFAULT_BATCH_SIZE);
    let id = Long.ZERO;
    if (!singleBatch && batch.length < docs.length) {
      id = this.newId();
      this.cursors.set(id.toString(), { id, ns, docs, position: batch.length, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
  }

  getMore(id: Long | number | bigint, ns: string, batchSize: number | undefined): CursorReply {
    const key = String(id);
    const cursor = this.cursors.get(key);
    if (!cursor) throw new MongoCommandError(ErrorCodes.CursorNotFound, `cursor id ${key} not found`);
    if (cursor.ns !== ns) {
      throw new MongoCommandError(13, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    const batch = takeBatch(cursor.docs, cursor.position, batchSize ?? 0);
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    let replyId = cursor.id;
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(key);
      replyId = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id: replyId, ns }, ok: 1 };
  }

  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = Long.isLong(raw) ? raw : Long.fromValue(raw as number);
      if (this.cursors.delete(id.toString())) killed.push(id);
      else notFound.push(id);
    }
    return { killed, notFound };
  }

  /** Drops cursors idle for longer than the timeout; returns how many. */
  sweep(now = Date.now()): number {
    let n = 0;
    for (const [key, c] of this.cursors) {
      if (now - c.lastUsed > this.idleTimeoutMs) {
        this.cursors.delete(key);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.cursors.clear();
  }

  private newId(): Long {
    // Positive, non-zero 63-bit ids, unpredictable like a real server's.
    for (;;) {
      const id = Long.fromBigInt(randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn);
      if (!id.isZero() && !this.cursors.has(id.toString())) return id;
    }
  }
}

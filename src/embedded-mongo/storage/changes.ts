// Every mutation of the catalog is described by one of these records. Persistence appends them to
// the journal; a snapshot is the same records for the current state. Each record is idempotent
// (documents are written whole), so replaying a journal over a newer snapshot is harmless.
import { BSON, type Document } from 'bson';
import type { IndexSpec } from './hash-index.js';

export type Change =
  | { o: 'p'; d: string; c: string; doc: Document; bytes?: Uint8Array } // put a document (insert or replace); `bytes`: its BSON, when already encoded
  | { o: 'r'; d: string; c: string; id: unknown } // remove a document by _id
  | { o: 'cc'; d: string; c: string; opts: Document } // create collection
  | { o: 'dc'; d: string; c: string } // drop collection
  | { o: 'dd'; d: string } // drop database
  | { o: 'ci'; d: string; c: string; spec: IndexSpec } // create index
  | { o: 'di'; d: string; c: string; name: string }; // drop index

export type ChangeSink = (change: Change) => void;

const DOC_FIELD = Buffer.from([0x03, ...Buffer.from('doc', 'latin1'), 0x00]); // embedded document named "doc"

/**
 * The journal record of a change. A put whose document was already encoded (the write's size check
 * did it) reuses those bytes: each write is serialised once.
 */
export function encodeChange(change: Change): Uint8Array {
  if (change.o !== 'p') return BSON.serialize(change);
  if (!change.bytes) return BSON.serialize({ o: change.o, d: change.d, c: change.c, doc: change.doc });
  const head = BSON.serialize({ o: change.o, d: change.d, c: change.c });
  const size = head.length - 1 + DOC_FIELD.length + change.bytes.length + 1;
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let off = 4;
  out.set(head.subarray(4, head.length - 1), off);
  off += head.length - 5;
  out.set(DOC_FIELD, off);
  off += DOC_FIELD.length;
  out.set(change.bytes, off);
  off += change.bytes.length;
  out[off] = 0;
  return out;
}

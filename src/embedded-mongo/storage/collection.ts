// A collection: documents in natural (insertion) order keyed by their canonical `_id`, plus indexes
// (hash and ordered, see hash-index.ts) kept in step on every write. Stored documents are never mutated in place — updates put a
// new object — so cursors can hold references without seeing later writes half-applied.
import { BSON, EJSON, UUID, type Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { MAX_BSON_OBJECT_SIZE } from '../wire.js';
import type { ChangeSink } from './changes.js';
import { HashIndex, type IndexSpec } from './hash-index.js';
import type { SortedKeys } from './sorted-keys.js';
import { keyOf } from './values.js';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly docs = new Map<string, Document>();
  /** Secondary indexes by name; `_id_` is served by `docs` itself. */
  readonly indexes = new Map<string, HashIndex>();
  readonly uuid = new UUID();
  /** Insertion sequence per `_id` key: restores natural order for index lookups. */
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document,
    private readonly emit: ChangeSink,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  getById(id: unknown): Document | undefined {
    return this.docs.get(keyOf(id));
  }

  /** Inserts a document that already has its `_id` (first). Throws 11000 on a unique violation. */
  insert(doc: Document): void {
    const bytes = encodeDocument(doc, (size) => `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
    const idKey = keyOf(doc._id);
    if (this.docs.has(idKey)) throw this.duplicate(ID_INDEX.key, '_id_', { _id: doc._id });
    const keyed = this.keyedIndexes(doc, idKey);
    const seq = this.nextSeq++;
    for (const [index, keys] of keyed) index.add(keys, idKey, doc, seq);
    this.docs.set(idKey, doc);
    this.seq.set(idKey, seq);
    this.emit({ o: 'p', d: this.db, c: this.name, doc, bytes });
  }

  /** The ordered view of an index; undefined when it can't have one (multikey). */
  ordered(index: HashIndex): SortedKeys | undefined {
    return index.ordered();
  }

  /** The document stored under an `_id` key. */
  byIdKey(idKey: string): Document | undefined {
    return this.docs.get(idKey);
  }

  /** Documents for the given `_id` keys, in natural order. */
  byIdKeys(idKeys: Iterable<string>): Document[] {
    const keys = [...idKeys].filter((k) => this.docs.has(k));
    if (keys.length > 1) keys.sort((a, b) => (this.seq.get(a) ?? 0) - (this.seq.get(b) ?? 0));
    return keys.map((k) => this.docs.get(k) as Document);
  }

  /** Replaces a stored document by a new version with the same `_id`. Throws 11000 on violation. */
  replace(oldDoc: Document, newDoc: Document): void {
    const bytes = encodeDocument(newDoc, () => `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`);
    const idKey = keyOf(oldDoc._id);
    const keyed = this.keyedIndexes(newDoc, idKey);
    const seq = this.seq.get(idKey) ?? 0;
    for (const index of this.indexes.values()) index.remove(index.keysFor(oldDoc), idKey, oldDoc, seq);
    for (const [index, keys] of keyed) index.add(keys, idKey, newDoc, seq);
    this.docs.set(idKey, newDoc);
    this.emit({ o: 'p', d: this.db, c: this.name, doc: newDoc, bytes });
  }

  /**
   * Puts a document whatever stands in its way (loading from disk): documents holding the same
   * unique keys are dropped first. Replaying a journal over a newer snapshot can briefly meet such
   * conflicts; the journal's later records restore the final state.
   */
  forcePut(doc: Document): void {
    const idKey = keyOf(doc._id);
    for (const index of this.indexes.values()) {
      if (!index.unique) continue;
      for (const key of index.keysFor(doc)) {
        for (const holder of [...(index.lookup(key) ?? [])]) {
          const other = holder === idKey ? undefined : this.docs.get(holder);
          if (other) this.remove(other);
        }
      }
    }
    const old = this.docs.get(idKey);
    if (old) this.replace(old, doc);
    else this.insert(doc);
  }

  /** Removes a document; false when it was not (or no longer) stored. */
  remove(doc: Document): boolean {
    const idKey = keyOf(doc._id);
    const stored = this.docs.get(idKey);
    if (!stored) return false;
    const seq = this.seq.get(idKey) ?? 0;
    for (const index of this.indexes.values()) index.remove(index.keysFor(stored), idKey, stored, seq);
    this.docs.delete(idKey);
    this.seq.delete(idKey);
    this.emit({ o: 'r', d: this.db, c: this.name, id: doc._id });
    return true;
  }

  removeAll(): void {
    for (const doc of [...this.docs.values()]) this.remove(doc);
  }

  /** Builds an index over the existing documents; throws 11000 if they violate a unique spec. */
  createIndex(spec: IndexSpec, opts: { force?: boolean } = {}): void {
    const index = new HashIndex(spec);
    for (const [idKey, doc] of this.docs) {
      const keys = index.keysFor(doc);
      if (!opts.force && index.conflict(keys, idKey) !== undefined) throw this.duplicate(spec.key, spec.name, index.keyValue(doc));
      index.add(keys, idKey, doc, this.seq.get(idKey) ?? 0);
    }
    this.indexes.set(spec.name, index);
    this.emit({ o: 'ci', d: this.db, c: this.name, spec });
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
    this.emit({ o: 'di', d: this.db, c: this.name, name });
  }

  /** Computes the keys of a document for every index, checking unique ones before anything changes. */
  private keyedIndexes(doc: Document, idKey: string): [HashIndex, string[]][] {
    const out: [HashIndex, string[]][] = [];
    for (const index of this.indexes.values()) {
      const keys = index.keysFor(doc);
      if (index.conflict(keys, idKey) !== undefined) throw this.duplicate(index.spec.key, index.spec.name, index.keyValue(doc));
      out.push([index, keys]);
    }
    return out;
  }

  private duplicate(keyPattern: Document, indexName: string, keyValue: Document): MongoCommandError {
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${EJSON.stringify(v === undefined ? null : v, { relaxed: true })}`)
      .join(', ');
    return new MongoCommandError(
      ErrorCodes.DuplicateKey,
      `E11000 duplicate key error collection: ${this.ns} index: ${indexName} dup key: { ${shown} }`,
      { keyPattern, keyValue },
    );
  }
}

/**
 * The document's BSON, which is both the size check and what the journal writes: one serialisation per
 * write. A document past the 16 MiB limit gets `tooLarge`'s message (code 10334).
 */
function encodeDocument(doc: Document, tooLarge: (size: number) => string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = BSON.serialize(doc);
  } catch (err) {
    // bson refuses documents larger than its serialisation buffer (17 MiB) before we could measure them.
    const size = BSON.calculateObjectSize(doc);
    if (size > MAX_BSON_OBJECT_SIZE) throw new MongoCommandError(ErrorCodes.BSONObjectTooLarge, tooLarge(size));
    throw err;
  }
  if (bytes.length > MAX_BSON_OBJECT_SIZE) throw new MongoCommandError(ErrorCodes.BSONObjectTooLarge, tooLarge(bytes.length));
  return bytes;
}

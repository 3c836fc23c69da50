// One index of a collection: its spec as listIndexes shows it, a hash map from the canonical key of the
// indexed values to the documents holding them, and an ordered view (SortedKeys). Hash lookups serve
// uniqueness checks and equality queries; the ordered view serves ranges and sorts (kept in step with
// every write, so no query ever waits for it to be built). An index where a document holds several values for a field (multikey)
// keeps no ordered view: a range over array elements is not a range over documents.
import { Query } from 'mingo';
import type { Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { SortedKeys } from './sorted-keys.js';
import { keyOf, pathValues } from './values.js';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

export class HashIndex {
  readonly spec: IndexSpec;
  readonly fields: string[];
  /** index key → ids (canonical `_id` keys) of the documents that have it. */
  private readonly entries = new Map<string, Set<string>>();
  /** For compound indexes: first field's key → ids, so equality on the first field alone is served. */
  private readonly prefixEntries = new Map<string, Set<string>>();
  private readonly partial: Query | undefined;
  /** Index directions per field (a hashed field counts as ascending). */
  readonly directions: (1 | -1)[];
  private sorted: SortedKeys | undefined;
  /** Set once a document had several values for an indexed field; never cleared (conservative). */
  private multikey = false;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.directions = this.fields.map((f) => (typeof spec.key[f] === 'number' && (spec.key[f] as number) < 0 ? -1 : 1));
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
    this.sorted = new SortedKeys(this.directions);
  }

  /** The ordered view; undefined for a multikey index. */
  ordered(): SortedKeys | undefined {
    return this.sorted;
  }

  /** The document's values for the ordered view: none when not indexed (sparse, partial) or multikey. */
  private tuplesFor(doc: Document): unknown[][] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 1 && vals[0] === undefined)) return [];
    if (perField.some((vals) => vals.length > 1)) {
      this.multikey = true;
      return [];
    }
    return [perField.map((vals) => vals[0])];
  }

  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** Whether equality queries may be answered from this index (sparse/partial ones skip documents). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /** The index keys of a document; empty when the document is not indexed (sparse, partial). */
  keysFor(doc: Document): string[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 1 && vals[0] === undefined)) return [];
    if (perField.some((vals) => vals.length > 1)) this.multikey = true;
    if (perField.filter((vals) => vals.length > 1).length > 1) {
      throw new MongoCommandError(171, `cannot index parallel arrays [${this.fields.join('] [')}]`);
    }
    let keys = [''];
    perField.forEach((vals, i) => {
      const parts = [...new Set(vals.map(keyOf))];
      keys = keys.flatMap((prefix) => parts.map((p) => (i === 0 ? p : `${prefix}${SEP}${p}`)));
    });
    return keys;
  }

  /** The key for an equality lookup, one value per indexed field. */
  static lookupKey(values: unknown[]): string {
    return values.map(keyOf).join(SEP);
  }

  lookup(key: string): Set<string> | undefined {
    return this.entries.get(key);
  }

  /** Ids whose first indexed field has this key (compound indexes; the full key otherwise). */
  lookupFirst(key: string): Set<string> | undefined {
    return this.fields.length > 1 ? this.prefixEntries.get(key) : this.entries.get(key);
  }

  /** The first key of `keys` another document already holds, if the index is unique. */
  conflict(keys: string[], idKey: string): string | undefined {
    if (!this.unique) return undefined;
    for (const k of keys) {
      const holders = this.entries.get(k);
      if (holders) for (const h of holders) if (h !== idKey) return k;
    }
    return undefined;
  }

  /** Adds a document under its keys (from keysFor); `seq` is its insertion sequence. */
  add(keys: string[], idKey: string, doc: Document, seq: number): void {
    for (const k of keys) {
      addTo(this.entries, k, idKey);
      if (this.fields.length > 1) addTo(this.prefixEntries, k.slice(0, k.indexOf(SEP)), idKey);
    }
    if (this.sorted) {
      const tuples = this.tuplesFor(doc);
      if (this.multikey) this.sorted = undefined;
      else this.sorted.add(tuples, idKey, seq);
    }
  }

  remove(keys: string[], idKey: string, doc: Document, seq: number): void {
    for (const k of keys) {
      removeFrom(this.entries, k, idKey);
      if (this.fields.length > 1) removeFrom(this.prefixEntries, k.slice(0, k.indexOf(SEP)), idKey);
    }
    this.sorted?.remove(this.tuplesFor(doc), seq);
  }

  /** `{field: value}` of a document for this index, as the 11000 error reports it. */
  keyValue(doc: Document): Document {
    const out: Document = {};
    for (const f of this.fields) {
      const v = pathValues(doc, f)[0];
      out[f] = v === undefined ? null : v;
    }
    return out;
  }
}

/** Separates the fields of a compound key; keyOf never produces it (JSON escapes control characters). */
const SEP = '\u0001';

function addTo(map: Map<string, Set<string>>, key: string, idKey: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(idKey);
}

function removeFrom(map: Map<string, Set<string>>, key: string, idKey: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(idKey);
  if (set.size === 0) map.delete(key);
}

export function validateIndexSpec(raw: Document): IndexSpec {
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    throw new MongoCommandError(ErrorCodes.BadValue, 'Index key pattern must be a non-empty object');
  }
  for (const [f, dir] of Object.entries(key)) {
    const ok = dir === 1 || dir === -1 || dir === 'hashed' || (typeof dir === 'number' && dir !== 0);
    if (!ok) throw new MongoCommandError(67, `Index type ${JSON.stringify(dir)} on field '${f}' is not supported by the embedded server`);
  }
  const name = typeof raw.name === 'string' && raw.name ? raw.name : Object.entries(key).map(([f, d]) => `${f}_${d}`).join('_');
  const spec: IndexSpec = { v: 2, key, name };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.expireAfterSeconds !== undefined) {
    if (typeof raw.expireAfterSeconds !== 'number' || raw.expireAfterSeconds < 0) {
      throw new MongoCommandError(ErrorCodes.BadValue, 'expireAfterSeconds must be a non-negative number');
    }
    if (Object.keys(key).length !== 1) throw new MongoCommandError(67, 'TTL indexes are single-field indexes');
    spec.expireAfterSeconds = raw.expireAfterSeconds;
  }
  if (raw.partialFilterExpression) spec.partialFilterExpression = raw.partialFilterExpression as Document;
  return spec;
}

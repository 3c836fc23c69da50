// Value helpers shared by storage, queries and updates: canonical keys for hash lookups, dotted-path
// resolution with MongoDB's array traversal, and deep cloning that keeps BSON value classes intact.
import { Binary, EJSON, ObjectId, type Document } from 'bson';

/** True for `{...}` literals (what BSON deserializes embedded documents to), not for BSON classes. */
export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A string that is equal for two values exactly when MongoDB's equality says they are equal
 * (numbers compare by value whatever their BSON type; embedded documents compare field order too).
 */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`;
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'boolean':
      return v ? 'bt' : 'bf';
    case 'bigint':
      return `n${v}`;
  }
  if (v instanceof ObjectId) return `o${v.toHexString()}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (Array.isArray(v)) return `a[${v.map(keyOf).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${keyOf(v[k])}`).join(',')}}`;
  if (v instanceof Binary) return `x${v.sub_type}:${Buffer.from(v.buffer).toString('base64')}`;
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype === 'Long' || bsontype === 'Int32' || bsontype === 'Double') return `n${String(v)}`;
  return `e${EJSON.stringify({ v }, { relaxed: false })}`;
}

/**
 * All values a dotted path reaches in a document, expanding arrays the way an index does:
 * `a.b` on `{a: [{b: 1}, {b: 2}]}` gives [1, 2]; a terminal array gives its elements;
 * a missing field gives [undefined].
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length ? out : [undefined];
}

function collect(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else for (const el of v) out.push(el);
    } else out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    const part = parts[i];
    if (/^\d+$/.test(part) && Number(part) < v.length) collect(v[Number(part)], parts, i + 1, out);
    for (const el of v) if (isPlainObject(el)) collect(el, parts, i, out);
    return;
  }
  if (isPlainObject(v)) {
    collect(v[parts[i]], parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

/** The single value at a dotted path without array expansion (undefined when missing). */
export function getPath(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
    else if (isPlainObject(v)) v = v[part];
    else return undefined;
  }
  return v;
}

/** Sets a dotted path, creating embedded documents on the way (used to seed upserts). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (isPlainObject(next)) cur = next;
    else {
      const created: Document = {};
      cur[parts[i]] = created;
      cur = created;
    }
  }
  cur[parts[parts.length - 1]] = value;
}

/**
 * Deep copy of documents and arrays. BSON value classes (ObjectId, Binary, Long, ...) are shared:
 * the server never mutates them.
 */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepClone(x)) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const k of Object.keys(v)) out[k] = deepClone(v[k]);
    return out as T;
  }
  return v;
}

/** A document with `_id` as its first field, as MongoDB stores it. */
export function idFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) return doc;
  const out: Document = { _id: doc._id };
  for (const k of keys) if (k !== '_id') out[k] = doc[k];
  return out;
}

/**
 * Whether two documents would serialise to the same BSON (what decides if an update modified one),
 * without serialising them: same field order, same types. BSON value classes other than the common
 * ones are compared through their canonical key.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Object.is(a, -0) === !Object.is(b, -0);
  // In arrays undefined is written as null; in documents an undefined field is not written (see below).
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameValue(a[ka[i]], b[kb[i]])) return false;
    return true;
  }
  if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime());
  const ta = (a as { _bsontype?: string })._bsontype;
  if (ta !== (b as { _bsontype?: string })._bsontype || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  return keyOf(a) === keyOf(b);
}

// Reading documents: choosing candidates through an index when the filter allows it (equality and $in
// through the hash side, ranges through the ordered side), walking an index in order for a sort it
// serves, then matching, skipping, limiting and projecting with mingo.
import { find as mingoFind, Query } from 'mingo';
import { Context } from 'mingo/core';
import * as queryOperators from 'mingo/operators/query';
import { Query as QueryOnly } from 'mingo/query';
import type { Options } from 'mingo/types';
import type { Document } from 'bson';
import { ErrorCodes, MongoCommandError } from './errors.js';
import type { Collection } from './storage/collection.js';
import { HashIndex } from './storage/hash-index.js';
import { rangeable, type Bound, type Range } from './storage/sorted-keys.js';
import { sortDocuments } from './storage/compare.js';
import { isPlainObject, keyOf } from './storage/values.js';

export function mingoOptions(extra: Partial<Options> = {}): Partial<Options> {
  // No $where/$function: client-supplied JavaScript would run inside this (the app's) process.
  return { idKey: '_id', useStrictMode: true, scriptEnabled: false, ...extra };
}

/** The value a filter condition requires by equality, if it is one a hash index can serve. */
function equalityValue(cond: unknown): { value: unknown } | undefined {
  if (cond instanceof RegExp || Array.isArray(cond) || cond === undefined) return undefined;
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length === 1 && keys[0] === '$eq') return equalityValue(cond.$eq);
    if (keys.some((k) => k.startsWith('$'))) return undefined;
  }
  return { value: cond };
}

/** The values a condition accepts by equality (`v`, `{$eq: v}`, `{$in: [...]}`), if it is that simple. */
function lookupValues(cond: unknown): unknown[] | undefined {
  const eq = equalityValue(cond);
  if (eq) return [eq.value];
  if (isPlainObject(cond) && Object.keys(cond).length === 1 && Array.isArray(cond.$in)) {
    const values = cond.$in as unknown[];
    if (values.length <= 1000 && values.every((v) => equalityValue(v))) return values;
  }
  return undefined;
}

/** Field conditions that must all hold: the filter's own fields and those of a top-level $and. */
function requiredConditions(filter: Document): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
      } else if (!k.startsWith('$')) {
        const list = out.get(k) ?? [];
        list.push(v);
        out.set(k, list);
      }
    }
  };
  visit(filter);
  return out;
}

function valuesFor(conds: Map<string, unknown[]>, field: string): unknown[] | undefined {
  for (const c of conds.get(field) ?? []) {
    const values = lookupValues(c);
    if (values) return values;
  }
  return undefined;
}

function cartesian(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/** The range a field's conditions require ({$gt/$gte/$lt/$lte} on values of an exactly ordered type). */
function rangeFor(conds: Map<string, unknown[]>, field: string): Range | undefined {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const c of conds.get(field) ?? []) {
    if (!isPlainObject(c)) continue;
    for (const [op, value] of Object.entries(c)) {
      if (!rangeable(value)) continue;
      // Several bounds of one side: any of them is a superset; the first is kept.
      if ((op === '$gt' || op === '$gte') && !lower) lower = { value, inclusive: op === '$gte' };
      if ((op === '$lt' || op === '$lte') && !upper) upper = { value, inclusive: op === '$lte' };
    }
  }
  return lower || upper ? { lower, upper } : undefined;
}

const EMPTY: ReadonlySet<string> = new Set();

function union(sets: ReadonlySet<string>[]): Set<string> {
  if (sets.length === 1) return new Set(sets[0]);
  const out = new Set<string>();
  for (const set of sets) for (const id of set) out.add(id);
  return out;
}

/** How candidates are found: by `_id` keys, by walking an index range, or every document. */
type Plan = { kind: 'ids'; ids: Set<string> } | { kind: 'range'; index: HashIndex; range: Range; ids: Set<string> } | { kind: 'all' };

/**
 * The cheapest way to the documents that may match `filter`: an `_id` lookup, an equality (or $in)
 * lookup through a complete hash index — the whole key or the first field of a compound one — a range
 * on the first field of a complete index, or every document.
 */
function plan(coll: Collection, filter: Document): Plan {
  const conds = requiredConditions(filter);
  const ids = valuesFor(conds, '_id');
  if (ids) return { kind: 'ids', ids: new Set(ids.map(keyOf)) };
  // Equality lookups: the id sets they would merge, sized first and merged only for the one chosen.
  let bestSets: ReadonlySet<string>[] | undefined;
  let bestSize = Infinity;
  for (const index of coll.indexes.values()) {
    if (!index.complete) continue;
    const perField = index.fields.map((f) => valuesFor(conds, f));
    let sets: ReadonlySet<string>[] | undefined;
    if (perField.every((v) => v !== undefined) && perField.reduce((n, v) => n * (v as unknown[]).length, 1) <= 1000) {
      sets = cartesian(perField as unknown[][]).map((combo) => index.lookup(HashIndex.lookupKey(combo)) ?? EMPTY);
    } else if (perField[0] !== undefined) {
      sets = perField[0].map((v) => index.lookupFirst(keyOf(v)) ?? EMPTY);
    }
    if (!sets) continue;
    const size = sets.reduce((n, set) => n + set.size, 0);
    if (size < bestSize) {
      bestSets = sets;
      bestSize = size;
    }
    if (bestSize === 0) break;
  }
  if (bestSets && bestSize <= 16) return { kind: 'ids', ids: union(bestSets) };
  // A range is worth walking when no equality lookup narrowed the candidates to a few already.
  let ranged: { index: HashIndex; range: Range; ids: Set<string> } | undefined;
  for (const index of coll.indexes.values()) {
    if (!index.complete) continue;
    const range = rangeFor(conds, index.fields[0]);
    if (!range) continue;
    const sorted = coll.ordered(index);
    if (!sorted) continue;
    const cap = Math.min(bestSize, ranged?.ids.size ?? Infinity);
    const ids = new Set<string>();
    let over = false;
    for (const id of sorted.scan(range, false)) {
      ids.add(id);
      if (ids.size >= cap) {
        over = true;
        break;
      }
    }
    if (!over) ranged = { index, range, ids };
  }
  if (ranged && ranged.ids.size < bestSize) return { kind: 'range', ...ranged };
  return bestSets ? { kind: 'ids', ids: union(bestSets) } : { kind: 'all' };
}

/**
 * Documents that may match `filter`: a superset of the answer, in natural order; callers still test
 * each document.
 */
export function candidates(coll: Collection, filter: Document): Iterable<Document> {
  const p = plan(coll, filter);
  return p.kind === 'all' ? coll.docs.values() : coll.byIdKeys(p.ids);
}

/**
 * An index whose order is the sort's: the sort's fields are a prefix of the index's, all in the index's
 * directions or all reversed. Only complete indexes with an ordered view (not multikey) qualify.
 */
function indexForSort(coll: Collection, sort: Record<string, 1 | -1>): { index: HashIndex; reverse: boolean } | undefined {
  const fields = Object.keys(sort);
  for (const index of coll.indexes.values()) {
    if (!index.complete || fields.length > index.fields.length) continue;
    if (!fields.every((f, i) => index.fields[i] === f)) continue;
    const forward = fields.every((f, i) => sort[f] === index.directions[i]);
    const backward = fields.every((f, i) => sort[f] === -index.directions[i]);
    // Decimal128 can't be ordered exactly: such a sort is refused by the in-memory path.
    if ((forward || backward) && coll.ordered(index)?.orderable) return { index, reverse: !forward };
  }
  return undefined;
}

/**
 * Matching documents in sort order by walking an index (`want` of them at most), when an index serves
 * the sort and the filter has no narrower way in. Undefined when the caller should match and sort.
 */
function sortedByIndex(coll: Collection, filter: Document | undefined, sort: Record<string, 1 | -1>, want: number): Document[] | undefined {
  const by = indexForSort(coll, sort);
  if (!by) return undefined;
  const p = plan(coll, filter ?? {});
  if (p.kind === 'ids') return undefined;
  // A range on another index than the sort's: matching it and sorting the few is cheaper.
  if (p.kind === 'range' && p.index !== by.index) return undefined;
  const q = compileFilter(filter);
  const sorted = coll.ordered(by.index);
  if (!sorted) return undefined;
  const out: Document[] = [];
  for (const idKey of sorted.scan(p.kind === 'range' ? p.range : undefined, by.reverse)) {
    const doc = coll.byIdKey(idKey);
    if (doc && q.test(doc)) {
      out.push(doc);
      if (out.length >= want) break;
    }
  }
  return out;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * mingo compares Decimal128 and 64-bit Long values as strings, which orders them wrongly; refuse
 * range conditions on them rather than answer incorrectly.
 */
export function assertSupportedFilter(filter: unknown): void {
  if (Array.isArray(filter)) {
    for (const f of filter) assertSupportedFilter(f);
    return;
  }
  if (!isPlainObject(filter)) return;
  for (const [k, v] of Object.entries(filter)) {
    if (RANGE_OPS.has(k) && isWideNumber(v)) {
      throw new MongoCommandError(ErrorCodes.NotImplemented, `The embedded server does not support ${k} comparisons with ${bsonType(v)} values`);
    }
    assertSupportedFilter(v);
  }
}

/** True if a value anywhere inside is a Decimal128 or an unpromoted (beyond 2^53) Long. */
export function containsWideNumber(v: unknown): boolean {
  if (isWideNumber(v)) return true;
  if (Array.isArray(v)) return v.some(containsWideNumber);
  if (isPlainObject(v)) {
    for (const k in v) if (containsWideNumber(v[k])) return true;
  }
  return false;
}

export function isWideNumber(v: unknown): boolean {
  const t = bsonType(v);
  return t === 'Decimal128' || t === 'Long';
}

function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

/**
 * Only the query operators: mingo copies the whole operator context (every expression, pipeline and
 * accumulator operator) into each Query it builds, which cost more than matching. Filters that
 * evaluate expressions ($expr, $where, $jsonSchema) get the full context.
 */
const QUERY_CONTEXT = Context.init({ query: queryOperators });
const NEEDS_EXPRESSIONS = /"\$(expr|where|jsonSchema)"/;

/** Compiled filters by their canonical text: the same filter (a state lookup by _id each turn) compiles once. */
const compiled = new Map<string, Query | QueryOnly>();
const COMPILED_MAX = 2000;

export function compileFilter(filter: Document | undefined): Query | QueryOnly {
  const f = filter ?? {};
  if (!isPlainObject(f)) throw new MongoCommandError(ErrorCodes.TypeMismatch, 'filter must be an object');
  const key = keyOf(f);
  const hit = compiled.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is the first to go.
    compiled.delete(key);
    compiled.set(key, hit);
    return hit;
  }
  assertSupportedFilter(f);
  // Expression filters may read $$NOW, which a compiled query would freeze: never cached.
  if (NEEDS_EXPRESSIONS.test(key)) return new Query(f, mingoOptions());
  const q = new QueryOnly(f, mingoOptions({ context: QUERY_CONTEXT }));
  compiled.set(key, q);
  if (compiled.size > COMPILED_MAX) compiled.delete(compiled.keys().next().value as string);
  return q;
}

/** All documents matching `filter`, in natural order. */
export function matching(coll: Collection | undefined, filter: Document | undefined, limit = Infinity): Document[] {
  if (!coll || limit <= 0) return [];
  const q = compileFilter(filter);
  const out: Document[] = [];
  for (const doc of candidates(coll, filter ?? {})) {
    if (q.test(doc)) {
      out.push(doc);
      if (out.length >= limit) break;
    }
  }
  return out;
}

export interface FindSpec {
  filter?: Document;
  sort?: Document;
  projection?: Document;
  skip?: number;
  limit?: number;
}

export function cleanSort(sort: Document | undefined): Record<string, 1 | -1> | undefined {
  if (!sort || !isPlainObject(sort)) return undefined;
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(sort)) {
    if (k === '$natural') continue;
    if (v === 1 || v === -1) out[k] = v;
    else if (typeof v === 'number') out[k] = v < 0 ? -1 : 1;
    else throw new MongoCommandError(ErrorCodes.BadValue, `Invalid sort value for ${k}: only 1 and -1 are supported`);
  }
  return Object.keys(out).length ? out : undefined;
}

export function findDocuments(coll: Collection | undefined, spec: FindSpec): Document[] {
  const sort = cleanSort(spec.sort);
  const reverse = !sort && spec.sort?.$natural !== undefined && Number(spec.sort.$natural) < 0;
  const skip = Math.max(0, spec.skip ?? 0);
  const limit = Math.abs(spec.limit ?? 0);
  const projection = spec.projection && Object.keys(spec.projection).length ? spec.projection : undefined;
  if (coll && sort) {
    const walked = sortedByIndex(coll, spec.filter, sort, limit ? skip + limit : Infinity);
    if (walked) return project(walked.slice(skip), projection);
  }
  // Without a sort we can stop matching as soon as skip + limit documents are found.
  let docs = matching(coll, spec.filter, !sort && !reverse && limit ? skip + limit : Infinity);
  if (reverse) docs.reverse();
  if (sort) docs = sortDocuments(docs, sort);
  if (skip) docs = docs.slice(skip);
  if (limit) docs = docs.slice(0, limit);
  return project(docs, projection);
}

/** Applies a find-style projection to documents already chosen. */
export function project(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  return mingoFind<Document>(docs, {}, projection, mingoOptions()).all();
}

// Applying one update to one document: operator updates through mingo, plus what mingo lacks —
// replacement documents, $setOnInsert, upsert seeding from the filter, `_id` immutability, and
// type checks where mingo would silently do nothing or compute a wrong value.
import { Aggregator } from 'mingo';
import { Context } from 'mingo/core';
import { update as mingoUpdate } from 'mingo/updater';
import { ObjectId, type Document } from 'bson';
import { ErrorCodes, MongoCommandError } from './errors.js';
import { isWideNumber, mingoOptions } from './query.js';
import { deepClone, getPath, idFirst, isPlainObject, keyOf, setPath } from './storage/values.js';

export type UpdateSpec = Document | Document[];

/**
 * mingo's updater adds the operators it needs to whatever context it gets; given the full one (what
 * `mingo`'s own `update` passes) it copies every operator on each call.
 */
const UPDATE_CONTEXT = Context.init();

/** Whether an operator update uses the positional `$` (which needs the filter to resolve). */
function usesPositional(ops: Document): boolean {
  return Object.values(ops).some((fields) => isPlainObject(fields) && Object.keys(fields).some((path) => path.split('.').includes('$')));
}

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll',
  '$addToSet', '$pop', '$currentDate', '$bit', '$setOnInsert',
]);
const NUMERIC_OPS = new Set(['$inc', '$mul', '$bit']);
const ORDERED_OPS = new Set(['$min', '$max']);

export type UpdateKind = 'replacement' | 'operators' | 'pipeline';

export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (!isPlainObject(u)) throw new MongoCommandError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  if (keys.length === 0 || !keys[0].startsWith('$')) {
    const bad = keys.find((k) => k.startsWith('$'));
    if (bad) throw new MongoCommandError(ErrorCodes.FailedToParse, `The dollar ($) prefixed field '${bad}' in a replacement document is not allowed`);
    return 'replacement';
  }
  for (const k of keys) {
    if (!OPERATORS.has(k)) {
      throw new MongoCommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(u[k])) throw new MongoCommandError(ErrorCodes.FailedToParse, `Modifiers operate on fields but we found type ${typeof u[k]} instead`);
  }
  return 'operators';
}

function assertSupportedOperators(doc: Document, u: Document): void {
  for (const [op, fields] of Object.entries(u)) {
    if (!NUMERIC_OPS.has(op) && !ORDERED_OPS.has(op)) continue;
    for (const [path, arg] of Object.entries(fields as Document)) {
      const current = path.includes('$') ? undefined : getPath(doc, path);
      if (isWideNumber(arg) || isWideNumber(current)) {
        throw new MongoCommandError(ErrorCodes.NotImplemented, `The embedded server does not support ${op} on Decimal128 or 64-bit Long values (field '${path}')`);
      }
      if (NUMERIC_OPS.has(op)) {
        if (op !== '$bit' && typeof arg !== 'number') {
          throw new MongoCommandError(ErrorCodes.TypeMismatch, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${String(arg)}}`);
        }
        if (current !== undefined && typeof current !== 'number') {
          throw new MongoCommandError(ErrorCodes.TypeMismatch, `Cannot apply ${op} to a value of non-numeric type. {_id: ${String(doc._id)}} has the field '${path}' of non-numeric type ${current === null ? 'null' : typeof current}`);
        }
      }
    }
  }
}

export interface ApplyOptions {
  arrayFilters?: Document[];
  /** The update's filter: resolves the positional `$` operator. */
  filter?: Document;
  /** True when the document is being created by an upsert ($setOnInsert applies). */
  inserting?: boolean;
}

/** Returns the updated copy of `doc`; `doc` itself is left untouched. */
export function applyUpdate(doc: Document, u: UpdateSpec, opts: ApplyOptions = {}): Document {
  const kind = updateKind(u);
  let next: Document;
  if (kind === 'replacement') {
    const replacement = u as Document;
    if ('_id' in replacement && doc._id !== undefined && keyOf(replacement._id) !== keyOf(doc._id)) throw immutableId();
    next = { ...deepClone(replacement) };
    if (doc._id !== undefined) next._id = doc._id;
  } else if (kind === 'pipeline') {
    const out = new Aggregator(u as Document[], mingoOptions()).run([deepClone(doc)]);
    if (out.length !== 1 || !isPlainObject(out[0])) throw new MongoCommandError(ErrorCodes.BadValue, 'Update pipeline must produce one document');
    next = out[0];
    if (doc._id !== undefined && keyOf(next._id) !== keyOf(doc._id)) throw immutableId();
  } else {
    const { $setOnInsert, ...ops } = u as Document;
    next = deepClone(doc);
    assertSupportedOperators(next, ops);
    if (Object.keys(ops).length) {
      // The filter already chose this document; mingo compiles it again only to resolve a positional `$`.
      const filter = opts.filter && Object.keys(opts.filter).length && usesPositional(ops) ? opts.filter : undefined;
      try {
        mingoUpdate(next, ops, opts.arrayFilters ?? [], filter, { cloneMode: 'deep', queryOptions: mingoOptions({ context: UPDATE_CONTEXT }) });
      } catch (err) {
        if (err instanceof Error && err.message.includes("immutable field '_id'")) throw immutableId();
        if (err instanceof Error && err.message.includes('would create a conflict')) {
          throw new MongoCommandError(ErrorCodes.ConflictingUpdateOperators, err.message);
        }
        throw err;
      }
    }
    if (opts.inserting && isPlainObject($setOnInsert) && Object.keys($setOnInsert).length) {
      mingoUpdate(next, { $set: $setOnInsert }, [], undefined, { cloneMode: 'deep', queryOptions: mingoOptions({ context: UPDATE_CONTEXT }) });
    }
    if (doc._id !== undefined && keyOf(next._id) !== keyOf(doc._id)) throw immutableId();
  }
  return idFirst(next);
}

function immutableId(): MongoCommandError {
  return new MongoCommandError(ErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
}

/** The document an upsert starts from: the filter's equality conditions (top level and $and). */
export function seedFromFilter(filter: Document | undefined): Document {
  const seed: Document = {};
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$eq') setPath(seed, k, deepClone(v.$eq));
        else if (!keys.some((x) => x.startsWith('$'))) setPath(seed, k, deepClone(v));
        continue;
      }
      if (v instanceof RegExp) continue;
      setPath(seed, k, deepClone(v));
    }
  };
  if (filter) visit(filter);
  return seed;
}

/** The document an upsert inserts when nothing matched. */
export function upsertDocument(filter: Document | undefined, u: UpdateSpec, arrayFilters?: Document[]): Document {
  const seed = seedFromFilter(filter);
  let doc: Document;
  if (updateKind(u) === 'replacement') {
    const replacement = deepClone(u as Document);
    doc = '_id' in replacement || seed._id === undefined ? replacement : { _id: seed._id, ...replacement };
  } else {
    doc = applyUpdate(seed, u, { arrayFilters, inserting: true });
    if (seed._id !== undefined && keyOf(doc._id) !== keyOf(seed._id)) throw immutableId();
  }
  if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
  return idFirst(doc);
}

// aggregate (through mingo), count and distinct.
import { Aggregator } from 'mingo';
import type { Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { containsWideNumber, findDocuments, matching, mingoOptions } from '../query.js';
import type { Catalog } from '../storage/catalog.js';
import { deepClone, idFirst, isPlainObject, keyOf, pathValues } from '../storage/values.js';
import { prepareForInsert } from './insert.js';
import { documentArray, optionalDocument, optionalNumber, targetCollection, type CommandContext, type CommandHandler } from './context.js';

// Operators that compare or compute with numbers: mingo gets them wrong for Decimal128 and Long.
const NUMERIC_OPERATORS = new Set([
  '$sum', '$avg', '$add', '$subtract', '$multiply', '$divide', '$mod', '$min', '$max', '$abs', '$ceil', '$floor',
  '$round', '$trunc', '$pow', '$sqrt', '$exp', '$ln', '$log', '$log10', '$stdDevPop', '$stdDevSamp', '$sort',
  '$bucket', '$bucketAuto', '$gt', '$gte', '$lt', '$lte', '$cmp', '$toDecimal', '$toLong', '$toDouble', '$toInt',
  '$convert', '$setWindowFields', '$densify', '$fill', '$minN', '$maxN', '$topN', '$bottomN', '$top', '$bottom',
]);

function usesNumericOperators(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(usesNumericOperators);
  if (!isPlainObject(v)) return false;
  return Object.entries(v).some(([k, x]) => NUMERIC_OPERATORS.has(k) || usesNumericOperators(x));
}

/** Field paths a pipeline reads: `'$field'` expressions and the keys of `$sort` stages. */
function referencedPaths(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string' && v.startsWith('$') && !v.startsWith('$$')) out.add(v.slice(1));
  else if (Array.isArray(v)) for (const x of v) referencedPaths(x, out);
  else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$sort' && isPlainObject(x)) for (const f of Object.keys(x)) out.add(f);
      referencedPaths(x, out);
    }
  }
  return out;
}

/**
 * mingo ignores or mis-compares Decimal128 and Long values: refuse a pipeline that computes or
 * compares with fields holding them (counting with `$sum: 1` over such documents is fine).
 */
function assertNoWideArithmetic(stages: Document[], input: Document[]): void {
  if (!usesNumericOperators(stages)) return;
  const paths = [...referencedPaths(stages)];
  if (!paths.length) return;
  for (const doc of input) {
    for (const p of paths) {
      if (pathValues(doc, p).some(containsWideNumber)) {
        throw new MongoCommandError(ErrorCodes.NotImplemented, `The embedded server does not compute or compare Decimal128 or 64-bit Long values in aggregations (field '${p}')`);
      }
    }
  }
}

const UNSUPPORTED_STAGES = new Set(['$merge', '$collStats', '$indexStats', '$currentOp', '$listSessions', '$search', '$geoNear']);

/**
 * countDocuments sends `[$match, $skip?, $limit?, {$group: {_id: <constant>, n: {$sum: 1}}}]`: answered
 * from the number of matches, without copying every matching document for mingo.
 */
function countShortcut(stages: Document[], matched: number): Document[] | undefined {
  let skip = 0;
  let limit = Infinity;
  let i = 0;
  if (typeof stages[i]?.$skip === 'number') skip = stages[i++].$skip as number;
  if (typeof stages[i]?.$limit === 'number') limit = stages[i++].$limit as number;
  const group = stages[i]?.$group as Document | undefined;
  if (i !== stages.length - 1 || !isPlainObject(group)) return undefined;
  const keys = Object.keys(group);
  if (keys.length !== 2 || !keys.includes('_id')) return undefined;
  const field = keys.find((k) => k !== '_id') as string;
  const acc = group[field] as unknown;
  const id = group._id as unknown;
  if (!isPlainObject(acc) || acc.$sum !== 1 || Object.keys(acc).length !== 1) return undefined;
  if (!(id === null || typeof id === 'number' || (typeof id === 'string' && !id.startsWith('$')))) return undefined;
  const n = Math.max(0, Math.min(matched - skip, limit));
  return n > 0 ? [{ _id: id, [field]: n }] : [];
}

export function runPipeline(catalog: Catalog, db: string, collection: string | undefined, pipeline: Document[]): Document[] {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new MongoCommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    const op = Object.keys(stage)[0];
    if (op === '$changeStream') throw new MongoCommandError(ErrorCodes.ChangeStreamNotSupported, 'The $changeStream stage is only supported on replica sets');
    if (UNSUPPORTED_STAGES.has(op)) throw new MongoCommandError(ErrorCodes.NotImplemented, `${op} is not supported by the embedded server`);
  }
  // A leading $match goes through the index-aware matcher; only the survivors are copied for mingo.
  let stages = pipeline;
  let input: Document[] = [];
  if (collection !== undefined) {
    const coll = catalog.get(db, collection);
    if (stages.length && isPlainObject(stages[0].$match)) {
      input = matching(coll, stages[0].$match as Document);
      stages = stages.slice(1);
    } else input = coll ? [...coll.docs.values()] : [];
  }
  const collectionResolver = (name: string): Document[] => [...(catalog.get(db, name)?.docs.values() ?? [])].map(deepClone);
  if (stages.length === 0) return input;
  const counted = countShortcut(stages, input.length);
  if (counted) return counted;
  assertNoWideArithmetic(stages, input);
  return new Aggregator(stages, mingoOptions({ collectionResolver })).run(input.map(deepClone));
}

const aggregate: CommandHandler = (cmd, db, ctx: CommandContext) => {
  const target = cmd.aggregate as unknown;
  const collection = target === 1 ? undefined : targetCollection(cmd, 'aggregate');
  let pipeline = documentArray(cmd, 'pipeline');
  if (cmd.explain === true) throw new MongoCommandError(ErrorCodes.NotImplemented, 'explain is not supported by the embedded server');
  const last = pipeline[pipeline.length - 1] as Document | undefined;
  const out = last && last.$out !== undefined ? last.$out : undefined;
  if (out !== undefined) pipeline = pipeline.slice(0, -1);
  const docs = runPipeline(ctx.catalog, db, collection, pipeline);
  const cursorOpts = optionalDocument(cmd, 'cursor') ?? {};
  const ns = `${db}.${collection ?? '$cmd.aggregate'}`;
  if (out !== undefined) {
    const outDb = isPlainObject(out) ? String(out.db ?? db) : db;
    const outColl = isPlainObject(out) ? String(out.coll) : String(out);
    const prepared = docs.map((d) => idFirst(deepClone(d)));
    const seen = new Set<string>();
    for (const d of prepared) {
      if (d._id === undefined) continue;
      const k = keyOf(d._id);
      if (seen.has(k)) throw new MongoCommandError(ErrorCodes.DuplicateKey, `E11000 duplicate key error in $out to ${outDb}.${outColl}`, { keyPattern: { _id: 1 }, keyValue: { _id: d._id } });
      seen.add(k);
    }
    const target = ctx.catalog.ensure(outDb, outColl);
    target.removeAll();
    for (const d of prepared) target.insert(prepareForInsert(d));
    return ctx.cursors.open(ns, [], 0);
  }
  return ctx.cursors.open(ns, docs, optionalNumber(cursorOpts, 'batchSize'));
};

const count: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'count');
  const query = optionalDocument(cmd, 'query');
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(cmd, 'limit') ?? 0);
  const coll = ctx.catalog.get(db, name);
  let n = !query || Object.keys(query).length === 0 ? (coll?.size ?? 0) : matching(coll, query).length;
  n = Math.max(0, n - skip);
  if (limit) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'distinct');
  const key = cmd.key as unknown;
  if (typeof key !== 'string' || !key) throw new MongoCommandError(ErrorCodes.TypeMismatch, "'key' must be a string");
  const docs = findDocuments(ctx.catalog.get(db, name), { filter: optionalDocument(cmd, 'query') });
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of pathValues(doc, key)) {
      if (v === undefined) continue;
      const k = keyOf(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate, count, distinct };

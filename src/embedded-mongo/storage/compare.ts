// MongoDB's ordering of BSON values, for sorting. mingo's comparison orders some types differently
// (ObjectId after Date, missing before null) and compares 64-bit Longs as strings; sorts use this
// instead. Decimal128 can't be ordered exactly without decimal arithmetic: it is refused.
import { Binary, Long, ObjectId, Timestamp, type Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { isPlainObject, pathValues } from './values.js';

function bsontype(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

/** MongoDB's canonical type order: MinKey < null < numbers < strings < objects < arrays < ... */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(v)) return 5;
  if (isPlainObject(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (v instanceof Uint8Array) return 6;
  switch (bsontype(v)) {
    case 'MinKey':
      return 0;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'Code':
      return 12;
    case 'MaxKey':
      return 13;
  }
  return 4;
}

function cmp<T extends number | bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function refuseDecimal(): never {
  throw new MongoCommandError(ErrorCodes.NotImplemented, 'The embedded server does not order Decimal128 values');
}

function compareNumbers(a: unknown, b: unknown): number {
  if (bsontype(a) === 'Decimal128' || bsontype(b) === 'Decimal128') refuseDecimal();
  const asBig = (v: unknown): bigint | undefined => {
    if (typeof v === 'bigint') return v;
    if (v instanceof Long) return v.toBigInt();
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    return undefined;
  };
  const ba = asBig(a);
  const bb = asBig(b);
  if (ba !== undefined && bb !== undefined) return cmp(ba, bb);
  const na = Number(a);
  const nb = Number(b);
  if (Number.isNaN(na) || Number.isNaN(nb)) return Number.isNaN(na) ? (Number.isNaN(nb) ? 0 : -1) : 1; // NaN sorts first
  return cmp(na, nb);
}

/** Compares two BSON values the way MongoDB orders them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
    case 1:
    case 13:
      return 0;
    case 2:
      return compareNumbers(a, b);
    case 3:
      return cmp(String(a), String(b));
    case 4: {
      const ea = Object.entries(a as Document);
      const eb = Object.entries(b as Document);
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const d = typeRank(ea[i][1]) - typeRank(eb[i][1]) || cmp(ea[i][0], eb[i][0]) || compareValues(ea[i][1], eb[i][1]);
        if (d) return d;
      }
      return ea.length - eb.length;
    }
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const d = compareValues(xa[i], xb[i]);
        if (d) return d;
      }
      return xa.length - xb.length;
    }
    case 6: {
      const ba = a instanceof Binary ? a.buffer : (a as Uint8Array);
      const bb = b instanceof Binary ? b.buffer : (b as Uint8Array);
      const sa = a instanceof Binary ? a.sub_type : 0;
      const sb = b instanceof Binary ? b.sub_type : 0;
      return ba.length - bb.length || sa - sb || Buffer.compare(Buffer.from(ba), Buffer.from(bb));
    }
    case 7:
      return cmp((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 8:
      return Number(a) - Number(b);
    case 9:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 10: {
      const ta = a as Timestamp;
      const tb = b as Timestamp;
      return cmp(ta.high >>> 0, tb.high >>> 0) || cmp(ta.low >>> 0, tb.low >>> 0);
    }
    default:
      return cmp(String(a), String(b));
  }
}

/**
 * The value a document sorts by for one field: through arrays, the smallest element for an
 * ascending sort and the largest for a descending one, as MongoDB does.
 */
function sortKey(doc: Document, field: string, direction: 1 | -1): unknown {
  const values = pathValues(doc, field);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const d = compareValues(values[i], best);
    if (direction === 1 ? d < 0 : d > 0) best = values[i];
  }
  return best;
}

/** Sorts documents (a stable sort: ties keep their order) by a `{field: 1 | -1}` specification. */
export function sortDocuments(docs: Document[], spec: Record<string, 1 | -1>): Document[] {
  const fields = Object.entries(spec);
  const keyed = docs.map((doc) => ({ doc, keys: fields.map(([f, dir]) => sortKey(doc, f, dir)) }));
  // Refused even when there is nothing to compare, so the answer doesn't depend on the data's size.
  if (keyed.some((k) => k.keys.some((v) => bsontype(v) === 'Decimal128'))) refuseDecimal();
  keyed.sort((x, y) => {
    for (let i = 0; i < fields.length; i++) {
      const d = compareValues(x.keys[i], y.keys[i]);
      if (d) return fields[i][1] === 1 ? d : -d;
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}

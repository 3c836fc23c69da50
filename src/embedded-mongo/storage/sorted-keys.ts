// The ordered side of an index: a B+ tree (sorted-btree) of (indexed values..., insertion sequence) →
// document, in MongoDB's BSON order and the index's directions. It serves range conditions on the
// first indexed field and sorts on a prefix of the indexed fields in O(log n + k). Ties keep natural
// (insertion) order, exactly as the in-memory stable sort of the other path does, so an answer does
// not depend on which path produced it.
import { createRequire } from 'node:module';
import type BTreeModule from 'sorted-btree';
import { compareValues, typeRank } from './compare.js';

// A CommonJS package whose class is `exports.default`: loaded with require, so the same code works under
// node and under tsx (which disagree on what an ESM default import of it is).
const { default: BTree } = createRequire(import.meta.url)('sorted-btree') as typeof BTreeModule;

interface Key {
  /** One value per indexed field (or an Edge in a search key). */
  v: unknown[];
  /** The document's insertion sequence in its collection. */
  s: number;
}

/**
 * A search position in value order: just below or just above `value`, or below/above every value of
 * one BSON type (`rank`) when `value` is absent — MongoDB's type bracketing for one-sided ranges.
 */
class Edge {
  constructor(
    readonly rank: number,
    readonly below: boolean,
    readonly value?: { v: unknown },
  ) {}

  /** Sign of (this − x) in value order. */
  against(x: unknown): number {
    if (!this.value) {
      const r = typeRank(x);
      if (r !== this.rank) return this.rank - r;
    } else {
      const c = orderValues(this.value.v, x);
      if (c) return c;
    }
    return this.below ? -1 : 1;
  }
}

function bsontype(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

function isDecimal(v: unknown): boolean {
  return bsontype(v) === 'Decimal128';
}

/** BSON order with fast paths for the common types; total (never throws), unlike sorting Decimal128. */
export function orderValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1; // NaN sorts first
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (bsontype(a) === 'Decimal128' || bsontype(b) === 'Decimal128') {
    // Only keeps the tree consistent: ranges and sorts over Decimal128 are refused before they get here.
    const r = typeRank(a) - typeRank(b);
    return r || (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  }
  return compareValues(a, b);
}

function order(a: unknown, b: unknown): number {
  if (a instanceof Edge) return a.against(b);
  if (b instanceof Edge) return -b.against(a);
  return orderValues(a, b);
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** Bounds on the first indexed field, in value order; at least one is set. */
export interface Range {
  lower?: Bound;
  upper?: Bound;
}

/** Values a range bound may have: those whose order is exact here. */
export function rangeable(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'string' || v instanceof Date || bsontype(v) === 'ObjectId';
}

export class SortedKeys {
  private readonly tree;
  private readonly n: number;
  /** Entries holding a Decimal128 value: while there are any, sorts don't use this order. */
  private decimals = 0;

  constructor(private readonly dirs: readonly (1 | -1)[]) {
    this.n = dirs.length;
    this.tree = new BTree<Key, string>(undefined, (a, b) => this.compare(a, b));
  }

  get size(): number {
    return this.tree.size;
  }

  /** Whether every entry is in exact BSON order (no Decimal128 values). */
  get orderable(): boolean {
    return this.decimals === 0;
  }

  add(tuples: unknown[][], idKey: string, seq: number): void {
    for (const v of tuples) {
      if (this.tree.set({ v, s: seq }, idKey) && v.some(isDecimal)) this.decimals += 1;
    }
  }

  remove(tuples: unknown[][], seq: number): void {
    for (const v of tuples) {
      if (this.tree.delete({ v, s: seq }) && v.some(isDecimal)) this.decimals -= 1;
    }
  }

  /**
   * Document ids in index order (or the reverse), limited to `range` on the first field. Ties (equal
   * indexed values) come in natural order either way.
   */
  *scan(range: Range | undefined, reverse: boolean): Generator<string> {
    const { lower, upper } = range ?? {};
    const lo = lower ? new Edge(0, lower.inclusive, { v: lower.value }) : upper ? new Edge(typeRank(upper.value), true) : undefined;
    const hi = upper ? new Edge(0, !upper.inclusive, { v: upper.value }) : lower ? new Edge(typeRank(lower.value), false) : undefined;
    // In tree order the first field runs in the index's direction.
    const [start, end] = this.dirs[0] === 1 ? [lo, hi] : [hi, lo];
    const startKey = start ? { v: [start], s: 0 } : undefined;
    const endKey = end ? { v: [end], s: 0 } : undefined;
    if (!reverse) {
      for (const [k, id] of this.tree.entries(startKey)) {
        if (endKey && this.compare(k, endKey) > 0) return;
        yield id;
      }
      return;
    }
    let run: string[] = [];
    let runKey: Key | undefined;
    for (const [k, id] of this.tree.entriesReversed(endKey)) {
      if (startKey && this.compare(k, startKey) < 0) break;
      if (runKey && this.compareValuesOnly(k, runKey) !== 0) {
        for (let i = run.length - 1; i >= 0; i--) yield run[i];
        run = [];
      }
      runKey = k;
      run.push(id);
    }
    for (let i = run.length - 1; i >= 0; i--) yield run[i];
  }

  private compareValuesOnly(a: Key, b: Key): number {
    for (let i = 0; i < this.n; i++) {
      const d = order(a.v[i], b.v[i]);
      if (d) return d * this.dirs[i];
    }
    return 0;
  }

  private compare(a: Key, b: Key): number {
    return this.compareValuesOnly(a, b) || a.s - b.s;
  }
}

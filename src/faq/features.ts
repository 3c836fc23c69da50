// TF-IDF features of a normalised question: stemmed words, stemmed word pairs and character
// n-grams of the corrected words (which carry what typos and unseen inflections keep of a word).
// The vocabulary and the IDF weights are fitted on the training questions; unseen features are
// dropped. Each block is L2-normalised and weighted, so no block dominates by sheer count.
import type { Normalised } from './normalise.js';

/** A sparse vector: feature indices ascending, with their values. */
export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

export interface FeatureOptions {
  /** Character n-gram lengths, inclusive. */
  charMin: number;
  charMax: number;
  /** Relative weights of the blocks. */
  wordWeight: number;
  pairWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charMin: 3, charMax: 5, wordWeight: 1, pairWeight: 0.6, charWeight: 1 };

type Block = 0 | 1 | 2;

function rawFeatures(n: Normalised, opts: FeatureOptions): Map<string, number>[] {
  const blocks = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const add = (b: Block, f: string): void => {
    blocks[b].set(f, (blocks[b].get(f) ?? 0) + 1);
  };
  for (let i = 0; i < n.stems.length; i++) {
    add(0, n.stems[i]);
    if (i > 0) add(1, `${n.stems[i - 1]} ${n.stems[i]}`);
  }
  for (const w of n.words) {
    const padded = ` ${w} `;
    for (let len = opts.charMin; len <= opts.charMax; len++) {
      for (let i = 0; i + len <= padded.length; i++) add(2, padded.slice(i, i + len));
    }
  }
  return blocks;
}

export interface Vectoriser {
  readonly size: number;
  vector(n: Normalised): SparseVector;
}

export function fitVectoriser(docs: readonly Normalised[], opts: FeatureOptions = DEFAULT_FEATURES): Vectoriser {
  const ids: Map<string, number>[] = [new Map(), new Map(), new Map()];
  const df: number[] = [];
  for (const d of docs) {
    const blocks = rawFeatures(d, opts);
    blocks.forEach((m, b) => {
      for (const f of m.keys()) {
        let id = ids[b].get(f);
        if (id === undefined) {
          id = df.length;
          ids[b].set(f, id);
          df.push(0);
        }
        df[id]++;
      }
    });
  }
  const idf = Float64Array.from(df, (n) => Math.log((docs.length + 1) / (n + 1)) + 1);
  const weights = [opts.wordWeight, opts.pairWeight, opts.charWeight];

  return {
    size: df.length,
    vector(n) {
      const entries: [number, number][] = [];
      rawFeatures(n, opts).forEach((m, b) => {
        const block: [number, number][] = [];
        let norm = 0;
        for (const [f, tf] of m) {
          const id = ids[b].get(f);
          if (id === undefined) continue;
          const v = (1 + Math.log(tf)) * idf[id];
          block.push([id, v]);
          norm += v * v;
        }
        if (norm === 0) return;
        const k = weights[b] / Math.sqrt(norm);
        for (const [id, v] of block) entries.push([id, v * k]);
      });
      entries.sort((a, b) => a[0] - b[0]);
      return { index: Int32Array.from(entries, (e) => e[0]), value: Float64Array.from(entries, (e) => e[1]) };
    },
  };
}

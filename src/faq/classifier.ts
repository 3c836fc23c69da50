// Multinomial logistic regression on sparse vectors, trained by stochastic gradient descent with
// AdaGrad step sizes and L2 regularisation. Deterministic: the examples are shuffled by a seeded
// generator, so the same data always gives the same model.
import type { SparseVector } from './features.js';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step. */
  l2: number;
  seed: number;
  /** Weight of the last class's examples (the out-of-scope class): above 1 makes answering more cautious. */
  lastClassWeight: number;
}

export const DEFAULT_TRAINING: TrainOptions = { epochs: 12, learningRate: 0.5, l2: 1e-5, seed: 16, lastClassWeight: 1 };

const SKIP_ERROR = 1e-3;

export interface Classifier {
  readonly classes: number;
  /** Class probabilities (sum to 1). */
  probabilities(x: SparseVector): Float64Array;
}

export function trainClassifier(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: number,
  features: number,
  opts: TrainOptions = DEFAULT_TRAINING,
): Classifier {
  const w = new Float64Array(classes * features);
  const g2 = new Float64Array(classes * features).fill(1e-8);
  const bias = new Float64Array(classes);
  const bg2 = new Float64Array(classes).fill(1e-8);
  const p = new Float64Array(classes);
  const order = xs.map((_, i) => i);
  const random = mulberry32(opts.seed);

  const scores = (x: SparseVector, out: Float64Array): void => {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = bias[c];
      const base = c * features;
      for (let k = 0; k < x.index.length; k++) s += w[base + x.index[k]] * x.value[k];
      out[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      out[c] = Math.exp(out[c] - max);
      sum += out[c];
    }
    for (let c = 0; c < classes; c++) out[c] /= sum;
  };

  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const x = xs[i];
      scores(x, p);
      const weight = ys[i] === classes - 1 ? opts.lastClassWeight : 1;
      for (let c = 0; c < classes; c++) {
        const err = weight * (p[c] - (ys[i] === c ? 1 : 0));
        // Classes the example already fits change nothing worth the work (most classes, once trained).
        if (Math.abs(err) < SKIP_ERROR) continue;
        const base = c * features;
        for (let k = 0; k < x.index.length; k++) {
          const at = base + x.index[k];
          const grad = err * x.value[k] + opts.l2 * w[at];
          g2[at] += grad * grad;
          w[at] -= (opts.learningRate * grad) / Math.sqrt(g2[at]);
        }
        bg2[c] += err * err;
        bias[c] -= (opts.learningRate * err) / Math.sqrt(bg2[c]);
      }
    }
  }

  return {
    classes,
    probabilities(x) {
      const out = new Float64Array(classes);
      scores(x, out);
      return out;
    },
  };
}

// A small, well-known seeded generator (Mulberry32): enough for shuffling, and reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

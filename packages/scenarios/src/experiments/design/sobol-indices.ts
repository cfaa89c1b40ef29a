import { InvalidArgumentError, type Random } from '@orebus/core';
import { requireInteger } from './arguments.js';
import { interpolate } from './percentiles.js';
import { type SaltelliOutputs, splitSaltelliOutputs } from './saltelli.js';

/** How `sobolIndices` estimates, and how it bounds its estimates. */
export interface SobolOptions {
  /** Bootstrap resamples for the confidence intervals; 0 gives no intervals. Default 1000. */
  readonly bootstrap?: number;
  /** Coverage of the intervals, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** The outputs are of a second-order design; also estimate S_ij. Default `false`. */
  readonly secondOrder?: boolean;
}

/** One sensitivity index: the estimate from all rows, and its bootstrap percentile interval. */
export interface IndexEstimate {
  readonly estimate: number;
  /** `[low, high]` at the requested confidence, or `null` if `bootstrap` was 0. */
  readonly interval: readonly [low: number, high: number] | null;
}

/** A second-order index S_ij of factors i < j (0-based). */
export interface PairIndexEstimate extends IndexEstimate {
  readonly i: number;
  readonly j: number;
}

/** The variance-based sensitivity indices of one model output, per factor in design order. */
export interface SobolIndices {
  /** S_i: the share of the output variance due to factor i alone. */
  readonly firstOrder: readonly IndexEstimate[];
  /** S_Ti: the share due to factor i including all its interactions. */
  readonly total: readonly IndexEstimate[];
  /** S_ij for every pair i < j, in row-major order; `null` without second order. */
  readonly secondOrder: readonly PairIndexEstimate[] | null;
  /** The output variance the indices are shares of, from f(A) and f(B) together. */
  readonly variance: number;
}

/**
 * First-order and total Sobol' indices from the outputs of `saltelliSample(n, k, …)`, given in
 * that design's row order, with bootstrap confidence intervals.
 *
 * Estimators, with V the variance of f(A) and f(B) pooled (divisor 2n) and means over the n
 * base rows: first order by Saltelli et al. (2010), table 2 (b):
 * S_i = mean(f(B)·(f(A_B^(i)) − f(A)))/V; total by Jansen (1999), table 2 (f):
 * S_Ti = mean((f(A) − f(A_B^(i)))²)/(2V); second order by Saltelli (2002):
 * S_ij = mean(f(B_A^(i))·f(A_B^(j)) − f(A)·f(B))/V − S_i − S_j. The outputs are centred on
 * their pooled mean first, which leaves the estimands unchanged and reduces the estimators'
 * variance. Estimates are not clipped: a small index may come out slightly negative, and an
 * index near 1 slightly above it.
 *
 * Intervals: the bootstrap percentile method; each resample draws n base rows with
 * replacement (about n·`bootstrap` calls of `random.nextUint32`, unbiased by rejection) and recomputes every index from them.
 * A resample whose outputs are all equal is drawn again. With a Sobol'-sequence design the
 * intervals are conservative, since the bootstrap treats the rows as independent draws.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if n < 2, `outputs` has the wrong length
 *   for the design (see `splitSaltelliOutputs`), the outputs are all equal, `bootstrap` is not
 *   an integer ≥ 0, or `confidence` is not in (0, 1).
 * @throws NonFiniteNumberError (`E_NON_FINITE`) naming the first output that is NaN or infinite.
 */
export function sobolIndices(
  outputs: ArrayLike<number>,
  n: number,
  k: number,
  random: Random,
  options: SobolOptions = {},
): SobolIndices {
  const { bootstrap = 1000, confidence = 0.95, secondOrder = false } = options;
  requireInteger('n', n, 2);
  requireInteger('options.bootstrap', bootstrap, 0, 1e6);
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError('options.confidence', confidence, 'a probability in (0, 1)');
  }
  const split = centre(splitSaltelliOutputs(outputs, n, k, { secondOrder }));

  const point = new Float64Array(countIndices(k, secondOrder));
  const everyRow = Int32Array.from({ length: n }, (_, r) => r);
  const scratch = { a: new Float64Array(n), b: new Float64Array(n) };
  const variance = estimate(split, everyRow, scratch, k, point);
  if (!(variance > 0)) {
    throw new InvalidArgumentError('outputs', 'all equal', 'outputs that vary across the design');
  }
  const replicates = resample(split, n, k, random, bootstrap, point.length);

  const lowQ = (1 - confidence) / 2;
  const highQ = 1 - lowQ;
  const at = (index: number): IndexEstimate => {
    const sorted = replicates[index];
    return {
      estimate: point[index] as number,
      interval: sorted ? [interpolate(sorted, lowQ), interpolate(sorted, highQ)] : null,
    };
  };
  const pairs: PairIndexEstimate[] = [];
  if (secondOrder) {
    let index = 2 * k;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) pairs.push({ i, j, ...at(index++) });
    }
  }
  return {
    firstOrder: Array.from({ length: k }, (_, i) => at(i)),
    total: Array.from({ length: k }, (_, i) => at(k + i)),
    secondOrder: secondOrder ? pairs : null,
    variance,
  };
}

function countIndices(k: number, secondOrder: boolean): number {
  return 2 * k + (secondOrder ? (k * (k - 1)) / 2 : 0);
}

function centre(split: SaltelliOutputs): SaltelliOutputs {
  const { fA, fB, fAB, fBA } = split;
  let sum = 0;
  for (let r = 0; r < fA.length; r++) sum += (fA[r] as number) + (fB[r] as number);
  const mean = sum / (2 * fA.length);
  for (const column of [fA, fB, ...fAB, ...(fBA ?? [])]) {
    for (let r = 0; r < column.length; r++) column[r] = (column[r] as number) - mean;
  }
  return split;
}

// Writes S_1 … S_k, S_T1 … S_Tk, then S_ij (i < j, row-major) into `out` for the base rows
// listed in `rows` (a bootstrap resample, or every row once); returns V. f(A) and f(B) are
// gathered into the scratch arrays once, the other columns are read through `rows` directly,
// which halves the memory traffic of a resample.
function estimate(
  split: SaltelliOutputs,
  rows: Int32Array,
  scratch: { readonly a: Float64Array; readonly b: Float64Array },
  k: number,
  out: Float64Array,
): number {
  const { fAB, fBA } = split;
  const { a: gA, b: gB } = scratch;
  const n = rows.length;

  let sum = 0;
  let squares = 0;
  let cross = 0;
  for (let r = 0; r < n; r++) {
    const row = rows[r] as number;
    const a = split.fA[row] as number;
    const b = split.fB[row] as number;
    gA[r] = a;
    gB[r] = b;
    sum += a + b;
    squares += a * a + b * b;
    cross += a * b;
  }
  // One pass is safe here: the outputs were centred on their pooled mean, so `mean` is small.
  const mean = sum / (2 * n);
  const variance = squares / (2 * n) - mean * mean;

  for (let i = 0; i < k; i++) {
    const ab = fAB[i] as Float64Array;
    let first = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const difference = (ab[rows[r] as number] as number) - (gA[r] as number);
      first += (gB[r] as number) * difference;
      total += difference * difference;
    }
    out[i] = first / n / variance;
    out[k + i] = total / (2 * n) / variance;
  }
  if (fBA) {
    let index = 2 * k;
    for (let i = 0; i < k; i++) {
      const ba = fBA[i] as Float64Array;
      for (let j = i + 1; j < k; j++) {
        const ab = fAB[j] as Float64Array;
        let product = 0;
        for (let r = 0; r < n; r++) {
          const row = rows[r] as number;
          product += (ba[row] as number) * (ab[row] as number);
        }
        out[index++] = (product - cross) / n / variance - (out[i] as number) - (out[j] as number);
      }
    }
  }
  return variance;
}

// The bootstrap replicates of every index, each sorted ascending; empty if bootstrap is 0.
function resample(
  split: SaltelliOutputs,
  n: number,
  k: number,
  random: Random,
  bootstrap: number,
  count: number,
): Float64Array[] {
  if (bootstrap === 0) return [];
  const replicates = Array.from({ length: count }, () => new Float64Array(bootstrap));
  const scratch = { a: new Float64Array(n), b: new Float64Array(n) };
  const rows = new Int32Array(n);
  const out = new Float64Array(count);
  // Draws at or above `limit` would favour low rows; they are drawn again, as Random#int does,
  // without that method's per-call checks, which cost a quarter of the run time here.
  const limit = 2 ** 32 - (2 ** 32 % n);

  for (let b = 0; b < bootstrap; b++) {
    let variance = 0;
    while (!(variance > 0)) {
      for (let r = 0; r < n; r++) {
        let x = random.nextUint32();
        while (x >= limit) x = random.nextUint32();
        rows[r] = x % n;
      }
      variance = estimate(split, rows, scratch, k, out);
    }
    for (let c = 0; c < count; c++) (replicates[c] as Float64Array)[b] = out[c] as number;
  }
  for (const replicate of replicates) replicate.sort();
  return replicates;
}

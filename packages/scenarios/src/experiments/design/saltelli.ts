import { InvalidArgumentError, type Random } from '@orebus/core';
import { openUniform, requireFiniteEntries, requireInteger } from './arguments.js';
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from './sobol-sequence.js';

/** How a Saltelli design is laid out, and where its base matrices come from. */
export interface SaltelliOptions {
  /** Also build the B_A^(i) rows that second-order indices need. Default `false`. */
  readonly secondOrder?: boolean;
  /**
   * The source of the base matrices A and B: `'sobol'` (default), a randomly shifted Sobol'
   * sequence in 2k dimensions, for which n should be a power of 2 and k at most half of
   * `SOBOL_MAX_DIMENSIONS`; or `'random'`, independent uniforms, for any n and k.
   */
  readonly sequence?: 'sobol' | 'random';
}

/** The rows of a Saltelli design per base row: k + 2, or 2k + 2 with second order. */
export function saltelliBlockSize(k: number, secondOrder = false): number {
  return secondOrder ? 2 * k + 2 : k + 2;
}

/**
 * The Saltelli (2010) design for variance-based sensitivity analysis of a model of k factors,
 * as points in the open unit hypercube (0, 1)^k; map them with `scale` or `mapToDistributions`.
 *
 * Two base matrices A and B of n rows are the first and last k columns of one 2k-dimensional
 * sample. From them, A_B^(i) is A with column i taken from B, and (with second order) B_A^(i)
 * is B with column i taken from A. Row order, for each base row r = 0 … n − 1 in turn, a block
 * of `saltelliBlockSize(k, secondOrder)` rows:
 *
 *   A_r, A_B^(1)_r, …, A_B^(k)_r, [B_A^(1)_r, …, B_A^(k)_r,] B_r
 *
 * so the design has n·(k + 2) rows, or n·(2k + 2) with second order, and `splitSaltelliOutputs`
 * sorts model outputs given in this order back into f(A), f(B), f(A_B^(i)) and f(B_A^(i)).
 *
 * Determinism: with `'sobol'`, draws 2k 32-bit words from `random` for the digital shift; with
 * `'random'`, draws the 2k coordinates of each base row in turn.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless n ≥ 1 and k ≥ 1 are integers, or
 *   with `'sobol'` if 2k exceeds `SOBOL_MAX_DIMENSIONS`.
 */
export function saltelliSample(
  n: number,
  k: number,
  random: Random,
  options: SaltelliOptions = {},
): number[][] {
  const { secondOrder = false, sequence = 'sobol' } = options;
  requireInteger('n', n, 1);
  requireInteger('k', k, 1);
  if (sequence !== 'sobol' && sequence !== 'random') {
    throw new InvalidArgumentError('options.sequence', sequence, '"sobol" or "random"');
  }
  if (sequence === 'sobol' && 2 * k > SOBOL_MAX_DIMENSIONS) {
    throw new InvalidArgumentError(
      'k',
      k,
      `at most ${SOBOL_MAX_DIMENSIONS / 2} with sequence "sobol"; pass sequence: "random"`,
    );
  }

  const base =
    sequence === 'sobol'
      ? sobolSequence(n, 2 * k, random)
      : Array.from({ length: n }, () => Array.from({ length: 2 * k }, () => openUniform(random)));
  const rows: number[][] = [];
  for (const point of base) {
    const a = point.slice(0, k);
    const b = point.slice(k);
    rows.push(a);
    for (let i = 0; i < k; i++) rows.push(a.map((x, j) => (j === i ? (b[j] as number) : x)));
    if (secondOrder) {
      for (let i = 0; i < k; i++) rows.push(b.map((x, j) => (j === i ? (a[j] as number) : x)));
    }
    rows.push(b);
  }
  return rows;
}

/** Model outputs of a Saltelli design, sorted by matrix; each array has n entries. */
export interface SaltelliOutputs {
  readonly fA: Float64Array;
  readonly fB: Float64Array;
  /** f(A_B^(i)) for i = 0 … k − 1. */
  readonly fAB: readonly Float64Array[];
  /** f(B_A^(i)) for i = 0 … k − 1, or `null` without second order. */
  readonly fBA: readonly Float64Array[] | null;
}

/**
 * Sorts outputs given in the row order of `saltelliSample(n, k, …, { secondOrder })` back into
 * f(A), f(B), f(A_B^(i)) and f(B_A^(i)). Copies; `outputs` is not changed.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `outputs` does not have exactly
 *   n·`saltelliBlockSize(k, secondOrder)` entries.
 * @throws NonFiniteNumberError (`E_NON_FINITE`) naming the first output that is NaN or infinite.
 */
export function splitSaltelliOutputs(
  outputs: ArrayLike<number>,
  n: number,
  k: number,
  options: Pick<SaltelliOptions, 'secondOrder'> = {},
): SaltelliOutputs {
  const { secondOrder = false } = options;
  requireInteger('n', n, 1);
  requireInteger('k', k, 1);
  const block = saltelliBlockSize(k, secondOrder);
  if (outputs.length !== n * block) {
    const other = n * saltelliBlockSize(k, !secondOrder);
    const hint = outputs.length === other ? `; it matches secondOrder: ${!secondOrder}` : '';
    throw new InvalidArgumentError(
      'outputs.length',
      outputs.length,
      `n·${block} = ${n * block}, one output per design row in order${hint}`,
    );
  }
  requireFiniteEntries('outputs', outputs, 'splitSaltelliOutputs');

  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = Array.from({ length: k }, () => new Float64Array(n));
  const fBA = secondOrder ? Array.from({ length: k }, () => new Float64Array(n)) : null;
  for (let r = 0; r < n; r++) {
    const start = r * block;
    fA[r] = outputs[start] as number;
    for (let i = 0; i < k; i++) (fAB[i] as Float64Array)[r] = outputs[start + 1 + i] as number;
    if (fBA) {
      for (let i = 0; i < k; i++)
        (fBA[i] as Float64Array)[r] = outputs[start + 1 + k + i] as number;
    }
    fB[r] = outputs[start + block - 1] as number;
  }
  return { fA, fB, fAB, fBA };
}

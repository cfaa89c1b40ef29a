import { InvalidArgumentError, type Random } from '@orebus/core';
import { requireInteger } from './arguments.js';

// Primitive polynomials and initial direction numbers for dimensions 2 to 40, as published by
// S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional projections",
// SIAM J. Sci. Comput. 30 (2008), file new-joe-kuo-6.21201. Each row: the degree s, the
// polynomial's inner coefficients a (bits a_1 … a_{s−1}, a_1 most significant), and m_1 … m_s.
// Dimension 1 is the van der Corput sequence and needs no row.
const JOE_KUO: readonly (readonly [number, number, readonly number[]])[] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
  [6, 19, [1, 1, 1, 15, 7, 5]],
  [6, 22, [1, 3, 1, 15, 13, 25]],
  [6, 25, [1, 1, 5, 5, 19, 61]],
  [7, 1, [1, 3, 7, 11, 23, 15, 103]],
  [7, 4, [1, 3, 7, 13, 13, 15, 69]],
  [7, 7, [1, 1, 3, 13, 7, 35, 63]],
  [7, 8, [1, 3, 5, 9, 1, 25, 53]],
  [7, 14, [1, 3, 1, 13, 9, 35, 107]],
  [7, 19, [1, 3, 1, 5, 27, 61, 31]],
  [7, 21, [1, 1, 5, 11, 19, 41, 61]],
  [7, 28, [1, 3, 5, 3, 3, 13, 69]],
  [7, 31, [1, 1, 7, 13, 1, 19, 1]],
  [7, 32, [1, 3, 7, 5, 13, 19, 59]],
  [7, 37, [1, 1, 3, 9, 25, 29, 41]],
  [7, 41, [1, 3, 5, 13, 23, 1, 55]],
  [7, 42, [1, 3, 7, 3, 13, 59, 17]],
  [7, 50, [1, 3, 1, 3, 5, 53, 69]],
  [7, 55, [1, 1, 5, 5, 23, 33, 13]],
  [7, 56, [1, 1, 7, 7, 1, 61, 123]],
  [7, 59, [1, 1, 7, 9, 13, 61, 49]],
  [7, 62, [1, 3, 3, 5, 3, 55, 33]],
  [8, 14, [1, 3, 1, 15, 31, 13, 49, 245]],
  [8, 21, [1, 3, 5, 15, 31, 59, 63, 97]],
  [8, 22, [1, 3, 1, 11, 11, 11, 77, 249]],
];

/** The most dimensions `sobolSequence` supports (the Joe–Kuo rows stored here, plus one). */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

const BITS = 32;
const TWO_POW_32 = 2 ** 32;

// The 32 direction numbers v_1 … v_32 of one dimension, as unsigned integers scaled by 2^32.
function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let b = 0; b < BITS; b++) v[b] = 2 ** (BITS - 1 - b);
    return v;
  }
  const [degree, a, initial] = JOE_KUO[dimension - 1] as (typeof JOE_KUO)[number];
  const m = new Array<number>(BITS);
  for (let b = 0; b < BITS; b++) {
    if (b < degree) {
      m[b] = initial[b] as number;
      continue;
    }
    // Bratley and Fox (1988), eq. (2): m_i = 2a_1 m_{i−1} ⊕ … ⊕ 2^{s−1}a_{s−1} m_{i−s+1}
    // ⊕ 2^s m_{i−s} ⊕ m_{i−s}. Every m_i < 2^i, so the shifts stay within 32 bits.
    const oldest = m[b - degree] as number;
    let value = oldest ^ (oldest << degree);
    for (let l = 1; l < degree; l++) {
      if ((a >>> (degree - 1 - l)) & 1) value ^= (m[b - l] as number) << l;
    }
    m[b] = value >>> 0;
  }
  for (let b = 0; b < BITS; b++) v[b] = ((m[b] as number) << (BITS - 1 - b)) >>> 0;
  return v;
}

/**
 * The first `n` points of the Sobol' low-discrepancy sequence in `dimensions` dimensions, with
 * Joe–Kuo direction numbers, in Gray-code order (Antonov and Saleev 1979), at 32 bits.
 *
 * Without `random`, the plain sequence: dyadic rationals in [0, 1), starting at the origin.
 * With `random`, a random digital shift (each dimension's 32 bits XORed with one draw of
 * `random.nextUint32()`, drawn in dimension order before any point) and each coordinate moved
 * to the centre of its 2^-32 cell, so points lie in (0, 1). The shift keeps the net structure:
 * for n = 2^m, every one-dimensional projection has exactly one point in each interval
 * [s/n, (s + 1)/n). Take n a power of 2; other n lose that balance.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless n ≥ 1 is an integer below 2^31
 *   and 1 ≤ dimensions ≤ `SOBOL_MAX_DIMENSIONS`.
 */
export function sobolSequence(n: number, dimensions: number, random?: Random): number[][] {
  requireInteger('n', n, 1, 2 ** 31 - 1);
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    throw new InvalidArgumentError(
      'dimensions',
      dimensions,
      `an integer from 1 to ${SOBOL_MAX_DIMENSIONS}; for more, draw the points at random`,
    );
  }

  const directions = Array.from({ length: dimensions }, (_, j) => directionNumbers(j));
  const shifts = Array.from({ length: dimensions }, () => (random ? random.nextUint32() : 0));
  const offset = random ? 0.5 : 0;
  const state = new Uint32Array(dimensions);
  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // Point i differs from point i − 1 by the direction number of i's lowest set bit.
      const bit = 31 - Math.clz32(i & -i);
      for (let j = 0; j < dimensions; j++) {
        state[j] = (state[j] as number) ^ ((directions[j] as Uint32Array)[bit] as number);
      }
    }
    const point = new Array<number>(dimensions);
    for (let j = 0; j < dimensions; j++) {
      const shifted = ((state[j] as number) ^ (shifts[j] as number)) >>> 0;
      point[j] = (shifted + offset) / TWO_POW_32;
    }
    points.push(point);
  }
  return points;
}

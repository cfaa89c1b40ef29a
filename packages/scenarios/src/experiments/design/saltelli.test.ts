import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saltelliBlockSize, saltelliSample, splitSaltelliOutputs } from './saltelli.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

const sequenceArb = fc.constantFrom('sobol' as const, 'random' as const);

describe('saltelliSample', () => {
  it('has n·(k + 2) rows, or n·(2k + 2) with second order, all inside (0, 1)^k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        sequenceArb,
        (n, k, secondOrder, sequence) => {
          const rows = saltelliSample(n, k, createRandom(n), { secondOrder, sequence });

          expect(rows).toHaveLength(n * (secondOrder ? 2 * k + 2 : k + 2));
          expect(rows.every((row) => row.length === k)).toBe(true);
          expect(rows.flat().every((x) => x > 0 && x < 1)).toBe(true);
        },
      ),
      FIXED,
    );
  });

  it('builds A_B^(i) and B_A^(i) by swapping exactly column i between A and B', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), sequenceArb, fc.nat(), (k, sequence, seed) => {
        const n = 8;
        const block = saltelliBlockSize(k, true);

        const rows = saltelliSample(n, k, createRandom(seed), { secondOrder: true, sequence });

        for (let r = 0; r < n; r++) {
          const a = rows[r * block] as number[];
          const b = rows[r * block + block - 1] as number[];
          for (let i = 0; i < k; i++) {
            const ab = rows[r * block + 1 + i] as number[];
            const ba = rows[r * block + 1 + k + i] as number[];
            expect(ab).toEqual(a.map((x, j) => (j === i ? b[j] : x)));
            expect(ba).toEqual(b.map((x, j) => (j === i ? a[j] : x)));
          }
        }
      }),
      FIXED,
    );
  });

  it('gives the same design for the same stream', () => {
    const first = saltelliSample(16, 3, createRandom('s'));

    const again = saltelliSample(16, 3, createRandom('s'));

    expect(again).toEqual(first);
  });

  it('refuses a Sobol design of more factors than it has dimensions for, and bad sizes', () => {
    expect(codeOf(() => saltelliSample(8, 21, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
    expect(() => saltelliSample(8, 21, createRandom(1), { sequence: 'random' })).not.toThrow();
    expect(codeOf(() => saltelliSample(0, 2, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => saltelliSample(4, 0, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
  });
});

describe('splitSaltelliOutputs', () => {
  it('returns each matrix row to its place, in both layouts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (n, k, secondOrder) => {
          const block = saltelliBlockSize(k, secondOrder);
          // Output = row number, so each array must hold the rows the layout puts it in.
          const outputs = Array.from({ length: n * block }, (_, row) => row);

          const { fA, fB, fAB, fBA } = splitSaltelliOutputs(outputs, n, k, { secondOrder });

          for (let r = 0; r < n; r++) {
            expect(fA[r]).toBe(r * block);
            expect(fB[r]).toBe(r * block + block - 1);
            fAB.forEach((column, i) => {
              expect(column[r]).toBe(r * block + 1 + i);
            });
            fBA?.forEach((column, i) => {
              expect(column[r]).toBe(r * block + 1 + k + i);
            });
          }
          expect(fBA === null).toBe(!secondOrder);
        },
      ),
      FIXED,
    );
  });

  it('refuses outputs of the wrong length and names a non-finite one', () => {
    expect(codeOf(() => splitSaltelliOutputs(new Array(9).fill(0), 2, 3))).toBe(
      'E_INVALID_ARGUMENT',
    );
    expect(codeOf(() => splitSaltelliOutputs([1, 2, 3, Number.NaN], 1, 2))).toBe('E_NON_FINITE');
  });
});

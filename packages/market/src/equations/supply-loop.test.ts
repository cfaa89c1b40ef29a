import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { priceUpdate } from './price-update.js';
import { runSupplyLoop, type SupplyLoopParameters } from './supply-loop.js';

// The shared folder sits beside the repository, not inside it; a clone without it uses the
// repository's copy, which test/supply-loop-conformance.test.ts keeps equal to it.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const sharedPath = path.resolve(repoRoot, '../shared/conformance/supply-loop.json');
const conformancePath = existsSync(sharedPath)
  ? sharedPath
  : path.resolve(repoRoot, 'test/conformance/supply-loop.json');

const SeriesSchema = z.array(z.number());
const ConformanceSchema = z.object({
  years: z.array(z.number().int()).min(1),
  cases: z
    .array(
      z.object({
        parameters: z.object({
          a: z.number(),
          SCP: z.number(),
          SPR: z.number(),
          Eco: z.number(),
          Con: z.number(),
          qScale: z.number(),
          K2022: z.number(),
          P0: z.number(),
          g: z.number(),
          r: z.number(),
          shares: SeriesSchema,
          productivityMode: z.enum(['linear', 'compound']),
        }),
        inputs: z.object({
          demand: SeriesSchema,
          recycled: SeriesSchema,
          netImports: SeriesSchema,
        }),
        expected: z.array(
          z.object({
            year: z.number().int(),
            price: z.number(),
            outputs: SeriesSchema,
            primary: z.number(),
            supply: z.number(),
            demand: z.number(),
            ratio: z.number(),
            meanUnitCost: z.number(),
          }),
        ),
      }),
    )
    .min(1),
});
type Conformance = z.infer<typeof ConformanceSchema>;

/** Reads the conformance file, or says why it cannot, so that the suite fails rather than skips. */
function loadConformance(): { file: Conformance } | { problem: string } {
  if (!existsSync(conformancePath)) {
    return {
      problem:
        `conformance file not found at ${sharedPath} nor at ${conformancePath}; MODEL.md ` +
        'section 12 requires this test to run against it.',
    };
  }
  const parsed = ConformanceSchema.safeParse(JSON.parse(readFileSync(conformancePath, 'utf8')));
  if (!parsed.success) {
    return {
      problem: `${conformancePath} has an unexpected shape:\n${z.prettifyError(parsed.error)}`,
    };
  }
  return { file: parsed.data };
}

const TOLERANCE = 1e-12;

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

const loaded = loadConformance();
const cases = 'file' in loaded ? loaded.file.cases : [];

describe('runSupplyLoop against conformance/supply-loop.json', () => {
  it('finds and reads the conformance file', () => {
    if ('problem' in loaded) expect.fail(loaded.problem);

    expect(cases.length).toBeGreaterThan(0);
  });

  for (const testCase of cases) {
    const { parameters, inputs, expected } = testCase;
    const mode = parameters.productivityMode;

    it(`reproduces every value of every row to 1e-12 (${mode} productivity)`, () => {
      const years = 'file' in loaded ? loaded.file.years : [];

      const rows = runSupplyLoop(parameters, inputs);

      expect(rows.map((row) => row.year)).toEqual(years);
      expect(expected.map((row) => row.year)).toEqual(years);
      const mismatches: string[] = [];
      const check = (field: string, actual: number | null, want: number): void => {
        if (actual === null || !(relativeError(actual, want) <= TOLERANCE)) {
          mismatches.push(`${field}: got ${String(actual)}, expected ${want}`);
        }
      };
      expected.forEach((want, i) => {
        const row = rows[i]!;
        expect(row.outputs).toHaveLength(want.outputs.length);
        for (const field of ['price', 'primary', 'supply', 'demand', 'ratio'] as const) {
          check(`${want.year} ${field}`, row[field], want[field]);
        }
        check(`${want.year} meanUnitCost`, row.meanUnitCost, want.meanUnitCost);
        want.outputs.forEach((q, k) => {
          check(`${want.year} outputs[${k}]`, row.outputs[k]!, q);
        });
      });
      expect(mismatches).toEqual([]);
    });

    it(`takes both branches of the output rule (${mode} productivity)`, () => {
      // Classify the expected outputs on their own, year over year, so that the file itself is
      // shown to contain both branches, not only this implementation's reading of it.
      const { K2022, shares, g, r, Eco, Con } = parameters;
      const seen = new Set<string>();
      const baseYear = expected[0]!.year - 1;
      const index = (t: number): number => 1 + r * (t - baseYear);
      let previous = shares.map((share) => share * K2022);
      for (const row of expected) {
        const d = mode === 'linear' ? index(row.year) / index(row.year - 1) - 1 : r;
        const grow = ((1 + g) * (1 + d)) / Eco;
        row.outputs.forEach((q, k) => {
          const factor = q / previous[k]!;
          if (relativeError(factor, grow) <= 1e-12) seen.add('grow');
          else if (relativeError(factor, 1 - Con) <= 1e-12) seen.add('contract');
          else seen.add(`neither, in ${row.year} for producer ${k} (factor ${factor})`);
        });
        previous = row.outputs;
      }

      const rows = runSupplyLoop(parameters, inputs);

      expect([...seen].sort()).toEqual(['contract', 'grow']);
      const taken = new Set(rows.flatMap((row) => row.branches));
      expect([...taken].sort()).toEqual(['contract', 'grow']);
    });
  }
});

const reference: SupplyLoopParameters = {
  a: 30,
  SCP: 0.8,
  SPR: 0.7,
  Eco: 1.02,
  Con: 0.15,
  qScale: 1000,
  K2022: 22600,
  P0: 10000,
  g: 0.055,
  r: 0.1,
  shares: [0.07925, 0.07925, 0.07925, 0.07925, 0.683],
  productivityMode: 'linear',
};

describe('runSupplyLoop', () => {
  it('quotes P0 first and contracts every producer when P0 is the cost at zero output', () => {
    // Cost(q) > 10 000 = P0 for every q > 0 when 0 ≤ a < 50, so the first year contracts:
    // 22 600 · 0.07925 · 0.85 = 1522.3925 and 22 600 · 0.683 · 0.85 = 13 120.43 t Li.
    const inputs = { demand: [35000], recycled: [500], netImports: [8714.25] };

    const [row] = runSupplyLoop(reference, inputs);

    expect(row?.year).toBe(2023);
    expect(row?.price).toBe(10000);
    expect(row?.branches).toEqual(['contract', 'contract', 'contract', 'contract', 'contract']);
    expect(row?.outputs[0]).toBeCloseTo(1522.3925, 9);
    expect(row?.outputs[4]).toBeCloseTo(13120.43, 9);
  });

  it('keeps prices positive, outputs non-negative and each row consistent with the equations', () => {
    const series = (min: number, max: number) =>
      fc.array(fc.double({ min, max, noNaN: true }), { minLength: 28, maxLength: 28 });
    const parameters = fc.record({
      a: fc.double({ min: 0, max: 50, noNaN: true }),
      SCP: fc.double({ min: 0, max: 0.95, noNaN: true }),
      SPR: fc.double({ min: 0, max: 1.5, noNaN: true }),
      Eco: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
      Con: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
      r: fc.double({ min: 0, max: 0.2, noNaN: true }),
      productivityMode: fc.constantFrom('linear' as const, 'compound' as const),
    });
    const inputs = fc.record({
      demand: series(1e3, 2e5),
      recycled: series(0, 5e4),
      netImports: series(1e3, 1e4),
    });

    fc.assert(
      fc.property(parameters, inputs, (drawn, series) => {
        const run = { ...reference, ...drawn };

        const rows = runSupplyLoop(run, series);

        rows.forEach((row, i) => {
          expect(row.price).toBeGreaterThan(0);
          expect(Number.isFinite(row.price)).toBe(true);
          for (const q of row.outputs) expect(q).toBeGreaterThanOrEqual(0);
          expect(row.supply).toBe(row.primary + series.recycled[i]! + series.netImports[i]!);
          const previous = rows[i - 1];
          if (previous !== undefined) {
            const update = priceUpdate({
              previousPrice: previous.price,
              meanCost: previous.meanUnitCost,
              previousRatio: previous.ratio,
              previousDemand: previous.demand,
              SCP: run.SCP,
              SPR: run.SPR,
            });
            expect(row.price).toBe(update.price);
          }
        });
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('gives the same rows for the same arguments and leaves its inputs untouched', () => {
    const inputs = Object.freeze({
      demand: Object.freeze([35000, 39200, 43904]),
      recycled: Object.freeze([500, 600, 720]),
      netImports: Object.freeze([8714.25, 8714.25, 8714.25]),
    });

    const first = runSupplyLoop(reference, inputs);
    const second = runSupplyLoop(reference, inputs);

    expect(second).toEqual(first);
  });

  it('rejects series of different lengths and shares that do not sum to 1', () => {
    const inputs = { demand: [1, 2], recycled: [1], netImports: [1, 2] };
    const series = { demand: [1], recycled: [1], netImports: [1] };

    expect(() => runSupplyLoop(reference, inputs)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => runSupplyLoop({ ...reference, shares: [0.5, 0.4] }, series)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });
});

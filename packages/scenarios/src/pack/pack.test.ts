import { describe, expect, it } from 'vitest';
import { ProvenanceSchema } from './file-schema.js';
import { listCombinations, loadPack } from './pack.js';
import { LITHIUM_PACK_DIR } from './pack.test-support.js';
import { LITHIUM_PARAMETER_SPECS } from './parameter-specs.js';
import { type ResolvedScenario, resolveScenario } from './resolve.js';

const pack = loadPack(LITHIUM_PACK_DIR);

function changedPaths(scenario: ResolvedScenario, base: ResolvedScenario): string[] {
  const baseValues = new Map(base.table.map((row) => [row.path, JSON.stringify(row.value)]));
  return scenario.table
    .filter((row) => row.origin !== 'derived')
    .filter((row) => JSON.stringify(row.value) !== baseValues.get(row.path))
    .map((row) => row.path)
    .sort();
}

describe('the lithium pack', () => {
  it('lists the 12 combinations, seven of them the paper runs', () => {
    const combinations = listCombinations(pack);

    expect(combinations.map((combination) => combination.id)).toEqual([
      'S1-D1',
      'S1-D2',
      'S1-D3',
      'S1-D4',
      'S2-D1',
      'S2-D2',
      'S2-D3',
      'S2-D4',
      'S3-D1',
      'S3-D2',
      'S3-D3',
      'S3-D4',
    ]);
    expect(combinations.filter((combination) => combination.inPaper).map((c) => c.id)).toEqual([
      'S1-D1',
      'S2-D2',
      'S2-D3',
      'S2-D4',
      'S3-D2',
      'S3-D3',
      'S3-D4',
    ]);
  });

  it('resolves every combination, with and without the variant', () => {
    const hashes = new Set<string>();

    for (const combination of listCombinations(pack)) {
      hashes.add(resolveScenario(pack, combination).contentHash);
      hashes.add(resolveScenario(pack, combination, { variant: 'salt-output-basis' }).contentHash);
    }

    expect(hashes.size).toBe(24);
  });

  it('changes in each side exactly what the paper tables change', () => {
    const base = resolveScenario(pack, 'S1-D1');
    const expected: Record<string, string[]> = {
      'S2-D1': ['producers.productivityRate'],
      'S3-D1': ['recycler.eolRate2050'],
      'S1-D2': ['ess.capacity2050GWh'],
      'S1-D3': ['ev.bevShare2050', 'ev.electrification2050', 'ev.gamma'],
      'S1-D4': ['ess.capacity2050GWh', 'ev.bevShare2050', 'ev.electrification2050', 'ev.gamma'],
    };

    for (const [id, paths] of Object.entries(expected)) {
      expect(changedPaths(resolveScenario(pack, id), base), id).toEqual(paths);
    }
  });

  it('sets the values of paper Tables 1 and 2 for each side', () => {
    const s1d1 = resolveScenario(pack, 'S1-D1').parameters;
    const s2d4 = resolveScenario(pack, 'S2-D4').parameters;
    const s3d2 = resolveScenario(pack, 'S3-D2').parameters;

    expect(s1d1.producers.productivityRate).toBe(0.1);
    expect(s1d1.recycler.eolRate2050).toBe(0.63);
    expect(s1d1.ess.capacity2050GWh).toBe(17913.58);
    expect([s1d1.ev.gamma, s1d1.ev.electrification2050, s1d1.ev.bevShare2050]).toEqual([
      450, 0.86, 0.9,
    ]);
    expect(s2d4.producers.productivityRate).toBe(0.14);
    expect(s2d4.ess.capacity2050GWh).toBe(19893.36);
    expect([s2d4.ev.gamma, s2d4.ev.electrification2050, s2d4.ev.bevShare2050]).toEqual([
      500, 0.96, 0.99,
    ]);
    expect(s3d2.recycler.eolRate2050).toBe(0.76);
    expect(s3d2.ess.capacity2050GWh).toBe(19893.36);
    expect(s3d2.ev.gamma).toBe(450);
  });

  it('gives every parameter a unit and a provenance', () => {
    const { table } = resolveScenario(pack, 'S3-D4', { variant: 'salt-output-basis' });

    for (const spec of LITHIUM_PARAMETER_SPECS.filter((s) => s.optional !== true)) {
      expect(
        table.some((row) => row.path === spec.path),
        spec.path,
      ).toBe(true);
    }
    for (const row of table) {
      expect(row.unit, row.path).not.toBe('');
      expect(ProvenanceSchema.safeParse(row.provenance).success, row.path).toBe(true);
    }
  });

  it('takes K_2022 of the salt-output variant from the CNIA salt figures', () => {
    const { parameters } = resolveScenario(pack, 'S1-D1', { variant: 'salt-output-basis' });

    expect(parameters.producers.K2022).toBeCloseTo(395.0e3 * 0.188 + 246.4e3 * 0.165, 6);
  });

  it('splits the end-of-life recycling rate into factors whose product is the rate', () => {
    const { recycler } = resolveScenario(pack, 'S3-D1').parameters;
    const product = (f: typeof recycler.factors2023) => f.CRP * f.CRL * f.RR * f.TRE;

    expect(product(recycler.factors2023)).toBeCloseTo(recycler.eolRate2023, 12);
    expect(product(recycler.factors2050)).toBeCloseTo(0.76, 12);
  });

  it('reproduces the baseline 2050 EV stock of 503.39 M within 0.5 % from eqs. (5)-(6)', () => {
    const { ev, producers, horizon } = resolveScenario(pack, 'S1-D1').parameters;
    const { baseYear, endYear } = horizon;
    const population2022 = ev.population[baseYear]!;
    const population2050 = ev.population[endYear]!;
    const gdp2050 =
      ev.gdpPerCapita2022 *
      (1 + producers.gdpGrowth) ** (endYear - baseYear) *
      (population2022 / population2050);

    const perThousand = ev.gamma * Math.exp(-ev.gompertzA * Math.exp(-ev.gompertzB * gdp2050));
    const stock2050 = (perThousand * population2050 * ev.electrification2050) / 1000;

    expect(Math.abs(stock2050 / 503.39e6 - 1)).toBeLessThan(0.005);
  });

  it('expands year paths to every year of their span', () => {
    const { ev, importer } = resolveScenario(pack, 'S1-D1').parameters;

    expect(Object.keys(ev.population).map(Number)).toEqual(range(2022, 2050));
    expect(ev.population[2036]).toBeCloseTo((1.426e9 + 1.317e9) / 2, 0);
    expect(Object.keys(importer.netImports).map(Number)).toEqual(range(2023, 2050));
    expect(Object.keys(ev.salesHistory).map(Number)).toEqual(range(2015, 2022));
    expect(Object.keys(ev.packKWh.bev).map(Number)).toEqual(range(2015, 2050));
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

import type { SupplySource } from '@orebus/market';
import { describe, expect, it } from 'vitest';
import {
  collect,
  expectAllClose,
  marketSimulation,
  observed,
  restrictionDriver,
} from './agents.test-support.js';
import { Importer } from './importer.js';

type Restriction = { share: number; source?: SupplySource; metal?: string };

function runImporter(
  importer: Importer,
  restrictions: Record<number, readonly Restriction[]> = {},
  endYear = 2025,
) {
  const sim = marketSimulation(2023, endYear);
  sim.add(restrictionDriver((year) => restrictions[year] ?? []));
  sim.add(importer);
  const offers = collect(sim, 'SupplyOffered');
  sim.run();
  return { sim, offers };
}

describe('Importer', () => {
  it('offers the constant net import of eq. (4) every year', () => {
    const importer = new Importer({ id: 'importer', metal: 'Li', netImports: () => 8714.25 });

    const { sim, offers } = runImporter(importer);

    expect(offers.map((m) => [m.phase, m.payload.source, m.payload.tonnes])).toEqual([
      ['supply', 'import', 8714.25],
      ['supply', 'import', 8714.25],
      ['supply', 'import', 8714.25],
    ]);
    expect(observed(sim, 'importer', 'netImports')).toEqual([8714.25, 8714.25, 8714.25]);
    expect(observed(sim, 'importer', 'restrictedShare')).toEqual([0, 0, 0]);
  });

  it('follows a net-import path year by year, negative years included', () => {
    const path: Record<number, number> = { 2023: 100, 2024: -50, 2025: 200 };
    const importer = new Importer({ id: 'importer', metal: 'Li', netImports: (y) => path[y]! });

    const { offers } = runImporter(importer);

    expect(offers.map((m) => m.payload.tonnes)).toEqual([100, -50, 200]);
  });

  it('cuts imports by a restriction in its year only', () => {
    // 2024: one 50 % cut leaves 1000 · 0.5 = 500 t; 2025 is back to 1000 t.
    const importer = new Importer({ id: 'importer', metal: 'Li', netImports: () => 1000 });

    const { sim, offers } = runImporter(importer, { 2024: [{ share: 0.5 }] });

    expect(offers.map((m) => m.payload.tonnes)).toEqual([1000, 500, 1000]);
    expect(observed(sim, 'importer', 'restrictedShare')).toEqual([0, 0.5, 0]);
    expect(importer.stateAt(2024)).toEqual({ netImports: 500, restrictedShare: 0.5 });
  });

  it('applies two restrictions one after the other: two 50 % cuts leave 25 %', () => {
    // 1000 · (1 − 0.5) · (1 − 0.5) = 250 t; restricted share 1 − 0.25 = 0.75.
    const importer = new Importer({ id: 'importer', metal: 'Li', netImports: () => 1000 });

    const { sim, offers } = runImporter(importer, { 2023: [{ share: 0.5 }, { share: 0.5 }] }, 2023);

    expect(offers.map((m) => m.payload.tonnes)).toEqual([250]);
    expect(observed(sim, 'importer', 'restrictedShare')).toEqual([0.75]);
  });

  it('ignores restrictions of other sources and other metals', () => {
    const importer = new Importer({ id: 'importer', metal: 'Li', netImports: () => 1000 });

    const { offers } = runImporter(
      importer,
      {
        2023: [
          { share: 0.5, source: 'primary' },
          { share: 0.5, source: 'recycled' },
          { share: 0.9, metal: 'Co' },
        ],
      },
      2023,
    );

    expect(offers.map((m) => m.payload.tonnes)).toEqual([1000]);
  });

  it('scales a negative net import by the restriction too', () => {
    // Net exports of 400 t under a 25 % cut: −400 · 0.75 = −300 t.
    const importer = new Importer({ id: 'importer', metal: 'Li', netImports: () => -400 });

    const { offers } = runImporter(importer, { 2023: [{ share: 0.25 }] }, 2023);

    expect(offers.map((m) => m.payload.tonnes)).toEqual([-300]);
  });

  it('changes only the planned imports when a subclass overrides plannedNetImports', () => {
    // Imports that grow 10 % a year from 1000 t in 2023: 1000, 1100, 1210; the 50 % cut of
    // 2024 still applies to the new plan: 1100 · 0.5 = 550.
    class GrowingImporter extends Importer {
      protected override plannedNetImports(year: number): number {
        return 1000 * 1.1 ** (year - 2023);
      }
    }
    const importer = new GrowingImporter({ id: 'importer', metal: 'Li', netImports: () => 0 });

    const { offers } = runImporter(importer, { 2024: [{ share: 0.5 }] });

    expectAllClose(
      offers.map((m) => m.payload.tonnes),
      [1000, 550, 1210],
    );
  });
});

import { lifetimePmf } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collect,
  expectAllClose,
  expectClose,
  marketSimulation,
  observed,
  priceDriver,
} from './agents.test-support.js';
import { type Chemistry, ChemistryMix, priceResponsiveShift } from './chemistry.js';
import { EssMaker } from './ess-maker.js';

// BatPac 5.2 intensities, kg per kWh of cell capacity (../shared/DATA.md).
const LFP: Chemistry = { name: 'LFP', intensityKgPerKWh: { Li: 0.089 } };
const NMC811: Chemistry = {
  name: 'NMC811',
  intensityKgPerKWh: { Li: 0.0922, Ni: 0.608, Co: 0.0763 },
};
const NMC111: Chemistry = {
  name: 'NMC111',
  intensityKgPerKWh: { Li: 0.1155, Ni: 0.318, Co: 0.319 },
};
const chemistries = [LFP, NMC811, NMC111];

describe('ChemistryMix', () => {
  it('splits a kWh into each metal as Σ share · intensity', () => {
    const mix = new ChemistryMix({ chemistries, shares: () => [0.5, 0.3, 0.2] });

    // Li: 0.5·0.089 + 0.3·0.0922 + 0.2·0.1155 = 0.0445 + 0.02766 + 0.0231 = 0.09526
    // Ni: 0.3·0.608 + 0.2·0.318 = 0.1824 + 0.0636 = 0.246
    // Co: 0.3·0.0763 + 0.2·0.319 = 0.02289 + 0.0638 = 0.08669
    const shares = mix.pathShares(2030);
    expectClose(mix.intensity('Li', shares), 0.09526);
    expectClose(mix.intensity('Ni', shares), 0.246);
    expectClose(mix.intensity('Co', shares), 0.08669);
    expect(mix.intensity('Mn', shares)).toBe(0);
    expect(mix.metals).toEqual(['Li', 'Ni', 'Co']);
  });

  it('refuses shares that do not sum to 1, naming the year and the sum', () => {
    const mix = new ChemistryMix({ chemistries, shares: (year) => [0.5, 0.3, year / 10_000] });

    expect(() => mix.pathShares(2030)).toThrow(/shares\(2030\).*summing to 1 \(they sum to 1.003/);
  });

  it('refuses a share per chemistry missing, a negative share, a name twice, a bad intensity', () => {
    expect(() => new ChemistryMix({ chemistries, shares: () => [1, 0] }).pathShares(2025)).toThrow(
      /one share per chemistry \(LFP, NMC811, NMC111\)/,
    );
    expect(() =>
      new ChemistryMix({ chemistries, shares: () => [1.2, -0.2, 0] }).pathShares(2025),
    ).toThrow(/between 0 and 1/);
    expect(() => new ChemistryMix({ chemistries: [LFP, LFP], shares: () => [0.5, 0.5] })).toThrow(
      /chemistries\[1\]\.name = "LFP"/,
    );
    const broken = { name: 'X', intensityKgPerKWh: { Co: -1 } };
    expect(() => new ChemistryMix({ chemistries: [broken], shares: () => [1] })).toThrow(
      /chemistries\[0\]\.intensityKgPerKWh\.Co = -1/,
    );
    expect(() => new ChemistryMix({ chemistries: [], shares: () => [] })).toThrow(/at least one/);
  });
});

describe('priceResponsiveShift', () => {
  const options = {
    chemistries,
    referenceValue: { Li: 70_000, Ni: 25_000, Co: 50_000 },
    referencePrice: { Li: 10_000, Ni: 1_000, Co: 2_000 },
    elasticity: 1,
  };
  const path = [0.5, 0.3, 0.2];

  it('follows the path at reference prices and with elasticity 0', () => {
    const shift = priceResponsiveShift(options);
    const still = priceResponsiveShift({ ...options, elasticity: 0 });
    const doubled = (metal: string) => options.referencePrice[metal as 'Co']! * 2;

    expectAllClose([...shift(2030, path, () => null)], path);
    expectAllClose([...still(2030, path, doubled)], path);
  });

  it('moves share away from chemistries whose metal got dearer', () => {
    const shift = priceResponsiveShift(options);
    // Cobalt at three times its reference price: the cobalt-rich NMC111 loses most.
    const shares = shift(2030, path, (metal) => (metal === 'Co' ? 6_000 : null));

    // Metal value per kWh at reference: LFP 6230; NMC811 6454 + 15200 + 3815 = 25 469;
    // NMC111 8085 + 7950 + 15 950 = 31 985. With Co ×3: NMC811 25 469 + 7630 = 33 099,
    // NMC111 31 985 + 31 900 = 63 885. Weights 0.5, 0.3·25 469/33 099, 0.2·31 985/63 885.
    const w = [0.5, (0.3 * 25_469) / 33_099, (0.2 * 31_985) / 63_885];
    const total = w[0]! + w[1]! + w[2]!;
    expectAllClose(
      [...shares],
      w.map((x) => x / total),
      1e-12,
    );
    expect(shares[0]).toBeGreaterThan(0.5);
    expect(shares[2]).toBeLessThan(0.2);
  });

  it('keeps shares between 0 and 1 and summing to 1 for any prices', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }),
        ([a, b], elasticity, [li, ni, co]) => {
          const first = Math.min(a, b);
          const second = Math.max(a, b) - first;
          const pathShares = [first, second, 1 - first - second];
          const shift = priceResponsiveShift({ ...options, elasticity });
          const prices: Record<string, number> = { Li: li!, Ni: ni!, Co: co! };
          const shares = shift(2030, pathShares, (metal) => prices[metal] ?? null);
          const sum = shares.reduce((s, x) => s + x, 0);
          expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
          for (const share of shares) expect(share >= 0 && share <= 1).toBe(true);
        },
      ),
    );
  });

  it('refuses a negative elasticity and a metal without a reference price', () => {
    expect(() => priceResponsiveShift({ ...options, elasticity: -1 })).toThrow(/elasticity = -1/);
    expect(() =>
      priceResponsiveShift({ ...options, referencePrice: { Li: 1, Ni: 1 } as never }),
    ).toThrow(/referencePrice\.Co/);
  });
});

// A storage maker of three metals: capacity 10, 30, 60 GWh at the end of 2023–2025, nothing
// before; every battery retires at exactly one year, so the vintage of 2023 leaves in 2024.
const oneYear = lifetimePmf({ kind: 'fixed', years: 1 });
const capacity: Record<number, number> = { 2023: 10, 2024: 30, 2025: 60 };

function storageMaker(mix: ChemistryMix, metals = ['Li', 'Ni', 'Co']) {
  return new EssMaker({
    id: 'ess-maker',
    metals,
    firstYear: 2023,
    types: [{ name: 'ESS', lifetime: oneYear, history: [] }],
    capacityGWh: (year) => capacity[year]!,
    chemistry: mix,
  });
}

describe('a stock-driven maker of several metals', () => {
  const shares: Record<number, number[]> = {
    2023: [1, 0, 0],
    2024: [0.5, 0.5, 0],
    2025: [0.2, 0.4, 0.4],
  };
  const mix = new ChemistryMix({ chemistries, shares: (year) => shares[year] ?? [1, 0, 0] });

  it('posts each metal its own demand and retirements, from the shares of each vintage', () => {
    const sim = marketSimulation(2023, 2025);
    sim.add(storageMaker(mix));
    const demands = collect(sim, 'DemandPosted');
    const retirements = collect(sim, 'ProductsRetired');
    sim.run();

    // Installed (GWh): 2023 10; 2024 30 − 10 + 10 = 30; 2025 60 − 30 + 30 = 60. Demand (t) =
    // GWh · 1e6 kWh · kg/kWh / 1000 = GWh · 1000 · kg/kWh.
    // Li 2023: 10 000 · 0.089 = 890; 2024: 30 000 · (0.5·0.089 + 0.5·0.0922) = 2718;
    // 2025: 60 000 · (0.2·0.089 + 0.4·0.0922 + 0.4·0.1155) = 60 000 · 0.10088 = 6052.8.
    expectAllClose(observed(sim, 'ess-maker', 'demand.Li'), [890, 2718, 6052.8]);
    // Co 2024: 30 000 · 0.5 · 0.0763 = 1144.5; 2025: 60 000 · (0.4·0.0763 + 0.4·0.319) = 9487.2.
    expectAllClose(observed(sim, 'ess-maker', 'demand.Co'), [0, 1144.5, 9487.2]);
    // Retired in 2025: the 2024 vintage with its own shares, 30 GWh · 1000 · 0.5 · 0.608 = 9120 t Ni.
    expectAllClose(observed(sim, 'ess-maker', 'retired.Ni'), [0, 0, 9120]);
    expectAllClose(observed(sim, 'ess-maker', 'share.NMC111'), [0, 0, 0.4]);
    expect(demands.filter((m) => m.tick === 2024).map((m) => m.payload.metal)).toEqual([
      'Li',
      'Ni',
      'Co',
    ]);
    expect(retirements.filter((m) => m.tick === 2025).map((m) => m.payload.tonnes)).toEqual(
      observed(sim, 'ess-maker', 'retired.Li')
        .slice(2)
        .concat(observed(sim, 'ess-maker', 'retired.Ni').slice(2))
        .concat(observed(sim, 'ess-maker', 'retired.Co').slice(2)),
    );
  });

  it('demands Σ_c share_c · energy · intensity_c of every metal, for any shares', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (raw) => {
          const total = raw.reduce((s, x) => s + x, 0);
          const fixed = raw.map((x) => x / total);
          const randomMix = new ChemistryMix({ chemistries, shares: () => fixed });
          const sim = marketSimulation(2023, 2025);
          sim.add(storageMaker(randomMix));
          sim.run();
          const energy = observed(sim, 'ess-maker', 'energyPutInUse');
          for (const metal of ['Li', 'Ni', 'Co']) {
            const expected = energy.map(
              (kWh) =>
                chemistries.reduce(
                  (sum, c, i) => sum + fixed[i]! * kWh * (c.intensityKgPerKWh[metal] ?? 0),
                  0,
                ) / 1000,
            );
            expectAllClose(observed(sim, 'ess-maker', `demand.${metal}`), expected, 1e-12);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('balances each metal in use: last year + demand − retired', () => {
    const sim = marketSimulation(2023, 2025);
    const maker = sim.add(storageMaker(mix));
    sim.run();

    for (const metal of ['Li', 'Ni', 'Co']) {
      const inUse = observed(sim, 'ess-maker', `metalInUse.${metal}`);
      const demand = observed(sim, 'ess-maker', `demand.${metal}`);
      const retired = observed(sim, 'ess-maker', `retired.${metal}`);
      let previous = maker.stateAt(2022).metalInUse[metal]!;
      inUse.forEach((now, t) => {
        expectClose(now, previous + demand[t]! - retired[t]!, 1e-12);
        previous = now;
      });
      expect(maker.stateAt(2025).metalInUse[metal]).toBe(inUse[2]);
    }
  });

  it('settles each year’s shares from the prices heard that year', () => {
    const responsive = new ChemistryMix({
      chemistries,
      shares: () => [0.5, 0.3, 0.2],
      shift: priceResponsiveShift({
        chemistries,
        referenceValue: { Co: 50_000 },
        referencePrice: { Co: 2_000 },
        elasticity: 2,
      }),
    });
    const sim = marketSimulation(2023, 2025);
    sim.add(priceDriver({ 2024: 4_000 }, 'Co'));
    sim.add(storageMaker(responsive));
    sim.run();

    // Only 2024 hears a cobalt price, twice the reference: every cobalt chemistry's cobalt
    // cost doubles (LFP holds none), so NMC weights fall by 2^−2 and LFP gains.
    const lfp = observed(sim, 'ess-maker', 'share.LFP');
    expectAllClose([lfp[0]!, lfp[2]!], [0.5, 0.5]);
    expectClose(lfp[1]!, 0.5 / (0.5 + 0.25 * 0.5), 1e-12);
  });

  it('refuses both a metal and metals, and an intensity together with a mix', () => {
    const base = {
      id: 'ess',
      firstYear: 2023,
      types: [{ name: 'ESS', lifetime: oneYear, history: [] }],
      capacityGWh: () => 1,
    };
    expect(() => new EssMaker({ ...base, metal: 'Li', metals: ['Li'], chemistry: mix })).toThrow(
      /either metal or metals/,
    );
    expect(
      () => new EssMaker({ ...base, metal: 'Li', chemistry: mix, intensityKgPerKWh: () => 1 }),
    ).toThrow(/not both/);
    expect(() => new EssMaker({ ...base, metal: 'Li' })).toThrow(/or a chemistry mix/);
    expect(() => new EssMaker({ ...base, metals: ['Li', 'Li'], chemistry: mix })).toThrow(
      /distinct metals/,
    );
  });
});

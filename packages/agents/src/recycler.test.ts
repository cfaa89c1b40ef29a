import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collect,
  expectAllClose,
  expectClose,
  marketSimulation,
  observed,
  priceDriver,
  retirementDriver,
} from './agents.test-support.js';
import { Recycler, type RecyclingFactors } from './recycler.js';

const constant =
  (value: number) =>
  (_year: number): number =>
    value;

// SRR = CRP·CRL·RR·TRE = 0.5 · 0.8 · 0.9 · 0.5 = 0.18.
const factors: RecyclingFactors = {
  CRP: constant(0.5),
  CRL: constant(0.8),
  RR: constant(0.9),
  TRE: constant(0.5),
};

type Retired = { metal: string; product: string; tonnes: number };

function runRecycler(
  recycler: Recycler,
  retired: Record<number, readonly Retired[]>,
  endYear = 2024,
) {
  const sim = marketSimulation(2023, endYear);
  sim.add(retirementDriver((year) => retired[year] ?? []));
  sim.add(recycler);
  const offers = collect(sim, 'SupplyOffered');
  sim.run();
  return { sim, offers };
}

describe('Recycler', () => {
  it('recovers OfI·SRR from all retirements of its metal in the tick, eqs. (1)–(3)', () => {
    // 2023: OfI = 100 (EV) + 50 (ESS) = 150 t Li; the 1000 t of cobalt are not lithium.
    //   RLi = 150 · 0.18 = 27; lost = 150 − 27 = 123.
    // 2024: only 10 t retire, so last year's 150 must not carry over: RLi = 1.8, lost = 8.2.
    const recycler = new Recycler({ id: 'recycler', metal: 'Li', factors });

    const { sim, offers } = runRecycler(recycler, {
      2023: [
        { metal: 'Li', product: 'EV', tonnes: 100 },
        { metal: 'Co', product: 'EV', tonnes: 1000 },
        { metal: 'Li', product: 'ESS', tonnes: 50 },
      ],
      2024: [{ metal: 'Li', product: 'EV', tonnes: 10 }],
    });

    expectAllClose(observed(sim, 'recycler', 'endOfLife'), [150, 10]);
    expectAllClose(observed(sim, 'recycler', 'recycled'), [27, 1.8]);
    expectAllClose(observed(sim, 'recycler', 'lost'), [123, 8.2]);
    expectAllClose(observed(sim, 'recycler', 'recyclingRate'), [0.18, 0.18]);
    expect(offers.map((m) => [m.phase, m.payload.source, m.payload.metal])).toEqual([
      ['supply', 'recycled', 'Li'],
      ['supply', 'recycled', 'Li'],
    ]);
    expectAllClose(
      offers.map((m) => m.payload.tonnes),
      [27, 1.8],
    );
    expect(recycler.stateAt(2023)).toEqual({
      endOfLife: 150,
      recycled: expect.closeTo(27, 12),
      lost: expect.closeTo(123, 12),
    });
  });

  it('offers nothing in a year without retirements', () => {
    const recycler = new Recycler({ id: 'recycler', metal: 'Li', factors });

    const { offers } = runRecycler(recycler, {
      2024: [{ metal: 'Li', product: 'EV', tonnes: 10 }],
    });

    expect(offers.map((m) => m.payload.tonnes)).toEqual([0, expect.closeTo(1.8, 12)]);
  });

  it('reads each factor curve at the year of the tick', () => {
    // CRP rises by 0.1 a year from 0.3 in 2023; the others are 1: RLi = 200·0.3 = 60, then
    // 200·0.4 = 80.
    const recycler = new Recycler({
      id: 'recycler',
      metal: 'Li',
      factors: {
        CRP: (year) => 0.3 + 0.1 * (year - 2023),
        CRL: constant(1),
        RR: constant(1),
        TRE: constant(1),
      },
    });
    const retired = [{ metal: 'Li', product: 'EV', tonnes: 200 }];

    const { sim } = runRecycler(recycler, { 2023: retired, 2024: retired });

    expectAllClose(observed(sim, 'recycler', 'recycled'), [60, 80]);
  });

  it('keeps 0 ≤ RLi ≤ OfI and RLi + lost = OfI for any factors in [0, 1]', () => {
    const fraction = fc.double({ min: 0, max: 1, noNaN: true });
    const tonnes = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 4 });

    fc.assert(
      fc.property(fraction, fraction, fraction, fraction, tonnes, (crp, crl, rr, tre, parts) => {
        const recycler = new Recycler({
          id: 'recycler',
          metal: 'Li',
          factors: { CRP: constant(crp), CRL: constant(crl), RR: constant(rr), TRE: constant(tre) },
        });
        const retired = parts.map((t) => ({ metal: 'Li', product: 'EV', tonnes: t }));

        const { sim } = runRecycler(recycler, { 2023: retired }, 2023);

        const endOfLife = observed(sim, 'recycler', 'endOfLife')[0]!;
        const recycled = observed(sim, 'recycler', 'recycled')[0]!;
        const lost = observed(sim, 'recycler', 'lost')[0]!;
        expect(recycled).toBeGreaterThanOrEqual(0);
        expect(recycled).toBeLessThanOrEqual(endOfLife);
        expect(lost).toBeGreaterThanOrEqual(0);
        expect(Math.abs(recycled + lost - endOfLife)).toBeLessThanOrEqual(1e-12 * endOfLife);
        expectClose(recycled, endOfLife * crp * crl * rr * tre, 1e-12);
      }),
      { seed: 31, numRuns: 100 },
    );
  });

  it('changes only the recycling rate when a subclass overrides recyclingRate', () => {
    // A mandate that no less than 60 % be recovered from 2024: 2023 keeps eq. (3), 0.18 of
    // 100 t = 18 t; 2024 recovers 0.6 · 100 = 60 t, and the lost mass follows: 40 t.
    class MandatedRecycler extends Recycler {
      protected override recyclingRate(year: number): number {
        const rate = super.recyclingRate(year);
        return year >= 2024 ? Math.max(rate, 0.6) : rate;
      }
    }
    const recycler = new MandatedRecycler({ id: 'recycler', metal: 'Li', factors });
    const retired = [{ metal: 'Li', product: 'EV', tonnes: 100 }];

    const { sim } = runRecycler(recycler, { 2023: retired, 2024: retired });

    expectAllClose(observed(sim, 'recycler', 'recycled'), [18, 60]);
    expectAllClose(observed(sim, 'recycler', 'lost'), [82, 40]);
    expectAllClose(observed(sim, 'recycler', 'endOfLife'), [100, 100]);
  });

  it('lets a subclass respond to the price with one override of recyclingRate', () => {
    // Recovery doubles (capped at 1) when the price is above 20 000: 2023 at 10 000 keeps
    // 0.18 · 100 = 18 t; 2024 at 30 000 recovers 0.36 · 100 = 36 t.
    class PriceResponsiveRecycler extends Recycler {
      protected override recyclingRate(year: number): number {
        const rate = super.recyclingRate(year);
        return this.price !== null && this.price > 20_000 ? Math.min(1, 2 * rate) : rate;
      }
    }
    const sim = marketSimulation(2023, 2024);
    const retired = [{ metal: 'Li', product: 'EV', tonnes: 100 }];
    sim.add(priceDriver({ 2023: 10_000, 2024: 30_000 }));
    sim.add(retirementDriver(() => retired));
    sim.add(new PriceResponsiveRecycler({ id: 'recycler', metal: 'Li', factors }));

    sim.run();

    expectAllClose(observed(sim, 'recycler', 'recycled'), [18, 36]);
  });
});

import { describe, expect, it } from 'vitest';
import type { JointSeries, MetalSeries } from '../joint/joint-series.js';
import { renderJointReport } from './render-joint-report.js';

const years = [2023, 2024, 2025];

function metal(symbol: string, scale: number): MetalSeries {
  const of = (values: number[]) => values.map((v) => v * scale);
  return {
    metal: symbol,
    supply: of([100, 200, 300]),
    demand: of([150, 200, 250]),
    primary: of([50, 100, 150]),
    recycled: of([0, 10, 20]),
    netImports: of([50, 90, 130]),
    evDemand: of([100, 150, 200]),
    essDemand: of([50, 50, 50]),
    price: [1000, 1100, 1050],
  };
}

function run(combination: string, lfp = [0.5, 0.5, 0.5]): JointSeries {
  return {
    combination,
    years,
    metals: [metal('Li', 1), metal('Co', 0.5)],
    chemistries: ['LFP', 'NMC811'],
    evShares: [lfp, lfp.map((s) => 1 - s)],
    essShares: [
      [1, 1, 1],
      [0, 0, 0],
    ],
    evEnergyGWh: [100, 200, 300],
    essEnergyGWh: [10, 20, 30],
  };
}

const input = {
  title: 'Joint <test>',
  generatedAt: '2026-12-03T00:00:00Z',
  manifest: { seed: 0 },
  runs: [run('S1-D1'), run('S1-D3')],
};

describe('renderJointReport', () => {
  it('draws a joint view and a section per metal, escaping the title', () => {
    const page = renderJointReport(input);

    expect(page).toContain('<title>Joint &lt;test&gt;</title>');
    for (const id of ['joint', 'metal-Li', 'metal-Co', 'manifest']) {
      expect(page).toContain(`<section id="${id}">`);
    }
    expect(page).toContain('Supply ÷ demand, S1-D3');
    expect(page).toContain('kt Co / year');
  });

  it('draws the chemistry shares once when every combination has the same', () => {
    const same = renderJointReport(input);
    const different = renderJointReport({
      ...input,
      runs: [run('S1-D1'), run('S1-D3', [0.5, 0.6, 0.7])],
    });

    expect(same).toContain('EV chemistry shares, every combination');
    expect(same).not.toContain('EV chemistry shares, S1-D1');
    expect(different).toContain('EV chemistry shares, S1-D1');
    expect(different).toContain('EV chemistry shares, S1-D3');
  });

  it('gives the same page for the same input', () => {
    expect(renderJointReport(input)).toBe(renderJointReport(input));
  });

  it('refuses runs of different metals, a short series and a value that is not finite', () => {
    const other = { ...run('S1-D3'), metals: [metal('Li', 1), metal('Ni', 1)] };
    expect(() => renderJointReport({ ...input, runs: [run('S1-D1'), other] })).toThrow(
      /runs\[1\]\.metals = "Li,Ni"/,
    );
    const short = { ...run('S1-D1'), evEnergyGWh: [1, 2] };
    expect(() => renderJointReport({ ...input, runs: [short] })).toThrow(/evEnergyGWh/);
    const broken = { ...run('S1-D1'), metals: [{ ...metal('Li', 1), price: [1, Number.NaN, 1] }] };
    expect(() => renderJointReport({ ...input, runs: [broken] })).toThrow(/Li\.price\[1\]/);
  });
});

// The plan of an experiment: its design matrix, flat in memory, and the run specs drawn from it.
import { fileURLToPath } from 'node:url';
import { createRandom, deriveSeed } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import { loadPack, resolveScenario } from '../pack/index.js';
import { sample } from './design/index.js';
import { ExperimentFileSchema, toExperiment } from './experiment-file.js';
import { DesignMatrix, planExperiment } from './plan.js';

const packDir = fileURLToPath(new URL('../../packs/lithium-china', import.meta.url));

describe('DesignMatrix', () => {
  it('keeps the rows it is given, value by value, and their ranges by factor', () => {
    const design = DesignMatrix.fromRows(
      [
        [1, -2],
        [0.5, 7],
        [3, 0],
      ],
      2,
    );

    expect([design.runs, design.factors]).toEqual([3, 2]);
    expect(design.row(1)).toEqual([0.5, 7]);
    expect(design.value(2, 0)).toBe(3);
    expect(design.range(0)).toEqual([0.5, 3]);
    expect(design.range(1)).toEqual([-2, 7]);
    // A row is a copy: changing it leaves the matrix as it was.
    design.row(0)[0] = 99;
    expect(design.value(0, 0)).toBe(1);
  });

  it('names the index it refuses, and a row of the wrong length', () => {
    const design = DesignMatrix.fromRows([[1, 2]], 2);

    expect(() => design.row(1)).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ field: 'run index', value: 1 }),
      }),
    );
    expect(() => design.value(0, 2)).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ field: 'factor index', value: 2 }),
      }),
    );
    expect(() => DesignMatrix.fromRows([[1, 2], [3]], 2)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'design[1]' }) }),
    );
  });
});

describe('planExperiment', () => {
  it('draws each Monte Carlo run from its own stream, and the run spec carries those values', () => {
    const experiment = toExperiment(
      ExperimentFileSchema.parse({
        orebus: 'experiment/1',
        name: 'plan',
        combination: 'S1-D1',
        seed: 5,
        method: { kind: 'monte-carlo', runs: 50 },
        factors: [
          { path: 'market.SPR', distribution: { kind: 'uniform', min: 0, max: 1 } },
          { path: 'producers.Con', distribution: { kind: 'uniform', min: 0.1, max: 0.2 } },
        ],
        outputs: [{ name: 'supply2050', kind: 'value', variable: 'supply', year: 2050 }],
      }),
      'plan.yaml',
    );
    const base = resolveScenario(loadPack(packDir), 'S1-D1', { overrides: [] });

    const plan = planExperiment(experiment, base);

    expect(plan.runs).toBe(50);
    for (const run of [0, 17, 49]) {
      const draws = createRandom(deriveSeed(5, run)).stream('factors');
      const spr = sample({ kind: 'uniform', min: 0, max: 1 }, draws);
      const con = sample({ kind: 'uniform', min: 0.1, max: 0.2 }, draws);
      expect(plan.design.row(run)).toEqual([spr, con]);
      expect(plan.runAt(run).assignments).toEqual([
        { path: 'market.SPR', value: spr },
        { path: 'producers.Con', value: con },
      ]);
    }
    expect(() => plan.runAt(50)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'run index' }) }),
    );
  });
});

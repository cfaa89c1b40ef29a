// The plan of an experiment: its design matrix, flat in memory, and the run specs drawn from it.
import { fileURLToPath } from 'node:url';
import { createRandom, deriveSeed } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import { loadJointPack, resolveJoint } from '../joint/joint-pack.js';
import { loadPack, resolveScenario, type ScenarioIssue } from '../pack/index.js';
import { cdf, quantile, saltelliSample, sample } from './design/index.js';
import { ExperimentFileSchema, toExperiment } from './experiment-file.js';
import { jointPlanBase } from './joint-experiment.js';
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

  it('sets on a joint combination what it can, and resolves the rest as overrides', () => {
    const jointDir = fileURLToPath(new URL('../../packs/battery-metals-china', import.meta.url));
    const uniform = { kind: 'uniform', min: 0.1, max: 0.2 };
    const experiment = toExperiment(
      ExperimentFileSchema.parse({
        orebus: 'experiment/1',
        name: 'joint-plan',
        combination: 'S1-D1',
        seed: 5,
        method: { kind: 'monte-carlo', runs: 3 },
        factors: [
          { path: 'Co.producers.Con', distribution: uniform },
          { path: 'priceResponse.elasticity', distribution: uniform },
          // Checked against the EV stock of 2022 when resolved: never set directly.
          { path: 'Li.ev.bevShare2050', distribution: { kind: 'uniform', min: 0.85, max: 0.9 } },
        ],
        outputs: [
          { name: 'co', kind: 'value', agent: 'market:Co', variable: 'supply', year: 2050 },
        ],
      }),
      'joint-plan.yaml',
    );
    const base = jointPlanBase(resolveJoint(loadJointPack(jointDir), 'S1-D1'));

    const spec = planExperiment(experiment, base).runAt(1);

    expect(spec.assignments!.map((a) => a.path)).toEqual([
      'Co.producers.Con',
      'priceResponse.elasticity',
    ]);
    expect(spec.overrides).toHaveLength(1);
    expect(spec.overrides[0]).toMatch(/^Li\.ev\.bevShare2050=0\.8/);
  });

  const declaredExperiment = (factors: unknown[], overrides: string[] = []) =>
    toExperiment(
      ExperimentFileSchema.parse({
        orebus: 'experiment/1',
        name: 'declared',
        combination: 'S1-D1',
        seed: 2,
        overrides,
        method: { kind: 'monte-carlo', runs: 200 },
        factors,
        outputs: [{ name: 'supply2050', kind: 'value', variable: 'supply', year: 2050 }],
      }),
      'declared.yaml',
    );

  it('draws a factor without a distribution from the uncertainty its scenario declares', () => {
    const experiment = declaredExperiment([
      { path: 'producers.K2022' },
      { path: 'market.SPR', distribution: { kind: 'uniform', min: 0.2, max: 0.6 } },
    ]);
    const base = resolveScenario(loadPack(packDir), 'S1-D1', { overrides: [] });
    const declared = base.table.find((row) => row.path === 'producers.K2022')!.uncertainty!;

    const plan = planExperiment(experiment, base);

    expect(declared.distribution).toEqual({ kind: 'uniform', min: 19000, max: 22600 });
    expect(plan.drawn).toEqual([
      {
        factor: 'producers.K2022',
        distribution: declared.distribution,
        from: 'scenario',
        provenance: declared.provenance,
      },
      {
        factor: 'market.SPR',
        distribution: { kind: 'uniform', min: 0.2, max: 0.6 },
        from: 'experiment',
      },
    ]);
    const [low, high] = plan.design.range(0);
    expect(low).toBeGreaterThanOrEqual(19000);
    expect(high).toBeLessThanOrEqual(22600);
    // 200 uniform draws cover most of the span.
    expect(high - low).toBeGreaterThan(0.9 * 3600);
    // The result file's id names the declared distributions too.
    expect(plan.id).not.toBe(experiment.id);
    expect(plan.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names in its id the experiment, the scenario’s values and what it took from them', () => {
    const own = declaredExperiment([
      { path: 'producers.K2022', distribution: { kind: 'uniform', min: 20000, max: 21000 } },
    ]);
    const pack = loadPack(packDir);
    const base = resolveScenario(pack, 'S1-D1', { overrides: [] });
    // The same pack with one value changed, as an edited pack file would give.
    const edited = resolveScenario(pack, 'S1-D1', { overrides: ['producers.Eco=1.01'] });

    const plan = planExperiment(own, base);

    expect(plan.drawn![0]!.from).toBe('experiment');
    expect(planExperiment(own, base).id).toBe(plan.id);
    expect(planExperiment(own, edited).id).not.toBe(plan.id);
    expect(plan.id).not.toBe(own.id);
  });

  it('refuses, before any run, a factor with no distribution where the scenario declares none', () => {
    // An override replaces the parameter, declared uncertainty and all.
    const overrides = ['producers.K2022=21000'];
    const experiment = declaredExperiment(
      [{ path: 'producers.K2022' }, { path: 'market.SPR' }],
      overrides,
    );
    const base = resolveScenario(loadPack(packDir), 'S1-D1', { overrides });

    let issues: readonly ScenarioIssue[] = [];
    try {
      planExperiment(experiment, base);
    } catch (error) {
      issues = (error as { issues: readonly ScenarioIssue[] }).issues;
    }

    expect(issues.map((issue) => [issue.file, issue.path, issue.code])).toEqual([
      ['declared.yaml', 'factors.0.distribution', 'missing'],
      ['declared.yaml', 'factors.1.distribution', 'missing'],
    ]);
    expect(issues[1]!.allowed).toMatch(/uncertainty that the scenario declares for market\.SPR/);
  });

  const rangedExperiment = (method: unknown, factors: unknown[]) =>
    toExperiment(
      ExperimentFileSchema.parse({
        orebus: 'experiment/1',
        name: 'ranged',
        combination: 'S1-D1',
        method,
        factors,
        outputs: [{ name: 'supply2050', kind: 'value', variable: 'supply', year: 2050 }],
      }),
      'ranged.yaml',
    );

  it('samples a declared uncertainty by its distribution in Sobol’ and Latin-hypercube designs', () => {
    const resolved = resolveScenario(loadPack(packDir), 'S1-D1', { overrides: [] });
    const triangular = { kind: 'triangular', min: 19000, mode: 19500, max: 22600 } as const;
    // The scenario as if it declared a triangular uncertainty for K2022, peaked near its low end.
    const base = {
      ...resolved,
      table: resolved.table.map((row) =>
        row.path === 'producers.K2022'
          ? { ...row, uncertainty: { ...row.uncertainty!, distribution: triangular } }
          : row,
      ),
    };
    const factors = [{ path: 'producers.K2022' }, { path: 'market.SPR', range: [0.2, 0.6] }];
    const samples = 256;

    const sobol = planExperiment(rangedExperiment({ kind: 'sobol', samples }, factors), base);
    const lhs = planExperiment(
      rangedExperiment({ kind: 'sweep', design: 'latin-hypercube', samples }, factors),
      base,
    );
    const morris = planExperiment(
      rangedExperiment({ kind: 'morris', trajectories: 4, levels: 4 }, factors),
      base,
    );

    const unit = saltelliSample(samples, 2, createRandom(0).stream('design'));
    for (const run of [0, 1, 100, unit.length - 1]) {
      expect(sobol.design.value(run, 0)).toBe(quantile(triangular, unit[run]![0]!));
      expect(sobol.design.value(run, 1)).toBe(0.2 + (0.6 - 0.2) * unit[run]![1]!);
    }
    expect(sobol.ranges![0]).toEqual({
      factor: 'producers.K2022',
      range: [19000, 22600],
      from: 'scenario',
      distribution: triangular,
    });
    expect(sobol.ranges![1]!.distribution).toBeUndefined();
    // Stratified in probability: each of the 256 strata of the triangular's CDF is hit once.
    const strata = Array.from({ length: lhs.runs }, (_, run) =>
      Math.floor(cdf(triangular, lhs.design.value(run, 0)) * samples),
    );
    expect(new Set(strata).size).toBe(samples);
    // Morris keeps its even grid over the support.
    expect(morris.ranges![0]!.distribution).toBeUndefined();
    expect(sobol.id).not.toBe(
      planExperiment(rangedExperiment({ kind: 'sobol', samples }, factors), resolved).id,
    );
  });

  it('spans a Morris factor without a range over the bounded uncertainty its scenario declares', () => {
    const experiment = rangedExperiment({ kind: 'morris', trajectories: 5, levels: 4 }, [
      { path: 'producers.K2022' },
      { path: 'market.SPR', range: [0.2, 0.6] },
    ]);
    const base = resolveScenario(loadPack(packDir), 'S1-D1', { overrides: [] });

    const plan = planExperiment(experiment, base);

    expect(plan.ranges).toEqual([
      { factor: 'producers.K2022', range: [19000, 22600], from: 'scenario' },
      { factor: 'market.SPR', range: [0.2, 0.6], from: 'experiment' },
    ]);
    // Morris's four levels of the unit grid, scaled onto each range.
    const values = new Set(
      Array.from({ length: plan.runs }, (_, run) => plan.design.value(run, 0)),
    );
    expect([...values].sort((a, b) => a - b)).toEqual([19000, 20200, 21400, 22600]);
    expect(plan.id).not.toBe(experiment.id);
  });

  it('takes a full factorial’s levels from a declared range, and names a factor with none', () => {
    const base = resolveScenario(loadPack(packDir), 'S1-D1', { overrides: [] });
    const sweep = rangedExperiment({ kind: 'sweep', design: 'full-factorial', levels: 3 }, [
      { path: 'producers.K2022' },
      { path: 'market.SPR', values: [0.3, 0.5] },
    ]);

    const plan = planExperiment(sweep, base);

    expect(plan.runs).toBe(6);
    expect(plan.design.range(0)).toEqual([19000, 22600]);
    expect(plan.ranges).toEqual([
      { factor: 'producers.K2022', range: [19000, 22600], from: 'scenario' },
    ]);

    const sobol = rangedExperiment({ kind: 'sobol', samples: 4 }, [
      { path: 'market.SPR' },
      { path: 'producers.K2022' },
    ]);
    let issues: readonly ScenarioIssue[] = [];
    try {
      planExperiment(sobol, base);
    } catch (error) {
      issues = (error as { issues: readonly ScenarioIssue[] }).issues;
    }
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ['factors.0.range', 'missing'],
    ]);
    expect(issues[0]!.allowed).toMatch(/a range for sobol: .*market\.SPR \(S1-D1 declares none\)/);
  });
});

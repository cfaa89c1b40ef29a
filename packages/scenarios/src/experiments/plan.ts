/**
 * Turning an experiment into runs: the design matrix of its method, and for every run index the
 * combination, the overrides and the seed. Everything here is a pure function of the experiment,
 * so a resumed experiment redoes exactly the runs an uninterrupted one would have done.
 */
import { createRandom, deriveSeed, InvalidArgumentError } from '@orebus/core';
import { isAssignable, type ResolvedScenario } from '../pack/index.js';
import {
  fullFactorial,
  latinHypercube,
  morrisTrajectories,
  saltelliSample,
  sample,
  scale,
} from './design/index.js';
import type { RunSpec } from './engine/index.js';
import type { Experiment } from './experiment-file.js';

/** The planned runs of an experiment and what analysis needs to know about them. */
export interface ExperimentPlan {
  readonly runs: number;
  readonly runAt: (index: number) => RunSpec;
  /** Factor values of every run, `[run][factor]` (Monte Carlo: the values drawn). */
  readonly design: readonly (readonly number[])[];
  /** The scenario value of every factor, before the experiment changes it. */
  readonly baseValues: readonly number[];
  /** Morris only: the trajectories on the unit grid, `[trajectory][point][factor]`. */
  readonly trajectories?: readonly (readonly (readonly number[])[])[];
}

/** The value of a numeric parameter, or of one numeric field of a lifetime, in a scenario. */
export function parameterValue(scenario: ResolvedScenario, path: string): number {
  const row = scenario.table.find((r) => r.path === path);
  if (row && typeof row.value === 'number') return row.value;
  const dot = path.lastIndexOf('.');
  const parent = scenario.table.find((r) => r.path === path.slice(0, dot));
  const field = (parent?.value as Record<string, unknown> | undefined)?.[path.slice(dot + 1)];
  if (typeof field === 'number') return field;
  throw new InvalidArgumentError('factor path', path, 'a numeric parameter of the scenario');
}

/** The design matrix of the method, in factor units, with Morris's unit-grid trajectories. */
function designOf(experiment: Experiment, baseValues: readonly number[]) {
  const { method, factors, seed } = experiment;
  const random = createRandom(seed).stream('design');
  const bounds = factors.map((f) => f.range ?? [0, 1]) as [number, number][];
  switch (method.kind) {
    case 'one-at-a-time': {
      const design: number[][] = [[...baseValues]];
      factors.forEach((_, i) => {
        for (const change of method.changes) {
          const point = [...baseValues];
          point[i] = baseValues[i]! * (1 + change);
          design.push(point);
        }
      });
      return { design };
    }
    case 'morris': {
      const trajectories = morrisTrajectories(
        method.trajectories,
        factors.length,
        method.levels,
        random,
      );
      return { design: scale(trajectories.flat(), bounds), trajectories };
    }
    case 'sobol':
      return { design: scale(saltelliSample(method.samples, factors.length, random), bounds) };
    case 'sweep': {
      if (method.design === 'latin-hypercube') {
        return { design: scale(latinHypercube(method.samples!, factors.length, random), bounds) };
      }
      const levels = factors.map(
        (f) =>
          f.values ??
          Array.from(
            { length: method.levels },
            (_, j) => f.range![0] + ((f.range![1] - f.range![0]) * j) / (method.levels - 1),
          ),
      );
      const grid = fullFactorial(levels.map((l) => l.length));
      return {
        design: grid.map((point) =>
          point.map((u, i) => levels[i]![Math.round(u * (levels[i]!.length - 1))]!),
        ),
      };
    }
    case 'calibration':
      // Where a calibration runs next depends on the losses so far: it has no design to plan.
      throw new InvalidArgumentError('experiment.method.kind', method.kind, 'a planned method');
    case 'monte-carlo': {
      // Each run draws its factors from its own stream, so run i's values depend on i alone.
      const design = Array.from({ length: method.runs }, (_, run) => {
        const draws = createRandom(deriveSeed(seed, run)).stream('factors');
        return factors.map((f) => sample(f.parsedDistribution!, draws));
      });
      return { design };
    }
  }
}

/**
 * Plans an experiment on a resolved base scenario (the combination with the experiment's variant
 * and overrides). Shocks are added to the scenario's own rules.
 */
export function planExperiment(experiment: Experiment, base: ResolvedScenario): ExperimentPlan {
  const baseValues = experiment.factors.map((f) => parameterValue(base, f.path));
  const { design, trajectories } = designOf(experiment, baseValues) as {
    design: number[][];
    trajectories?: number[][][];
  };
  const shocks =
    experiment.shocks.length === 0
      ? []
      : [`rules=${JSON.stringify([...base.parameters.rules, ...experiment.shocks])}`];
  const fixed = [...experiment.overrides, ...shocks];
  // Factors that need no resolving are set on the resolved base scenario directly (the same
  // parameters, much faster); the others go through the overrides.
  const direct = experiment.factors.map((f) => isAssignable(f.path));
  const runAt = (index: number): RunSpec => {
    const point = design[index];
    if (!point) throw new InvalidArgumentError('run index', index, `0…${design.length - 1}`);
    const factors = experiment.factors.map((f, i) => ({ path: f.path, value: point[i]! }));
    return {
      index,
      combination: experiment.combination,
      ...(experiment.variant === undefined ? {} : { variant: experiment.variant }),
      overrides: [
        ...fixed,
        ...factors.filter((_, i) => !direct[i]).map((f) => `${f.path}=${f.value}`),
      ],
      assignments: factors.filter((_, i) => direct[i]),
      seed: deriveSeed(experiment.seed, index),
    };
  };
  return trajectories === undefined
    ? { runs: design.length, runAt, design, baseValues }
    : { runs: design.length, runAt, design, baseValues, trajectories };
}

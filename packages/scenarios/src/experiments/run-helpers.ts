// What running an experiment and running a calibration share: checking factor values against
// the parameters' bounds before any run, and writing result files whole.
import { renameSync, writeFileSync } from 'node:fs';
import { type Pack, resolveScenario } from '../pack/index.js';
import type { Experiment } from './experiment-file.js';

/** Writes a file whole or not at all: a temporary file beside it, renamed into place. */
export function writeFileAtomically(file: string, text: string): void {
  const staging = `${file}.${process.pid}.partial`;
  writeFileSync(staging, text);
  renameSync(staging, file);
}

/**
 * Resolves the base scenario with each factor at its smallest and largest value in turn, so that
 * a range that crosses a parameter's bound is refused before the first run, with the field
 * named, and not in the middle of the experiment.
 *
 * @throws ScenarioError naming the factor's path and the value past its bound.
 */
export function refuseValuesPastBounds(
  pack: Pack,
  experiment: Experiment,
  extremes: readonly (readonly [number, number])[],
): void {
  refuseValuesPastBoundsBy(
    (overrides) =>
      resolveScenario(pack, experiment.combination, {
        ...(experiment.variant === undefined ? {} : { variant: experiment.variant }),
        overrides,
      }),
    experiment,
    extremes,
  );
}

/**
 * {@link refuseValuesPastBounds} with the resolving given: `resolve(overrides)` resolves the
 * base scenario (of a single-metal or a joint pack) with the overrides after the experiment's.
 */
export function refuseValuesPastBoundsBy(
  resolve: (overrides: readonly string[]) => unknown,
  experiment: Experiment,
  extremes: readonly (readonly [number, number])[],
): void {
  experiment.factors.forEach((factor, i) => {
    for (const value of extremes[i]!) {
      resolve([...experiment.overrides, `${factor.path}=${value}`]);
    }
  });
}

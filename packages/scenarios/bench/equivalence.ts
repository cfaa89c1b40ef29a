// Compares a run of the plain loop with a run of the agent model, series by series and year by
// year. The benchmark refuses to time two implementations that disagree, and the equivalence
// test asserts on the same comparison.
import { type RunSeries, SERIES_VALUE_FIELDS } from '@orebus/scenarios';
import type { PlainSeries } from './plain-loop.js';

/** The series compared: every one the report draws, plus the EV stock of the back-test. */
export const COMPARED_SERIES = [...SERIES_VALUE_FIELDS, 'evStock'] as const;

/** Name of a compared series. */
export type ComparedSeries = (typeof COMPARED_SERIES)[number];

/** The largest difference between two runs, and where it is. */
export interface RunDifference {
  /** Largest `|agent − plain| / max(|agent|, |plain|)` over every series and year; 0 if equal. */
  readonly maxRelative: number;
  /** Number of values that differ in any bit (`Object.is` is false). */
  readonly differing: number;
  /** Number of values compared. */
  readonly compared: number;
  /** The value with the largest relative difference, if any differs. */
  readonly worst?: {
    readonly series: ComparedSeries;
    readonly year: number;
    readonly agent: number;
    readonly plain: number;
  };
}

/**
 * Compares the series of an agent run with those of a plain-loop run of the same parameters.
 *
 * @throws Error if the two runs cover different years: that is a broken benchmark, not a
 *   numerical difference.
 */
export function compareRuns(agent: RunSeries, plain: PlainSeries): RunDifference {
  if (agent.years.join() !== plain.years.join()) {
    throw new Error(
      `the runs cover different years: agent ${agent.years[0]}…${agent.years.at(-1)}, ` +
        `plain loop ${plain.years[0]}…${plain.years.at(-1)}`,
    );
  }

  let maxRelative = 0;
  let differing = 0;
  let compared = 0;
  let worst: RunDifference['worst'];
  for (const series of COMPARED_SERIES) {
    const a = agent[series];
    const b = plain[series];
    for (let i = 0; i < agent.years.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      compared++;
      if (Object.is(x, y)) continue;
      differing++;
      const scale = Math.max(Math.abs(x), Math.abs(y));
      const relative = scale === 0 ? 0 : Math.abs(x - y) / scale;
      if (!(relative <= maxRelative)) {
        maxRelative = Number.isNaN(relative) ? Number.POSITIVE_INFINITY : relative;
        worst = { series, year: agent.years[i]!, agent: x, plain: y };
      }
    }
  }
  return worst === undefined
    ? { maxRelative, differing, compared }
    : { maxRelative, differing, compared, worst };
}

import type { DataCollector } from '@orebus/core';
import type { ReportSeries } from '../report/index.js';
import { LITHIUM } from './lithium-model.js';

/**
 * The series of one run that reports and pattern checks read, one value per model year: the
 * pattern checks' `CombinationSeries` plus the EV stock the report's back-test shows.
 */
export type RunSeries = ReportSeries;

/**
 * Reads the series of a finished single-metal run out of its collected data; `metal` names the
 * market (lithium if not given).
 */
export function extractSeries(
  combination: string,
  data: DataCollector,
  metal: string = LITHIUM,
): RunSeries {
  const read = (agent: string, variable: string) => Array.from(data.series(agent, variable).values);
  const market = `market:${metal}`;
  const years: number[] = [];
  for (let year = data.startYear; year <= data.endYear; year++) years.push(year);
  return {
    combination,
    years,
    supply: read(market, 'supply'),
    demand: read(market, 'demand'),
    primary: read(market, 'primarySupply'),
    recycled: read(market, 'recycledSupply'),
    netImports: read(market, 'netImports'),
    evDemand: read('ev-maker', 'demand'),
    essDemand: read('ess-maker', 'demand'),
    price: read(market, 'price'),
    evStock: read('ev-maker', 'stock'),
  };
}

import type { DataCollector } from '@orebus/core';
import { LITHIUM } from './lithium-model.js';

/** The series of one run that reports and pattern checks read, one value per model year. */
export interface RunSeries {
  readonly combination: string;
  readonly years: readonly number[];
  /** `Q_t`, t Li. */
  readonly supply: readonly number[];
  /** `D_t`, t Li. */
  readonly demand: readonly number[];
  /** `K_t`, t Li. */
  readonly primary: readonly number[];
  /** `RLi_t`, t Li. */
  readonly recycled: readonly number[];
  /** `NIM_t`, t Li. */
  readonly netImports: readonly number[];
  readonly evDemand: readonly number[];
  readonly essDemand: readonly number[];
  /** `P_t`, price units per tonne. */
  readonly price: readonly number[];
  /** EVs in use at the end of each year, vehicles. */
  readonly evStock: readonly number[];
}

/** Reads the series of a finished lithium run out of its collected data. */
export function extractSeries(combination: string, data: DataCollector): RunSeries {
  const read = (agent: string, variable: string) => Array.from(data.series(agent, variable).values);
  const market = `market:${LITHIUM}`;
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

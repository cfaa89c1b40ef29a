import type { DataCollector } from '@orebus/core';
import type { CombinationSeries } from '../validation/index.js';

/**
 * One metal's yearly results in a joint run: the series a single-metal run gives, in t of that
 * metal a year (price in its market's units).
 */
export interface MetalSeries extends Omit<CombinationSeries, 'combination' | 'years'> {
  readonly metal: string;
}

/** The yearly results of one combination of a joint run, one value per entry of `years`. */
export interface JointSeries {
  readonly combination: string;
  readonly years: readonly number[];
  readonly metals: readonly MetalSeries[];
  readonly chemistries: readonly string[];
  /** Share of new EV (then ESS) battery capacity by chemistry, in the order of `chemistries`. */
  readonly evShares: readonly (readonly number[])[];
  readonly essShares: readonly (readonly number[])[];
  /** Battery capacity put into use, GWh a year. */
  readonly evEnergyGWh: readonly number[];
  readonly essEnergyGWh: readonly number[];
}

/** Reads the series of a finished joint run out of its collected data. */
export function extractJointSeries(
  combination: string,
  data: DataCollector,
  metals: readonly string[],
  chemistries: readonly string[],
): JointSeries {
  const read = (agent: string, variable: string) => Array.from(data.series(agent, variable).values);
  const years: number[] = [];
  for (let year = data.startYear; year <= data.endYear; year++) years.push(year);
  const gwh = (agent: string) => read(agent, 'energyPutInUse').map((kWh) => kWh / 1e6);
  return {
    combination,
    years,
    metals: metals.map((metal) => {
      const market = `market:${metal}`;
      return {
        metal,
        supply: read(market, 'supply'),
        demand: read(market, 'demand'),
        primary: read(market, 'primarySupply'),
        recycled: read(market, 'recycledSupply'),
        netImports: read(market, 'netImports'),
        evDemand: read('ev-maker', `demand.${metal}`),
        essDemand: read('ess-maker', `demand.${metal}`),
        price: read(market, 'price'),
      };
    }),
    chemistries,
    evShares: chemistries.map((name) => read('ev-maker', `share.${name}`)),
    essShares: chemistries.map((name) => read('ess-maker', `share.${name}`)),
    evEnergyGWh: gwh('ev-maker'),
    essEnergyGWh: gwh('ess-maker'),
  };
}

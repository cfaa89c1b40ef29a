// The lithium reference model of MODEL.md as plain arrays and loops: the yardstick the agent model
// (`buildLithiumModel`) is timed against in `reference-bench.ts`, and checked against, year by
// year, in `test/plain-loop-equivalence.test.ts`. No bus, no agents, no snapshots, no `Observed`
// messages: the same pure equations and curves, called in the order of the agents' tick.
//
// Bit-identical results rest on three things kept exactly as the agent model has them:
// - every derived quantity (curve ceilings and rates, sales scale factors) computed by the same
//   expressions as `buildLithiumModel`, in the same order of operations;
// - the cohort arithmetic of `CohortStock` (retire by lifetime, then add inflow or retire early
//   in proportion, prune cohorts past the oldest age), written over flat arrays with one slot per
//   vintage year; a year without inflow leaves its slot at 0, and adding +0 to a sum leaves it
//   unchanged, so the sums match those over the agent's shorter cohort lists;
// - every sum taken in the order in which the agents publish: BEV before PHEV, EV before ESS,
//   producers in pack order, then recycled, then net imports (eqs. 16–18).
import {
  type Curve,
  gompertz,
  InvalidArgumentError,
  type LifetimeSpec,
  lifetimePmf,
  logistic,
  sCurve,
  solveLogisticMax,
  solveLogisticRate,
  survivalFromPmf,
} from '@orebus/core';
import {
  clearMarket,
  decideOutput,
  meanUnitCost,
  priceUpdate,
  productivityGrowth,
  unitCost,
} from '@orebus/market';
import type { DerivedQuantities, LithiumParameters, YearSeries } from '@orebus/scenarios';

/** The yearly series of one run of the plain loop, indexed from the first model year. */
export interface PlainSeries {
  readonly years: readonly number[];
  /** `Q_t`, t Li. */
  readonly supply: Float64Array;
  /** `D_t`, t Li. */
  readonly demand: Float64Array;
  /** `K_t`, t Li. */
  readonly primary: Float64Array;
  /** `RLi_t`, t Li. */
  readonly recycled: Float64Array;
  /** `NIM_t` after any import disruption, t Li. */
  readonly netImports: Float64Array;
  readonly evDemand: Float64Array;
  readonly essDemand: Float64Array;
  /** `P_t`, price units per tonne. */
  readonly price: Float64Array;
  /** EVs in use at the end of each year, vehicles. */
  readonly evStock: Float64Array;
}

/** A finished plain-loop run: its series and the quantities derived from the parameters. */
export interface PlainRun {
  readonly series: PlainSeries;
  readonly derived: DerivedQuantities;
}

/**
 * One product type's in-use stock by vintage: slot `k` holds the cohort of year
 * `firstVintage + k`. Mutated in place year by year by {@link stepToTarget}.
 */
interface CohortTable {
  readonly firstVintage: number;
  /** Effective inflow of each cohort: its stock divided by survival at its age. */
  readonly weight: Float64Array;
  readonly stock: Float64Array;
  /** This year's outflow (lifetime plus early retirements) of each cohort, units. */
  readonly outflow: Float64Array;
  /** Metal in one unit of each vintage, t. */
  readonly metalPerUnit: Float64Array;
  readonly survival: Float64Array;
  /** Slot of the oldest cohort still held; older ones were pruned, as CohortStock prunes them. */
  first: number;
  /** What the last step did: new units, metal retired (t) and stock at the end of the year. */
  inflow: number;
  retiredTonnes: number;
  stockNow: number;
}

/** A series value for `year`, or the nearest end of the series outside it (as the builder). */
function at(series: YearSeries, year: number): number {
  const value = series[year];
  if (value !== undefined) return value;
  const years = Object.keys(series).map(Number);
  const nearest = year < Math.min(...years) ? Math.min(...years) : Math.max(...years);
  return series[nearest]!;
}

function createTable(
  pmf: ArrayLike<number>,
  history: readonly number[],
  firstVintage: number,
  firstYear: number,
  lastYear: number,
  metalPerUnit: (vintage: number) => number,
): CohortTable {
  const slots = lastYear - firstVintage + 1;
  const survival = survivalFromPmf(pmf);
  const table: CohortTable = {
    firstVintage,
    weight: new Float64Array(slots),
    stock: new Float64Array(slots),
    outflow: new Float64Array(slots),
    metalPerUnit: new Float64Array(slots),
    survival,
    first: 0,
    inflow: 0,
    retiredTonnes: 0,
    stockNow: 0,
  };
  for (let k = 0; k < slots; k++) table.metalPerUnit[k] = metalPerUnit(firstVintage + k);
  // As the CohortStock constructor: the survivors of each vintage at the end of the base year.
  for (let k = 0; k < history.length; k++) {
    const age = firstYear - 1 - (firstVintage + k);
    table.weight[k] = history[k]!;
    table.stock[k] = history[k]! * (age < survival.length ? survival[age]! : 0);
  }
  return table;
}

/**
 * Brings a cohort table to `target` units at the end of `year`, as `CohortStock.setTarget` does:
 * retire by lifetime, prune cohorts past the oldest age, then add the missing units as this
 * year's cohort or retire the excess early from every cohort in proportion to its stock.
 */
function stepToTarget(c: CohortTable, year: number, target: number): void {
  const { weight, stock, outflow, survival } = c;
  const now = year - c.firstVintage;
  const retiredFrom = c.first;

  for (let k = retiredFrom; k < now; k++) {
    const age = now - k;
    // min() keeps a cohort rescaled by an early retirement from retiring a negative amount.
    const remaining = Math.min(
      stock[k]!,
      weight[k]! * (age < survival.length ? survival[age]! : 0),
    );
    outflow[k] = stock[k]! - remaining;
    stock[k] = remaining;
  }
  // A cohort at or past the oldest age holds nothing and never will again.
  const maxAge = survival.length - 1;
  while (c.first < now && now - c.first >= maxAge) c.first++;

  let survivors = 0;
  for (let k = c.first; k < now; k++) survivors += stock[k]!;
  let inflow = 0;
  if (target >= survivors) {
    inflow = target - survivors;
    if (inflow > 0) {
      weight[now] = inflow;
      stock[now] = inflow;
    }
  } else {
    const kept = target / survivors;
    for (let k = c.first; k < now; k++) {
      const remaining = stock[k]! * kept;
      outflow[k] = outflow[k]! + (stock[k]! - remaining);
      stock[k] = remaining;
      weight[k] = weight[k]! * kept;
    }
  }

  let stockNow = 0;
  for (let k = c.first; k <= now; k++) stockNow += stock[k]!;
  let retiredTonnes = 0;
  for (let k = retiredFrom; k < now; k++) retiredTonnes += outflow[k]! * c.metalPerUnit[k]!;
  c.inflow = inflow;
  c.retiredTonnes = retiredTonnes;
  c.stockNow = stockNow;
}

/**
 * Runs the lithium reference model of MODEL.md from resolved parameters, every year from
 * `startYear` to `endYear`, and returns the series the report reads and the derived quantities.
 * Gives the same numbers, bit for bit, as `runLithiumModel` with the same parameters.
 * Deterministic; reads `p` and mutates nothing outside itself.
 *
 * @throws InvalidArgumentError for a rule other than `import-disruption`; PriceFormationError
 *   (code `E_PRICE`) and the argument errors of the equations it
 *   calls, as the agent model would raise them.
 */
export function runPlainLoop(p: LithiumParameters): PlainRun {
  const random = p.rules.find((rule) => rule.kind !== 'import-disruption');
  if (random) {
    throw new InvalidArgumentError(
      'rules',
      random.kind,
      'import-disruption rules only (the yardstick has no random streams)',
    );
  }
  const { baseYear, startYear, endYear, historyStartYear } = p.horizon;
  const years = endYear - startYear + 1;

  // EV curves and derived quantities, eqs. (5)–(9), exactly as buildLithiumModel derives them.
  const ev = p.ev;
  const population = (year: number) => at(ev.population, year);
  const gdpPerCapita = (year: number) =>
    ev.gdpPerCapita2022 *
    (1 + p.producers.gdpGrowth) ** (year - baseYear) *
    (population(baseYear) / population(year));
  const ownership = gompertz({ saturation: ev.gamma, a: ev.gompertzA, b: ev.gompertzB });
  const vehicles2022 = (ownership(gdpPerCapita(baseYear)) * population(baseYear)) / 1000;
  const electrification2022 = ev.stock2022 / vehicles2022;
  const bevShare2022 = ev.bevStock2022 / ev.stock2022;
  const bevShareRate = solveLogisticRate({
    initial: bevShare2022,
    max: ev.bevShareMax,
    t0: baseYear,
    target: ev.bevShare2050,
    tTarget: endYear,
  });
  const electrification = sCurve({
    from: electrification2022,
    to: ev.electrification2050,
    startYear: baseYear,
    endYear,
    steepness: ev.electrificationSteepness * (endYear - baseYear),
    midpointYear: ev.electrificationMidpointYear,
  });
  const bevShare = logistic({
    initial: bevShare2022,
    max: ev.bevShareMax,
    rate: bevShareRate,
    t0: baseYear,
  });
  const evPmf = lifetimePmf(ev.lifetime as LifetimeSpec) as unknown as Float64Array;
  const evSurvival = survivalFromPmf(evPmf);
  const sales: number[] = [];
  let survivors = 0;
  for (let year = historyStartYear; year <= baseYear; year++) {
    const amount = at(ev.salesHistory, year);
    const age = baseYear - year;
    sales.push(amount);
    survivors += amount * (age < evSurvival.length ? evSurvival[age]! : 0);
  }
  const salesShare = bevShare2022;
  const salesScale = {
    BEV: ev.bevStock2022 / (survivors * salesShare),
    PHEV: (ev.stock2022 - ev.bevStock2022) / (survivors * (1 - salesShare)),
  };
  const intensityEv = (vintage: number) => at(ev.intensityKgPerKWh, vintage);
  const bev = createTable(
    evPmf,
    sales.map((amount) => amount * salesShare * salesScale.BEV),
    historyStartYear,
    startYear,
    endYear,
    (vintage) => (at(ev.packKWh.bev, vintage) * intensityEv(vintage)) / 1000,
  );
  const phev = createTable(
    evPmf,
    sales.map((amount) => amount * (1 - salesShare) * salesScale.PHEV),
    historyStartYear,
    startYear,
    endYear,
    (vintage) => (at(ev.packKWh.phev, vintage) * intensityEv(vintage)) / 1000,
  );

  // ESS, eq. (10); installations before 2023 follow the same curve back (builder's assumption).
  const ess = p.ess;
  const essCapacityMax = solveLogisticMax({
    initial: ess.capacity2023GWh,
    rate: ess.logisticRate,
    t0: startYear,
    target: ess.capacity2050GWh,
    tTarget: endYear,
  });
  const capacityGWh: Curve = logistic({
    initial: ess.capacity2023GWh,
    max: essCapacityMax,
    rate: ess.logisticRate,
    t0: startYear,
  });
  const essHistory: number[] = [];
  for (let year = historyStartYear; year <= baseYear; year++) {
    const previous = year === historyStartYear ? 0 : capacityGWh(year - 1);
    essHistory.push(capacityGWh(year) - previous);
  }
  const storage = createTable(
    lifetimePmf(ess.lifetime as LifetimeSpec),
    essHistory,
    historyStartYear,
    startYear,
    endYear,
    // One unit is a GWh: 1e6 kWh.
    (vintage) => (1e6 * at(ess.intensityKgPerKWh, vintage)) / 1000,
  );

  // Recycling factors, eq. (3): one normalised logistic between the 2023 and 2050 values.
  const r = p.recycler;
  // The builder evaluates the same progress once per factor; once a year gives the same double.
  const L = (t: number) =>
    1 / (1 + Math.exp(-r.factorShape.steepness * (t - r.factorShape.midpointYear)));
  const progress = (t: number) => {
    const clamped = Math.min(Math.max(t, startYear), endYear);
    return (L(clamped) - L(startYear)) / (L(endYear) - L(startYear));
  };
  const factor = (name: 'CRP' | 'CRL' | 'RR' | 'TRE', s: number) =>
    r.factors2023[name] + (r.factors2050[name] - r.factors2023[name]) * s;

  // Producers, eqs. (11), (15), (16), and the market, eqs. (12)–(14), (17), (18).
  const producers = p.producers;
  const count = producers.shares.length;
  const outputs = producers.shares.map((share) => share * producers.K2022);
  const costs = new Array<number>(count).fill(0);
  const cost = { a: producers.a, qScale: producers.qScale };
  const productivity = {
    rate: producers.productivityRate,
    mode: producers.productivityMode,
    baseYear,
  };
  const offers = new Array<number>(count + 2).fill(0);
  const { P0, SCP, SPR, costMean } = p.market;

  const series: PlainSeries = {
    years: Array.from({ length: years }, (_, i) => startYear + i),
    supply: new Float64Array(years),
    demand: new Float64Array(years),
    primary: new Float64Array(years),
    recycled: new Float64Array(years),
    netImports: new Float64Array(years),
    evDemand: new Float64Array(years),
    essDemand: new Float64Array(years),
    price: new Float64Array(years),
    evStock: new Float64Array(years),
  };
  let previousPrice = 0;
  let previousMeanCost: number | null = null;
  let previousRatio: number | null = null;
  let previousDemand = 0;

  for (let i = 0; i < years; i++) {
    const year = startYear + i;

    // quote
    const price =
      i === 0
        ? P0
        : priceUpdate({
            previousPrice,
            meanCost: previousMeanCost ?? previousPrice,
            previousRatio,
            previousDemand,
            SCP,
            SPR,
            year,
          }).price;

    // demand: the EV maker (BEV, then PHEV), then the ESS maker
    const evTotal =
      ((ownership(gdpPerCapita(year)) * population(year)) / 1000) * electrification(year);
    const share = bevShare(year);
    stepToTarget(bev, year, evTotal * share);
    stepToTarget(phev, year, evTotal * (1 - share));
    const slot = year - historyStartYear;
    const evDemand = bev.inflow * bev.metalPerUnit[slot]! + phev.inflow * phev.metalPerUnit[slot]!;
    const evRetired = bev.retiredTonnes + phev.retiredTonnes;
    stepToTarget(storage, year, capacityGWh(year));
    const essDemand = storage.inflow * storage.metalPerUnit[slot]!;

    // supply: producers from P_t and Cost(q_{t−1}), recycler, importer
    const rule = {
      g: producers.gdpGrowth,
      d: productivityGrowth(year, productivity),
      Eco: producers.Eco,
      Con: producers.Con,
    };
    let primary = 0;
    for (let k = 0; k < count; k++) {
      const q = decideOutput(outputs[k]!, price, unitCost(outputs[k]!, cost), rule).output;
      outputs[k] = q;
      costs[k] = unitCost(q, cost);
      offers[k] = q;
      primary += q;
    }
    const endOfLife = evRetired + storage.retiredTonnes;
    const s = progress(year);
    const rate = factor('CRP', s) * factor('CRL', s) * factor('RR', s) * factor('TRE', s);
    const recycled = endOfLife * Math.min(1, Math.max(0, rate));
    let kept = 1;
    for (const restriction of p.rules) {
      // The yardstick has no random streams: random rules are refused before the loop starts.
      if (restriction.kind === 'import-disruption' && restriction.years.includes(year)) {
        kept *= 1 - restriction.share;
      }
    }
    const netImports = at(p.importer.netImports, year) * kept;
    offers[count] = recycled;
    offers[count + 1] = netImports;

    // clear
    const demand = evDemand + essDemand;
    const clearing = clearMarket({ offers, demand });
    previousPrice = price;
    previousRatio = clearing.ratio;
    previousDemand = demand;
    previousMeanCost =
      costMean === 'plain'
        ? meanUnitCost(costs)
        : meanUnitCost(
            costs,
            outputs.map((q) => Math.max(q, 0)),
          );

    series.price[i] = price;
    series.supply[i] = clearing.supply;
    series.demand[i] = demand;
    series.primary[i] = primary;
    series.recycled[i] = recycled;
    series.netImports[i] = netImports;
    series.evDemand[i] = evDemand;
    series.essDemand[i] = essDemand;
    series.evStock[i] = bev.stockNow + phev.stockNow;
  }

  return {
    series,
    derived: {
      electrification2022,
      bevShare2022,
      bevShareRate,
      essCapacityMax,
      salesScale,
    },
  };
}

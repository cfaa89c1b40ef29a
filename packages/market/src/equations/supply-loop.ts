import { InvalidArgumentError } from '@orebus/core';
import { clearMarket } from './clear-market.js';
import { decideOutput, type OutputBranch } from './decide-output.js';
import { meanUnitCost } from './mean-unit-cost.js';
import { priceUpdate } from './price-update.js';
import { type ProductivityMode, productivityGrowth } from './productivity-growth.js';
import { isNonNegative, isPositive, requireFinite, requireNumber } from './require.js';
import { unitCost } from './unit-cost.js';

/**
 * Parameters of the price and primary-output loop, named as in
 * `conformance/supply-loop.json` so that a case's `parameters` object can be passed as is.
 */
export interface SupplyLoopParameters {
  /** Cost-curve curvature of (11), shared by every producer. */
  readonly a: number;
  /** Price sensitivity to cost, (13). */
  readonly SCP: number;
  /** Price sensitivity to the supply–demand ratio, (14). */
  readonly SPR: number;
  /** Structural divisor of growth in (15). */
  readonly Eco: number;
  /** Contraction fraction in (15). */
  readonly Con: number;
  /** t Li per cost unit in (11). */
  readonly qScale: number;
  /** Total primary output of the base year, t Li (`K_2022` in the reference case). */
  readonly K2022: number;
  /** Price quoted in the first model year, price units per tonne. */
  readonly P0: number;
  /** GDP growth rate, a fraction a year. */
  readonly g: number;
  /** Productivity rate `r` (section 4). */
  readonly r: number;
  /** Base-year output shares of the producers, summing to 1; one producer per share. */
  readonly shares: readonly number[];
  readonly productivityMode: ProductivityMode;
  /** Year of the initial state; the first model year is the one after. Defaults to 2022. */
  readonly baseYear?: number;
}

/** Yearly series that drive the loop, t Li a year, from the first model year on. */
export interface SupplyLoopInputs {
  /** Total demand `D_t`; non-negative. */
  readonly demand: readonly number[];
  /** Recycled supply `RLi_t`. */
  readonly recycled: readonly number[];
  /** Net imports `NIM_t`; negative for a net exporter. */
  readonly netImports: readonly number[];
}

/** One year of the loop: the fields of the conformance rows, plus the branches taken. */
export interface SupplyLoopRow {
  readonly year: number;
  /** `P_t`, quoted at the start of the year; price units per tonne. */
  readonly price: number;
  /** `q_{i,t}` per producer in the order of `shares`, t Li. */
  readonly outputs: readonly number[];
  /** Branch of (15) each producer took this year, in the order of `outputs`. */
  readonly branches: readonly OutputBranch[];
  /** `K_t = Σ_i q_{i,t}`, eq. (16). */
  readonly primary: number;
  /** `Q_t = K_t + RLi_t + NIM_t`, eq. (17). */
  readonly supply: number;
  /** `D_t`, eq. (18). */
  readonly demand: number;
  /** `R_t = Q_t / D_t`; null when `D_t = 0`. */
  readonly ratio: number | null;
  /** `Cbar_t`, plain mean of the producers' unit costs at their year-`t` outputs. */
  readonly meanUnitCost: number;
}

/**
 * The price and primary-output loop of MODEL.md sections 3 and 4, as one plain function over
 * arrays: what `conformance/supply-loop.json` specifies, and the yardstick that the agent
 * implementation is measured against.
 *
 * Each year `t`, in the order of the tick: quote `P_t` (`P0` in the first year, otherwise
 * (12)–(14) from `P_{t−1}`, `Cbar_{t−1}`, `R_{t−1}` and `D_{t−1}`); each producer decides
 * `q_{i,t}` by (15) from `P_t` and `Cost(q_{i,t−1})`; clear: `K_t`, `Q_t`, `R_t`; then `Cbar_t`
 * at the new outputs, which the next year's price reads. Initial outputs are
 * `q_{i,base} = share_i · K2022`.
 *
 * Deterministic and pure: the same arguments give bit-identical rows; nothing is mutated.
 *
 * @throws InvalidArgumentError if the series are empty or differ in length, or a parameter is
 *   out of range (see the equations this calls).
 * @throws PriceFormationError (code `E_PRICE`) if a year's price is not finite and positive.
 */
export function runSupplyLoop(
  parameters: SupplyLoopParameters,
  inputs: SupplyLoopInputs,
): SupplyLoopRow[] {
  const { a, SCP, SPR, Eco, Con, qScale, K2022, P0, g, r, shares } = parameters;
  const { productivityMode, baseYear = 2022 } = parameters;
  const years = checkInputs(parameters, inputs);
  const costParameters = { a, qScale };
  const productivity = { rate: r, mode: productivityMode, baseYear };

  let outputs = shares.map((share) => share * K2022);
  const rows: SupplyLoopRow[] = [];
  for (let i = 0; i < years; i++) {
    const year = baseYear + 1 + i;
    const previous = rows[i - 1];
    const price =
      previous === undefined
        ? P0
        : priceUpdate({
            previousPrice: previous.price,
            meanCost: previous.meanUnitCost,
            previousRatio: previous.ratio,
            previousDemand: previous.demand,
            SCP,
            SPR,
            year,
          }).price;

    const rule = { g, d: productivityGrowth(year, productivity), Eco, Con };
    const decisions = outputs.map((q) => decideOutput(q, price, unitCost(q, costParameters), rule));
    outputs = decisions.map((decision) => decision.output);

    let primary = 0;
    for (const q of outputs) primary += q;
    const demand = inputs.demand[i]!;
    const offers = [primary, inputs.recycled[i]!, inputs.netImports[i]!];
    const { supply, ratio } = clearMarket({ offers, demand });
    const costs = outputs.map((q) => unitCost(q, costParameters));

    rows.push({
      year,
      price,
      outputs,
      branches: decisions.map((decision) => decision.branch),
      primary,
      supply,
      demand,
      ratio,
      meanUnitCost: meanUnitCost(costs),
    });
  }
  return rows;
}

/** Checks what the equations do not check themselves; returns the number of years. */
function checkInputs(parameters: SupplyLoopParameters, inputs: SupplyLoopInputs): number {
  const where = 'runSupplyLoop';
  const { shares, K2022, P0, baseYear = 2022 } = parameters;
  requireNumber('K2022', K2022, where, 'a base-year output >= 0 t Li', isNonNegative);
  requireNumber('P0', P0, where, 'an initial price > 0', isPositive);
  if (!Number.isInteger(baseYear)) {
    throw new InvalidArgumentError('baseYear', baseYear, 'an integer year');
  }
  if (shares.length === 0) throw new InvalidArgumentError('shares', shares, 'at least one share');
  let shareSum = 0;
  for (let i = 0; i < shares.length; i++) {
    shareSum += requireNumber(`shares[${i}]`, shares[i]!, where, 'a share >= 0', isNonNegative);
  }
  // Shares are fractions typed by people (0.07925 × 4 + 0.683): allow rounding, not a gap.
  if (Math.abs(shareSum - 1) > 1e-9) {
    throw new InvalidArgumentError('shares', shares, 'shares summing to 1');
  }

  const years = inputs.demand.length;
  if (years === 0) throw new InvalidArgumentError('demand', inputs.demand, 'at least one year');
  for (const name of ['recycled', 'netImports'] as const) {
    if (inputs[name].length !== years) {
      throw new InvalidArgumentError(
        `${name}.length`,
        inputs[name].length,
        `one value per year of demand (${years})`,
      );
    }
    inputs[name].forEach((value, i) => {
      requireFinite(`${name}[${i}]`, value, where);
    });
  }
  return years;
}

import {
  ChemistryMix,
  EssMaker,
  EvMaker,
  priceResponsiveShift,
  type ShareShift,
} from '@orebus/agents';
import type { RecordFilter, Simulation } from '@orebus/core';
import { defaultRules, type MarketMessages, type RuleRegistry } from '@orebus/market';
import {
  addMarket,
  addSuppliers,
  essMakerCurves,
  evMakerCurves,
  marketSimulation,
  runToEnd,
} from '../model/lithium-model.js';
import type { JointScenario } from './joint-pack.js';

/** Options of {@link buildJointModel}. */
export interface JointModelOptions {
  /** Scenario name written into rows and events, e.g. `S1-D1`. */
  readonly scenario: string;
  readonly seed?: number | string;
  /** Check every message against its schema (slower; tests use it). */
  readonly checked?: boolean;
  readonly rules?: RuleRegistry;
  /** Which variables the run's collector keeps (`SimulationOptions.record`); all if not given. */
  readonly record?: RecordFilter;
}

/** A built joint model, ready to run. */
export interface JointModel {
  readonly simulation: Simulation<MarketMessages>;
  /** The mixes that split EV and ESS battery demand among the metals. */
  readonly chemistry: { readonly ev: ChemistryMix; readonly ess: ChemistryMix };
}

/**
 * Builds the joint battery-metals model: for every metal its market and rules; one EV maker
 * and one ESS maker, from the demand pack's fleet and storage parameters, whose new battery
 * capacity the chemistry mix splits into every metal; then every metal's producers, recycler
 * and importer, their ids prefixed with the metal (`Co:recycler`). The order fixes the order of
 * each tick's messages: markets first, so the makers hear this year's prices before they
 * settle the mix, and suppliers last.
 */
export function buildJointModel(s: JointScenario, options: JointModelOptions): JointModel {
  const demand = s.scenarios.get(s.demandFrom)!.parameters;
  const { startYear } = demand.horizon;
  const simulation = marketSimulation(demand.horizon, options);
  const registry = options.rules ?? defaultRules();

  let ruleIndex = 0;
  for (const metal of s.metals) {
    const p = s.scenarios.get(metal)!.parameters;
    addMarket(simulation, p, metal, registry, ruleIndex);
    ruleIndex += p.rules.length;
  }

  const { chemistries } = s.chemistry;
  const shift = chemistryShift(s);
  const ev = new ChemistryMix({ chemistries, shares: s.chemistry.shares.ev, shift });
  const ess = new ChemistryMix({ chemistries, shares: s.chemistry.shares.ess, shift });
  simulation.add(
    new EvMaker({
      ...evMakerCurves(demand).options,
      id: 'ev-maker',
      metals: s.metals,
      firstYear: startYear,
      chemistry: ev,
    }),
  );
  simulation.add(
    new EssMaker({
      ...essMakerCurves(demand).options,
      id: 'ess-maker',
      metals: s.metals,
      firstYear: startYear,
      chemistry: ess,
    }),
  );

  for (const metal of s.metals) {
    addSuppliers(simulation, s.scenarios.get(metal)!.parameters, metal, `${metal}:`);
  }
  return { simulation, chemistry: { ev, ess } };
}

/**
 * The price response of the mix, or none when its elasticity is 0, so that a joint run without
 * it does not even listen for prices. Each market's reference price is its first quote.
 */
function chemistryShift(s: JointScenario): ShareShift | undefined {
  const { elasticity, referenceValue } = s.priceResponse;
  if (elasticity === 0) return undefined;
  const referencePrice = Object.fromEntries(
    s.metals.map((metal) => [metal, s.scenarios.get(metal)!.parameters.market.P0]),
  );
  return priceResponsiveShift({
    chemistries: s.chemistry.chemistries,
    referenceValue,
    referencePrice,
    elasticity,
  });
}

/** Options of {@link runJointModel}. */
export interface JointRunOptions extends JointModelOptions {
  readonly recordMessages?: boolean;
}

/** A finished joint run. */
export interface JointRun extends JointModel {
  readonly messages?: string;
}

/** Builds and runs the joint model to its last year. */
export function runJointModel(s: JointScenario, options: JointRunOptions): JointRun {
  return runToEnd(buildJointModel(s, options), options.recordMessages ?? false);
}

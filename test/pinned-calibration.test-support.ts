// The lithium defaults of the calibration before today's (seven patterns, commit 717dd7a), as
// `--set` overrides, for tests that need its outcomes: S3-D2 ending 2050 just above demand
// (+0.4 kt), a sweep in which some runs reach balance and some do not, a 2050 price near 1e15
// at SPR 2. Today's defaults keep every combination below demand, with other prices.
export const PINNED_CALIBRATION: readonly string[] = [
  'market.SCP=0.360738',
  'market.SPR=0.392225',
  'producers.a=87.4724',
  'producers.Eco=1.04284',
  'producers.Con=0.115838',
  'producers.qScale=4060.08',
  'ev.gdpPerCapita2022=8.836726293347041',
  'ev.electrificationSteepness=0.530607',
  'ev.electrificationMidpointYear=2026.25',
  'ev.lifetime.mean=8.28125',
  'ess.logisticRate=0.445913',
  'ess.lifetime.mean=21.4284',
  'recycler.factorShape.steepness=0.509007',
  'recycler.factorShape.midpointYear=2028',
];

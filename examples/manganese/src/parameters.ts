// The numbers of the manganese model, each with its unit and where it comes from. The scope is
// battery-grade manganese (high-purity manganese sulphate and its precursors) in China; every
// mass is in tonnes of manganese itself (t Mn), never of sulphate. Many figures are labelled
// assumptions: published estimates of China's battery-grade output and trade vary widely, and
// this package shows how to build a metal on Orebus rather than forecast one.

/** Every parameter of the manganese model. */
export interface ManganeseParameters {
  readonly startYear: number;
  readonly endYear: number;

  /** Price of the first year, price units per t Mn (the cost curve of eq. 11 spans 10–30 k). */
  readonly initialPrice: number;
  /** Sensitivity of price to cost, eq. (13), dimensionless. */
  readonly SCP: number;
  /** Sensitivity of price to the supply–demand ratio, eq. (14), dimensionless. */
  readonly SPR: number;

  /** The sulphate refiners: id and output of 2022, t Mn a year. */
  readonly refiners: readonly { readonly id: string; readonly output2022Tonnes: number }[];
  /** Curvature `a` and scale `qScale` (t Mn per cost unit) of the cost curve, eq. (11). */
  readonly cost: { readonly a: number; readonly qScale: number };
  /** Output rule, eq. (15): growth `g` (1/a), divisor `Eco`, contraction share `Con`. */
  readonly rule: { readonly g: number; readonly Eco: number; readonly Con: number };
  /** Linear productivity growth rate of the refiners, 1/a from 2022. */
  readonly productivityRate: number;

  /** Share of new EV battery capacity (kWh) that is NMC, in 2023 and in the last year. */
  readonly evNmcShare: readonly [number, number];
  /** Share of new EV battery capacity that is LMFP, in 2023 and in the last year. */
  readonly evLmfpShare: readonly [number, number];
  /** Share of new storage capacity that is LMFP, in 2023 and in the last year. */
  readonly essLmfpShare: readonly [number, number];
  /** Manganese in the average NMC cell made in 2023 and from 2035 on, kg Mn per kWh. */
  readonly nmcKgPerKWh: readonly [number, number];
  /** Manganese in an LMFP cell, kg Mn per kWh. */
  readonly lmfpKgPerKWh: number;

  /** Collection rate of end-of-life batteries, 2023 and last year, 0–1. */
  readonly collection: readonly [number, number];
  /** Share of collected batteries whose manganese the recyclers recover, 2023 and last year. */
  readonly manganeseRecovery: readonly [number, number];
  /** Technical recovery efficiency of the process, 0–1. */
  readonly technicalEfficiency: number;

  /** Net exports of 2022 at equal prices at home and abroad, t Mn a year (positive). */
  readonly netExports2022Tonnes: number;
  /** Price abroad, price units per t Mn, held constant. */
  readonly worldPrice: number;
  /** Elasticity of exports to the ratio of the price abroad to the price at home. */
  readonly exportElasticity: number;
}

/** The default parameters, 2023–2050. */
export const MANGANESE_DEFAULTS: ManganeseParameters = {
  startYear: 2023,
  endYear: 2050,

  // Assumption: the paper's lithium price units reused, the first price above the refiners'
  // unit cost (about 15 000 and 13 500 at their 2022 output) so that both start by growing.
  initialPrice: 20_000,
  // Assumption: the lithium reference model's defaults (Chen et al. 2025, MODEL.md section 3).
  SCP: 0.3,
  SPR: 0.5,

  // Assumption: 30 kt Mn in 2022 (about 92 kt of MnSO4·H2O at 32.5 % Mn) from two refiner
  // groups, 60:40; order of magnitude only, industry estimates differ by a factor of two.
  refiners: [
    { id: 'refiner-guangxi', output2022Tonnes: 18_000 },
    { id: 'refiner-guizhou', output2022Tonnes: 12_000 },
  ],
  // Assumption: qScale puts the cost of 18 kt at x = 7.5 on eq. (11); a as in the lithium pack.
  cost: { a: 20, qScale: 2_400 },
  // Growth g: China's GDP growth of the lithium reference model (paper 2.4.1, 5.5 %/a);
  // Eco and Con: assumptions (no structural divisor, a 10 % cut in a year of losses).
  rule: { g: 0.055, Eco: 1, Con: 0.1 },
  // Assumption: 5 %/a linear productivity growth, half the lithium reference model's 10 %.
  productivityRate: 0.05,

  // 2023: China Automotive Battery Innovation Alliance, installed EV battery capacity 2023:
  // ternary (NMC) 32.6 %, LFP 67.3 %, LMFP not yet counted. Last year: assumption (a quarter
  // each NMC and LMFP, the rest LFP without manganese).
  evNmcShare: [0.326, 0.25],
  evLmfpShare: [0, 0.25],
  // Assumption: storage stays LFP but for a tenth of LMFP by 2050.
  essLmfpShare: [0, 0.1],
  // Assumption from stoichiometry and typical specific capacities: NMC622 (20 % of the metals
  // Mn, 175 mAh/g at 3.7 V, 1.54 kg cathode/kWh) holds 0.17 kg Mn/kWh, NMC811 about 0.08; the
  // 2023 mix lies between, and high-nickel cells take over by 2035.
  nmcKgPerKWh: [0.15, 0.08],
  // Assumption from stoichiometry: LiMn0.6Fe0.4PO4 is 21 % Mn by mass; at 155 mAh/g and about
  // 3.9 V a kWh takes 1.65 kg of cathode, 0.35 kg Mn.
  lmfpKgPerKWh: 0.35,

  // Assumptions: collection of spent EV and storage batteries from half to nine tenths; most
  // recyclers now recover Ni, Co and Li and leave Mn in the raffinate (0.3 recovered), rising
  // to 0.8 as manganese recovery spreads; the process recovers 95 % of what it treats.
  collection: [0.5, 0.9],
  manganeseRecovery: [0.3, 0.8],
  technicalEfficiency: 0.95,

  // Assumption: China is a net exporter of battery-grade manganese sulphate, 8 kt Mn in 2022.
  netExports2022Tonnes: 8_000,
  // Assumption: equal to the first price at home, so trade starts at its 2022 level.
  worldPrice: 20_000,
  // Assumption: a unit elasticity; exports halve when the price at home doubles.
  exportElasticity: 1,
};

/**
 * Fleet data reused from the lithium reference pack (`packages/scenarios/packs/lithium-china`),
 * with the sources given there. Not parameters of this model's experiments.
 */
export const CHINA_FLEET = {
  /** UN World Population Prospects 2022, medium variant, people; linear between. */
  population: { 2022: 1.426e9, 2050: 1.317e9 },
  /** GDP per capita of 2022 as calibrated in the lithium pack, thousand currency units. */
  gdpPerCapita2022: 8.836726293347041,
  /** Paper (Chen et al. 2025) Table 1 and eq. (5): saturation, vehicles per 1000 people. */
  gompertz: { saturation: 450, a: 5, b: 0.14 },
  /** Ministry of Public Security: NEV and BEV stock at the end of 2022, vehicles. */
  stock2022: 13.1e6,
  bevStock2022: 10.45e6,
  /** Paper Table 1: electrification 86 % and BEV share 90 % of the EV stock in 2050. */
  electrification2050: 0.86,
  bevShare2050: 0.9,
  /** Lithium pack calibration of the electrification S-curve: 1/a and midpoint year. */
  electrificationSteepness: 0.87357,
  electrificationMidpointYear: 2025.7,
  /** CAAM NEV sales incl. exports 2015–2022, vehicles a year. */
  sales: {
    2015: 0.331e6,
    2016: 0.507e6,
    2017: 0.777e6,
    2018: 1.256e6,
    2019: 1.206e6,
    2020: 1.367e6,
    2021: 3.521e6,
    2022: 6.887e6,
  } as Record<number, number>,
  /** Battery pack, kWh: BEV (EV Volumes, China 2022), PHEV (Adamas Intelligence, 2024). */
  packKWh: { BEV: 55, PHEV: 23 },
  /** Busch et al. model inputs: EV battery lifetime, years; used for storage too. */
  lifetime: { kind: 'normal', mean: 15, sd: 4 } as const,
  /** Paper 2.4.2 and Table 1: storage in use 33.8 GWh in 2023, 17 913.58 GWh in 2050. */
  ess2023GWh: 33.8,
  ess2050GWh: 17_913.58,
  /** Lithium pack calibration: the storage logistic's rate, 1/a. */
  essRate: 0.384695,
} as const;

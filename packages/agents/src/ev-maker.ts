import type { Curve } from '@orebus/core';
import {
  requireOneIntensity,
  StockDrivenMaker,
  type StockDrivenMakerOptions,
} from './stock-driven-maker.js';

/** The curves and data that drive an EV maker (MODEL.md section 7, eqs. 5–9). */
export interface EvMakerOptions extends Omit<StockDrivenMakerOptions, 'product' | 'unit'> {
  /** Vehicle ownership per 1000 people as a function of GDP per person, eq. (5). */
  readonly ownership: Curve;
  /** GDP per person `G_t`, thousands of a currency unit per person. */
  readonly gdpPerCapita: Curve;
  /** Population `PO_t`, people. */
  readonly population: Curve;
  /** Electrification rate `S_t`: EV share of the vehicle stock, 0–1. */
  readonly electrification: Curve;
  /** BEV share of EVs `ET_t`, 0–1, eq. (8). */
  readonly bevShare: Curve;
  /** Battery pack by type (`BEV`, `PHEV`) and vintage, kWh per vehicle. */
  readonly packKWh: (type: string, vintage: number) => number;
  /**
   * Metal per kWh of EV battery by vintage (and metal, for a maker of several), kg per kWh.
   * Give this or a `chemistry` mix, not both.
   */
  readonly intensityKgPerKWh?: (vintage: number, metal: string) => number;
}

/**
 * The EV maker: keeps the electric-vehicle stock that the ownership and penetration curves call
 * for, by type (BEV and PHEV), and demands the metal for the new vehicles (eqs. 5–9):
 * `VP_t = ownership(G_t)`, `DEV_t = VP_t · PO_t / 1000 · S_t`, BEV stock `DEV_t · ET_t`, PHEV
 * stock `DEV_t · (1 − ET_t)`. Each step is a protected method.
 */
export class EvMaker extends StockDrivenMaker {
  /** The product its `DemandPosted` and `ProductsRetired` name. */
  static readonly PRODUCT = 'EV';
  protected readonly curves: EvMakerOptions;

  constructor(options: EvMakerOptions) {
    super({ ...options, product: EvMaker.PRODUCT, unit: 'vehicles' });
    requireOneIntensity(options);
    this.curves = options;
  }

  /** Vehicles per 1000 people in `year`, eq. (5). */
  protected vehiclesPerThousand(year: number): number {
    return this.curves.ownership(this.curves.gdpPerCapita(year));
  }

  /** EVs in use at the end of `year`, eq. (6). */
  protected evStock(year: number): number {
    const { population, electrification } = this.curves;
    return ((this.vehiclesPerThousand(year) * population(year)) / 1000) * electrification(year);
  }

  /** BEV share of the EV stock in `year`, eq. (8). */
  protected bevShare(year: number): number {
    return this.curves.bevShare(year);
  }

  protected stockTarget(type: string, year: number): number {
    const share = this.bevShare(year);
    return this.evStock(year) * (type === 'BEV' ? share : 1 - share);
  }

  protected energyPerUnitKWh(type: string, vintage: number): number {
    return this.curves.packKWh(type, vintage);
  }

  protected override metalIntensityKgPerKWh(type: string, vintage: number, metal: string): number {
    const intensity = this.curves.intensityKgPerKWh;
    return intensity === undefined
      ? super.metalIntensityKgPerKWh(type, vintage, metal)
      : intensity(vintage, metal);
  }
}

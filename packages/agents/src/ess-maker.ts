import type { Curve } from '@orebus/core';
import {
  requireOneIntensity,
  StockDrivenMaker,
  type StockDrivenMakerOptions,
} from './stock-driven-maker.js';

/** The curve and data that drive an ESS maker (MODEL.md section 7, eq. 10). */
export interface EssMakerOptions extends Omit<StockDrivenMakerOptions, 'product' | 'unit'> {
  /** Cumulative installed capacity `DES_t`, GWh, eq. (10). */
  readonly capacityGWh: Curve;
  /**
   * Metal per kWh of storage battery by vintage (and metal, for a maker of several), kg per
   * kWh. Give this or a `chemistry` mix, not both.
   */
  readonly intensityKgPerKWh?: (vintage: number, metal: string) => number;
}

/**
 * The energy-storage maker: keeps the installed storage capacity of eq. (10) in use, stock
 * driven; new installations are the growth of capacity plus the capacity retired, and the metal
 * demanded is installations × intensity. Its unit is GWh of capacity. Override `capacity` to
 * drive storage by something else.
 */
export class EssMaker extends StockDrivenMaker {
  /** The product its `DemandPosted` and `ProductsRetired` name. */
  static readonly PRODUCT = 'ESS';
  private readonly capacityCurve: Curve;
  private readonly intensity: ((vintage: number, metal: string) => number) | undefined;

  constructor(options: EssMakerOptions) {
    super({ ...options, product: EssMaker.PRODUCT, unit: 'GWh' });
    requireOneIntensity(options);
    this.capacityCurve = options.capacityGWh;
    this.intensity = options.intensityKgPerKWh;
  }

  /** Installed capacity at the end of `year`, GWh, eq. (10). */
  protected capacity(year: number): number {
    return this.capacityCurve(year);
  }

  protected stockTarget(_type: string, year: number): number {
    return this.capacity(year);
  }

  protected energyPerUnitKWh(): number {
    return 1e6;
  }

  protected override metalIntensityKgPerKWh(type: string, vintage: number, metal: string): number {
    const intensity = this.intensity;
    return intensity === undefined
      ? super.metalIntensityKgPerKWh(type, vintage, metal)
      : intensity(vintage, metal);
  }
}

import type { Curve } from '@orebus/core';
import { StockDrivenMaker, type StockDrivenMakerOptions } from './stock-driven-maker.js';

/** The curve and data that drive an ESS maker (MODEL.md section 7, eq. 10). */
export interface EssMakerOptions extends Omit<StockDrivenMakerOptions, 'product' | 'unit'> {
  /** Cumulative installed capacity `DES_t`, GWh, eq. (10). */
  readonly capacityGWh: Curve;
  /** Metal per kWh of storage battery by vintage, kg per kWh. */
  readonly intensityKgPerKWh: (vintage: number) => number;
}

/**
 * The energy-storage maker: keeps the installed storage capacity of eq. (10) in use, stock
 * driven; new installations are the growth of capacity plus the capacity retired, and the metal
 * demanded is installations × intensity. Its unit is GWh of capacity. Override `capacity` to
 * drive storage by something else.
 */
export class EssMaker extends StockDrivenMaker {
  private readonly capacityCurve: Curve;
  private readonly intensity: (vintage: number) => number;

  constructor(options: EssMakerOptions) {
    super({ ...options, product: 'ESS', unit: 'GWh' });
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

  protected metalIntensityKgPerKWh(_type: string, vintage: number): number {
    return this.intensity(vintage);
  }
}

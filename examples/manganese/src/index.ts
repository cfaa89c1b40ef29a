// The public API of @orebus-example/manganese: China's battery-grade manganese market on
// Orebus, with one agent class and one interaction rule of its own.

export {
  type ExportLicence,
  ExportLicenceAgent,
  ExportLicenceSchema,
  exportLicenceRule,
} from './export-licence.js';
export {
  AGENT_IDS,
  buildManganeseModel,
  essIntensityKgPerKWh,
  evIntensityKgPerKWh,
  MANGANESE,
  type ManganeseModelOptions,
  manganeseRules,
  runManganeseModel,
} from './manganese-model.js';
export { CHINA_FLEET, MANGANESE_DEFAULTS, type ManganeseParameters } from './parameters.js';
export {
  PriceResponsiveExporter,
  type PriceResponsiveExporterOptions,
} from './price-responsive-exporter.js';

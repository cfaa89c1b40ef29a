import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { OVERRIDE_PROVENANCE } from './overrides.js';
import { loadPack } from './pack.js';
import { copyLithiumPack, LITHIUM_PACK_DIR } from './pack.test-support.js';
import { parseScenario, resolveScenario, serializeScenario } from './resolve.js';

const pack = loadPack(LITHIUM_PACK_DIR);

describe('serialised scenarios', () => {
  it('read back from JSON and YAML to the same parameters and hash', () => {
    const double = (min: number, max: number) =>
      fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .filter((x) => !Object.is(x, -0));
    const inputs = fc.record({
      Con: double(1e-6, 1 - 1e-6),
      SPR: double(0, 10),
      K2022: double(1, 1e6),
      netImports: double(-1e5, 1e5),
      combination: fc.constantFrom('S1-D1', 'S2-D3', 'S3-D4'),
    });

    fc.assert(
      fc.property(inputs, ({ Con, SPR, K2022, netImports, combination }) => {
        const overrides = [
          `producers.Con=${Con}`,
          `market.SPR=${SPR}`,
          `producers.K2022=${K2022}`,
          `importer.netImports=${netImports}`,
        ];
        const original = resolveScenario(pack, combination, { overrides });

        const fromJson = parseScenario(serializeScenario(original, 'json'), 's.json', 'json');
        const fromYaml = parseScenario(serializeScenario(original, 'yaml'), 's.yaml', 'yaml');

        for (const copy of [fromJson, fromYaml]) {
          expect(copy.parameters).toEqual(original.parameters);
          expect(copy.contentHash).toBe(original.contentHash);
          expect(copy.combination).toBe(combination);
        }
        expect(original.parameters.producers.Con).toBe(Con);
      }),
      { seed: 20250701, numRuns: 60 },
    );
  });

  it('keeps the provenance of overridden parameters', () => {
    const original = resolveScenario(pack, 'S1-D1', { overrides: ['market.SPR=0.8'] });

    const copy = parseScenario(serializeScenario(original, 'yaml'), 's.yaml', 'yaml');

    expect(copy.table).toEqual(
      original.table.map((row) => (row.origin === 'derived' ? row : { ...row, origin: 's.yaml' })),
    );
    expect(copy.table.find((row) => row.path === 'market.SPR')?.provenance).toEqual(
      OVERRIDE_PROVENANCE,
    );
  });
});

describe('pack files in JSON', () => {
  it('resolve exactly as their YAML originals', () => {
    const dir = copyLithiumPack();
    for (const name of ['demand', 'base', 'calibrated']) {
      const data = parseYaml(readFileSync(join(dir, `${name}.yaml`), 'utf8'));
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(data, null, 2));
      rmSync(join(dir, `${name}.yaml`));
    }
    const manifest = join(dir, 'pack.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(
        '[demand.yaml, base.yaml, calibrated.yaml]',
        '[demand.json, base.json, calibrated.json]',
      ),
    );

    const jsonPack = loadPack(dir);

    for (const id of ['S1-D1', 'S2-D4', 'S3-D2']) {
      const fromYaml = resolveScenario(pack, id);
      const fromJson = resolveScenario(jsonPack, id);
      expect(fromJson.parameters).toEqual(fromYaml.parameters);
      expect(fromJson.contentHash).toBe(fromYaml.contentHash);
    }
  });
});

describe('content hash', () => {
  it('is the same for the same scenario resolved twice', () => {
    const first = resolveScenario(pack, 'S2-D2', { variant: 'salt-output-basis' });
    const second = resolveScenario(loadPack(LITHIUM_PACK_DIR), 'S2-D2', {
      variant: 'salt-output-basis',
    });

    expect(second.contentHash).toBe(first.contentHash);
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with an override that changes a value', () => {
    const base = resolveScenario(pack, 'S1-D1');

    const other = base.parameters.producers.Con === 0.2 ? 0.21 : 0.2;
    const overridden = resolveScenario(pack, 'S1-D1', { overrides: [`producers.Con=${other}`] });

    expect(overridden.contentHash).not.toBe(base.contentHash);
  });

  it('does not change with an override that restates the value (provenance is not content)', () => {
    const base = resolveScenario(pack, 'S1-D1');

    const con = base.parameters.producers.Con;
    const restated = resolveScenario(pack, 'S1-D1', { overrides: [`producers.Con=${con}`] });

    expect(restated.contentHash).toBe(base.contentHash);
  });
});

describe('overrides', () => {
  it('read each kind of value', () => {
    const overrides = [
      'producers.shares=0.1,0.1,0.1,0.1,0.6',
      'producers.productivityMode=compound',
      'importer.netImports=2023:8000,2030:4000',
      'ev.lifetime={"kind":"weibull","shape":3.5,"scale":10}',
      'ess.lifetime.mean=12',
      'rules=[{"kind":"import-disruption","share":0.5,"years":[2030,2031]}]',
    ];

    const { parameters } = resolveScenario(pack, 'S1-D1', { overrides });

    expect(parameters.producers.shares).toEqual([0.1, 0.1, 0.1, 0.1, 0.6]);
    expect(parameters.producers.productivityMode).toBe('compound');
    expect(parameters.importer.netImports[2023]).toBe(8000);
    expect(parameters.importer.netImports[2026]).toBeCloseTo(8000 - (4000 * 3) / 7, 9);
    expect(parameters.importer.netImports[2050]).toBe(4000);
    expect(parameters.ev.lifetime).toEqual({ kind: 'weibull', shape: 3.5, scale: 10 });
    expect(parameters.ess.lifetime).toEqual({ kind: 'normal', mean: 12, sd: 4 });
    expect(parameters.rules).toEqual([
      { kind: 'import-disruption', share: 0.5, years: [2030, 2031] },
    ]);
  });

  it('let a later override of the same path win', () => {
    const { parameters } = resolveScenario(pack, 'S1-D1', {
      overrides: ['market.SPR=0.5', 'market.SPR=0.9'],
    });

    expect(parameters.market.SPR).toBe(0.9);
  });
});

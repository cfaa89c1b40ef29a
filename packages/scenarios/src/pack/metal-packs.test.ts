import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHEMISTRY_FILE, deriveIntensity, loadChemistryFile } from './chemistry-file.js';
import { loadPack } from './pack.js';
import { issuesOf, LITHIUM_PACK_DIR } from './pack.test-support.js';
import { parseScenario, resolveScenario, serializeScenario } from './resolve.js';

const PACKS = fileURLToPath(new URL('../../packs/', import.meta.url));
const cobalt = loadPack(join(PACKS, 'cobalt-china'));
const nickel = loadPack(join(PACKS, 'nickel-china'));
const lithium = loadPack(LITHIUM_PACK_DIR);

/** A copy of the shipped packs (siblings stay siblings), with `edit` applied to one file. */
function editedPacks(file: string, edit: (text: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'orebus-packs-')), 'packs');
  cpSync(PACKS, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

describe('the cobalt and nickel packs', () => {
  it('name their metal, and lithium stays lithium by default', () => {
    expect(cobalt.metal).toBe('Co');
    expect(nickel.metal).toBe('Ni');
    expect(lithium.metal).toBe('Li');
    expect(lithium.chemistry).toBeUndefined();
  });

  it('resolve the demand side of every combination exactly as the lithium pack does', () => {
    for (const id of ['S1-D1', 'S1-D2', 'S1-D3', 'S1-D4']) {
      const li = resolveScenario(lithium, id).parameters;
      for (const pack of [cobalt, nickel]) {
        const p = resolveScenario(pack, id).parameters;
        const { intensityKgPerKWh: _ev, ...ev } = p.ev;
        const { intensityKgPerKWh: _liEv, ...liEv } = li.ev;
        const { intensityKgPerKWh: _ess, ...ess } = p.ess;
        const { intensityKgPerKWh: _liEss, ...liEss } = li.ess;

        expect(ev).toEqual(liEv);
        expect(ess).toEqual(liEss);
        expect(p.horizon).toEqual(li.horizon);
        expect(p.producers.gdpGrowth).toBe(li.producers.gdpGrowth);
      }
    }
  });

  it('derive each intensity as the sum of share × intensity from the chemistry file', () => {
    const p = resolveScenario(cobalt, 'S1-D3').parameters;
    const { historyStartYear: from, endYear: to } = p.horizon;
    const chemistry = loadChemistryFile(CHEMISTRY_FILE, { from, to });

    expect(p.ev.intensityKgPerKWh).toEqual(deriveIntensity(chemistry, 'ev', 'Co', from, to));
    expect(p.ess.intensityKgPerKWh).toEqual(deriveIntensity(chemistry, 'ess', 'Co', from, to));
    const row = resolveScenario(nickel, 'S1-D1').table.find(
      (r) => r.path === 'ev.intensityKgPerKWh',
    )!;
    expect(row.unit).toBe('kg Ni/kWh');
    expect(row.provenance.kind).toBe('derived');
  });

  it('show the units of their metal and every chemistry value', () => {
    const table = resolveScenario(cobalt, 'S1-D1').table;
    const unit = (path: string) => table.find((row) => row.path === path)?.unit;

    expect(unit('producers.K2022')).toBe('t Co');
    expect(unit('importer.response.cap')).toBe('t Co/a');
    expect(unit('chemistry.NMC811.intensityKgPerKWh.Ni')).toBe('kg Ni/kWh');
    expect(table.some((row) => row.path === 'chemistry.shares.ev.LFP')).toBe(true);
  });

  it('take a command-line override of a derived intensity, with its units', () => {
    const scenario = resolveScenario(cobalt, 'S1-D1', {
      overrides: ['ev.intensityKgPerKWh=0.05', 'producers.K2022=1000'],
    });

    expect(scenario.parameters.ev.intensityKgPerKWh[2030]).toBe(0.05);
    expect(scenario.table.find((r) => r.path === 'producers.K2022')?.unit).toBe('t Co');
  });

  it('write a standalone file that reads back to the same parameters and hash', () => {
    const scenario = resolveScenario(nickel, 'S1-D4');

    const text = serializeScenario(scenario, 'yaml');
    const back = parseScenario(text, 'nickel.yaml', 'yaml');

    expect(text).toMatch(/^metal: Ni$/m);
    expect(back.metal).toBe('Ni');
    expect(back.contentHash).toBe(scenario.contentHash);
  });
});

describe('loading a pack of another metal', () => {
  it('refuses a unit that names the wrong metal, naming file, field, value and the unit allowed', () => {
    const dir = editedPacks('cobalt-china/base.yaml', (text) =>
      text.replace('value: 870.588\n      unit: t Co', 'value: 870.588\n      unit: t Li'),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'cobalt-china')));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'unit_mismatch',
      file: join(dir, 'cobalt-china/base.yaml'),
      path: 'parameters.producers.K2022.unit',
      value: 't Li',
      allowed: "the unit 't Co'",
    });
  });

  it('refuses a manifest metal that is not a chemical symbol', () => {
    const dir = editedPacks('nickel-china/pack.yaml', (text) =>
      text.replace('metal: Ni', 'metal: nickel'),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'nickel-china')));

    expect(issues.map((i) => [i.code, i.path, i.value])).toEqual([
      ['invalid_value', 'metal', 'nickel'],
    ]);
  });

  it('refuses a stated intensity when the manifest names a chemistry file', () => {
    const dir = editedPacks('cobalt-china/base.yaml', (text) =>
      text.replace(
        'parameters:\n',
        'parameters:\n  ess:\n    intensityKgPerKWh:\n      value: 0.01\n      unit: kg Co/kWh\n' +
          '      provenance: { kind: assumption, reason: test }\n',
      ),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'cobalt-china')));

    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['inconsistent', 'parameters.ess.intensityKgPerKWh'],
    ]);
    expect(issues[0]!.file).toBe(join(dir, 'cobalt-china/base.yaml'));
  });

  it('refuses an `only` path that names no parameter', () => {
    const dir = editedPacks('cobalt-china/pack.yaml', (text) =>
      text.replace(/only:\s*\[\s*ev,/, 'only: [market.XYZ, ev,'),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'cobalt-china')));

    expect(issues.map((i) => [i.code, i.path, i.value])).toEqual([
      ['unknown_field', 'base.1.only', 'market.XYZ'],
    ]);
  });

  it('refuses a file that declares another metal than the pack', () => {
    const dir = editedPacks('cobalt-china/base.yaml', (text) =>
      text.replace('metal: Co', 'metal: Ni'),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'cobalt-china')));

    expect(issues.map((i) => [i.code, i.path, i.value])).toEqual([['inconsistent', 'metal', 'Ni']]);
  });

  it('reports a chemistry file whose shares do not sum to 1 when the pack is loaded', () => {
    const dir = editedPacks('battery-chemistry/chemistry.yaml', (text) =>
      text.replace('value: 0.98', 'value: 0.9'),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'nickel-china')));

    expect(issues.map((i) => [i.code, i.path])).toEqual([['sum_mismatch', 'shares.ess']]);
    expect(issues[0]!.allowed).toContain('in 2015 they sum to 0.92');
  });

  it('refuses one of the two importer response parameters without the other', () => {
    const dir = editedPacks('nickel-china/base.yaml', (text) =>
      text.replace(/ {6}cap:\n(?: {8}.*\n)+/, ''),
    );

    const issues = issuesOf(() => loadPack(join(dir, 'nickel-china')));

    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['missing', 'parameters.importer.response.cap'],
    ]);
  });
});

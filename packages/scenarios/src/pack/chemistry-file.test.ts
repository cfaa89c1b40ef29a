import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHEMISTRY_FILE, deriveIntensity, loadChemistryFile } from './chemistry-file.js';
import { issuesOf } from './pack.test-support.js';

const SPAN = { from: 2015, to: 2050 };
const shipped = loadChemistryFile(CHEMISTRY_FILE, SPAN);

/** The shipped file with `edit` applied to its text, written to a fresh temporary file. */
function edited(edit: (text: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'orebus-chemistry-')), 'chemistry.yaml');
  writeFileSync(file, edit(readFileSync(CHEMISTRY_FILE, 'utf8')));
  return file;
}

describe('the shipped chemistry file', () => {
  it('has shares that sum to 1 in every year and lie in [0, 1], for EV and ESS', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ev' as const, 'ess' as const),
        fc.integer({ min: 1990, max: 2100 }),
        (use, year) => {
          const shares = shipped.shares[use](year);

          expect(shares).toHaveLength(shipped.chemistries.length);
          expect(shares.every((share) => share >= 0 && share <= 1)).toBe(true);
          expect(Math.abs(shares.reduce((sum, share) => sum + share, 0) - 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('holds the nearest end outside its span', () => {
    expect(shipped.shares.ev(1900)).toEqual(shipped.shares.ev(SPAN.from));
    expect(shipped.shares.ev(2200)).toEqual(shipped.shares.ev(SPAN.to));
  });

  it('gives the 2022 EV shares of DATA.md and the BatPac intensities', () => {
    const names = shipped.chemistries.map((c) => c.name);
    const share2022 = (name: string) => shipped.shares.ev(2022)[names.indexOf(name)];
    const nmc811 = shipped.chemistries.find((c) => c.name === 'NMC811')!;

    expect(share2022('LFP')).toBe(0.442);
    expect(share2022('NMC811')).toBe(0.342);
    expect(nmc811.intensityKgPerKWh).toEqual({ Li: 0.0922, Ni: 0.608, Co: 0.0763 });
    expect(shipped.chemistries.find((c) => c.name === 'LFP')!.intensityKgPerKWh.Co).toBe(undefined);
  });

  it('derives an intensity equal to the sum of share × intensity, a missing metal counting 0', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ev' as const, 'ess' as const),
        fc.constantFrom('Li', 'Co', 'Ni', 'Mn'),
        fc.integer({ min: SPAN.from, max: SPAN.to }),
        (use, metal, year) => {
          const derived = deriveIntensity(shipped, use, metal, year, year)[year]!;
          const shares = shipped.shares[use](year);
          const expected = shipped.chemistries.reduce(
            (sum, c, i) => sum + shares[i]! * (c.intensityKgPerKWh[metal] ?? 0),
            0,
          );

          expect(derived).toBeCloseTo(expected, 15);
          if (metal === 'Mn') expect(derived).toBe(0);
        },
      ),
    );
  });

  it('lists every stated value with unit and provenance for orebus show', () => {
    expect(shipped.table.length).toBeGreaterThan(20);
    for (const row of shipped.table) {
      expect(row.path).toMatch(/^chemistry\./);
      expect(row.unit).not.toBe('');
      expect(row.origin).toBe(CHEMISTRY_FILE);
    }
  });
});

describe('a bad chemistry file', () => {
  it('is refused when shares do not sum to 1, naming file, field, year and sum', () => {
    const file = edited((text) =>
      text.replace(/2022: 0\.442, 2030: 0\.65, 2050: 0\.6/, '2022: 0.442, 2030: 0.6, 2050: 0.6'),
    );

    const [issue, ...others] = issuesOf(() => loadChemistryFile(file, SPAN));

    expect(others).toEqual([]);
    expect(issue).toMatchObject({ code: 'sum_mismatch', file, path: 'shares.ev' });
    expect(issue!.value).toBeCloseTo(1 - 0.05 / 8, 12);
    expect(issue!.allowed).toContain('in 2023 they sum to');
    expect(issue!.allowed).toContain('to 2049');
  });

  it('is refused for an intensity whose unit names another metal', () => {
    const file = edited((text) => text.replace('unit: kg Co/kWh', 'unit: kg Li/kWh'));

    const issues = issuesOf(() => loadChemistryFile(file, SPAN));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'unit_mismatch',
      file,
      path: 'chemistries.NMC811.intensityKgPerKWh.Co.unit',
      value: 'kg Li/kWh',
      allowed: "the unit 'kg Co/kWh'",
    });
  });

  it('is refused for a share of a chemistry it does not define, and for a share above 1', () => {
    const file = edited((text) =>
      text.replace('  ess:\n    LFP:', '  ess:\n    LMFP:').replace('value: 0.98', 'value: 1.5'),
    );

    const issues = issuesOf(() => loadChemistryFile(file, SPAN));

    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', 'shares.ess.LMFP.value'],
    ]);
    const second = edited((text) => text.replace('  ess:\n    LFP:', '  ess:\n    LMFP:'));
    expect(issuesOf(() => loadChemistryFile(second, SPAN)).map((i) => [i.code, i.path])).toEqual([
      ['unknown_field', 'shares.ess.LMFP'],
      ['sum_mismatch', 'shares.ess'],
    ]);
  });

  it('is refused, not thrown past, when it cannot be read', () => {
    const issues = issuesOf(() => loadChemistryFile('/nonexistent/chemistry.yaml', SPAN));

    expect(issues[0]).toMatchObject({ code: 'unreadable', file: '/nonexistent/chemistry.yaml' });
  });
});

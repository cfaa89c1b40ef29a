// The `orebus` command, driven in-process through `main` with captured output.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import { orebus } from './orebus.test-support.js';
import { PINNED_CALIBRATION } from './pinned-calibration.test-support.js';

const packDir = fileURLToPath(
  new URL('../packages/scenarios/packs/lithium-china', import.meta.url),
);

const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-cli-'));

/** The lines `orebus scenarios` prints for one pack: its heading and the indented lines after. */
function packSection(listing: string, pack: string): string {
  const start = listing.indexOf(`${pack}:`);
  const body = listing.indexOf('\n', start) + 1;
  const next = listing.slice(body).search(/^\S/m);
  return next < 0 ? listing.slice(start) : listing.slice(start, body + next);
}

describe('orebus scenarios and show', () => {
  it('lists the twelve combinations, marking the paper seven, and the variant', async () => {
    const { status, stdout } = await orebus('scenarios');
    const lithium = packSection(stdout, 'lithium-china');

    expect(status).toBe(0);
    expect(lithium.match(/^ {2}S\d-D\d/gm)).toHaveLength(12);
    expect(lithium.match(/^ {2}S\d-D\d +paper/gm)).toHaveLength(7);
    expect(stdout).toContain('salt-output-basis');
  });

  it('lists the cobalt and nickel packs with S1 and the demand sides D1-D4', async () => {
    const { stdout } = await orebus('scenarios');

    for (const pack of ['cobalt-china', 'nickel-china']) {
      const section = packSection(stdout, pack);
      expect(section, pack).toMatch(new RegExp(`^${pack}: `));
      expect(section.match(/^ {2}S\d-D\d /gm), pack).toEqual([
        '  S1-D1 ',
        '  S1-D2 ',
        '  S1-D3 ',
        '  S1-D4 ',
      ]);
    }
  });

  it('shows a nickel combination with the units of nickel and the chemistry rows', async () => {
    const { status, stdout } = await orebus('show', 'S1-D2', '--pack', 'nickel-china', '--json');
    const rows = (JSON.parse(stdout) as { parameters: { path: string; unit: string }[] })
      .parameters;
    const unit = (path: string) => rows.find((row) => row.path === path)?.unit;

    expect(status).toBe(0);
    expect(unit('producers.K2022')).toBe('t Ni');
    expect(unit('ev.intensityKgPerKWh')).toBe('kg Ni/kWh');
    expect(unit('chemistry.NCA.intensityKgPerKWh.Ni')).toBe('kg Ni/kWh');
  });

  it('prints every resolved parameter with unit and provenance as JSON', async () => {
    const { status, stdout } = await orebus('show', 'S2-D3', '--json');
    const shown = JSON.parse(stdout) as {
      parameters: { path: string; value: unknown; unit: string; provenance: { kind: string } }[];
    };
    const value = (path: string) => shown.parameters.find((row) => row.path === path)?.value;

    expect(status).toBe(0);
    expect(value('ev.gamma')).toBe(500);
    expect(value('producers.productivityRate')).toBe(0.14);
    for (const row of shown.parameters) {
      expect(row.unit, row.path).toBeTypeOf('string');
      expect(['paper', 'data', 'calibrated', 'assumption'], row.path).toContain(
        row.provenance.kind,
      );
    }
  });

  it('shows a command-line override with its provenance', async () => {
    const { stdout } = await orebus('show', 'S1-D1', '--json', '--set', 'producers.Con=0.2');
    const row = (
      JSON.parse(stdout) as {
        parameters: { path: string; value: unknown; provenance: { kind: string } }[];
      }
    ).parameters.find((r) => r.path === 'producers.Con');

    expect(row?.value).toBe(0.2);
    expect(row?.provenance.kind).toBe('assumption');
  });
});

describe('orebus bad input', () => {
  it('exits 2 with one message listing every problem of the command line', async () => {
    const { status, stderr } = await orebus(
      'run',
      'S9-D1',
      '--seed',
      'x',
      '--set',
      'market.SPR=abc',
      '--set',
      'foo.bar=1',
      '--set',
      'producers.Con=1.5',
      '--out',
      join(scratch(), 'out'),
    );

    expect(status).toBe(2);
    for (const named of [
      '--seed',
      '"x"',
      'S9-D1',
      'market.SPR',
      '"abc"',
      'foo.bar',
      'producers.Con',
      '1.5',
    ]) {
      expect(stderr).toContain(named);
    }
  });

  it('exits 2 for an unknown option or command', async () => {
    expect((await orebus('run', '--sed', '1')).status).toBe(2);
    expect((await orebus('frobnicate')).status).toBe(2);
  });

  it('exits 2 for an option the command does not take, naming those it does', async () => {
    // Before, each of these was ignored: `run --workers 2` ran on one thread as ever, and
    // `scenarios --pack nope` listed every pack and exited 0.
    const out = join(scratch(), 'out');
    const run = await orebus('run', 'S1-D1', '--workers', '2', '--out', out);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--workers does not apply to run: it takes --out, --seed');
    expect(existsSync(out)).toBe(false);

    const scenarios = await orebus('scenarios', '--pack', 'nope');
    expect(scenarios.status).toBe(2);
    expect(scenarios.stderr).toContain('--pack does not apply to scenarios: it takes no options');

    const show = await orebus('show', 'S1-D1', '--out', out, '--seed', '2');
    expect(show.status).toBe(2);
    expect(show.stderr).toContain('--out does not apply to show');
    expect(show.stderr).toContain('--seed does not apply to show');

    const experiment = await orebus('experiment', 'nothing.yaml', '--seed', '4');
    expect(experiment.status).toBe(2);
    expect(experiment.stderr).toContain('--seed does not apply to experiment');
  });

  it('exits 2 before writing anything for an unknown combination or one given twice, naming both', async () => {
    const out = join(scratch(), 'out');

    const single = await orebus('run', 'S1-D1', 'S2-D2', 'S1-D1', 'S9-D9', '--out', out);
    const joint = await orebus(
      'run',
      '--pack',
      'battery-metals-china',
      'S1-D1',
      'S1-D1',
      '--out',
      out,
    );

    expect(single.status).toBe(2);
    expect(single.stderr).toMatch(/COMBO = "S9-D9" is unknown/);
    expect(single.stderr).toMatch(/COMBO = "S1-D1" is given more than once/);
    expect(joint.status).toBe(2);
    expect(joint.stderr).toMatch(/COMBO = "S1-D1" is given more than once/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('exits 2 naming file, field and value for a malformed scenario file', async () => {
    const dir = scratch();
    cpSync(packDir, dir, { recursive: true });
    const base = join(dir, 'base.yaml');
    const text = readFileSync(base, 'utf8').replace(
      /K2022:\n(\s+)value: 22600/,
      'K2022:\n$1value: -5',
    );
    writeFileSync(base, text);

    const { status, stderr } = await orebus('show', 'S1-D1', '--pack', dir);

    expect(text).toContain('value: -5');
    expect(status).toBe(2);
    expect(stderr).toContain('base.yaml');
    expect(stderr).toContain('producers.K2022');
    expect(stderr).toContain('-5');
  });

  it('exits 2 before running anything when --out is a file, and leaves the file as it was', async () => {
    const file = join(scratch(), 'notes.txt');
    writeFileSync(file, 'mine\n');
    const experiment = join(scratch(), 'mc.yaml');
    writeFileSync(
      experiment,
      `orebus: experiment/1
name: mc
combination: S1-D1
seed: 1
method: { kind: monte-carlo, runs: 2 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`,
    );

    for (const args of [
      ['run', 'S1-D1', '--out', file],
      ['experiment', experiment, '--out', file, '--workers', '0'],
    ]) {
      const { status, stderr } = await orebus(...args);
      expect(status, stderr).toBe(2);
      expect(stderr).toContain(`--out = "${file}" is a file: expected a directory`);
    }
    expect(readFileSync(file, 'utf8')).toBe('mine\n');

    // An --out below a dangling link cannot be made: before, Node's recursive mkdir spun for
    // ever there (run after its runs, experiment before its first).
    const dangling = join(scratch(), 'dangling');
    symlinkSync(join(scratch(), 'gone'), dangling);
    for (const args of [
      ['run', 'S1-D1', '--out', join(dangling, 'out')],
      ['experiment', experiment, '--out', join(dangling, 'out'), '--workers', '0'],
    ]) {
      const { status, stderr } = await orebus(...args);
      expect(status, stderr).toBe(2);
      expect(stderr).toContain(`--out ${join(dangling, 'out')} cannot be made (at ${dangling}`);
    }
  });

  it('exits 2 for a YAML syntax error, naming the file', async () => {
    const dir = scratch();
    cpSync(packDir, dir, { recursive: true });
    writeFileSync(join(dir, 'sides', 'S2.yaml'), 'parameters: [unclosed\n');

    const { status, stderr } = await orebus('show', 'S2-D1', '--pack', dir);

    expect(status).toBe(2);
    expect(stderr).toContain('S2.yaml');
  });
});

describe('orebus run', () => {
  it('keeps the summary table’s columns apart when the price runs to twenty digits', async () => {
    // With SPR 2 the 2050 price is about 1.7e15 (in the calibration pinned here; today's defaults
    // give less); printed in full, it ran into the year before it.
    const pinned = PINNED_CALIBRATION.flatMap((override) => ['--set', override]);
    const { status, stdout } = await orebus(
      'run',
      'S1-D1',
      ...pinned,
      '--set',
      'market.SPR=2',
      '--out',
      join(scratch(), 'out'),
    );

    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^S1-D1 +-?[\d.]+ +-?[\d.]+ +-?[\d.]+ +(\d{4}|never) +\d\.\d{3}e\+\d+$/m,
    );
  });

  it('writes tidy series, JSON, a manifest and a self-contained report', async () => {
    const out = join(scratch(), 'out');

    const { status, stdout } = await orebus(
      'run',
      'S1-D1',
      'S3-D4',
      '--out',
      out,
      '--seed',
      '7',
      '--set',
      'market.SPR=0.75',
    );

    expect(status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'manifest.json',
      'report.html',
      'series.csv',
      'series.json',
    ]);
    const rows = parseCsv(readFileSync(join(out, 'series.csv'), 'utf8'));
    expect(new Set(rows.map((r) => r.scenario))).toEqual(new Set(['S1-D1', 'S3-D4']));
    for (const agent of ['market:Li', 'ev-maker', 'ess-maker', 'recycler', 'importer']) {
      expect(rows.some((r) => r.agent === agent)).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ seed: 7, overrides: ['market.SPR=0.75'] });
    expect(manifest.combinations[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
    expect(stdout).toContain('S3-D4');
  });

  it('gives byte-identical series for the same scenario and seed', async () => {
    const a = join(scratch(), 'a');
    const b = join(scratch(), 'b');

    await orebus('run', 'S2-D2', '--out', a);
    await orebus('run', 'S2-D2', '--out', b);

    expect(readFileSync(join(a, 'series.csv'), 'utf8')).toBe(
      readFileSync(join(b, 'series.csv'), 'utf8'),
    );
  });

  it('leaves an earlier output untouched and no partial files when a run fails', async () => {
    const parent = scratch();
    const out = join(parent, 'out');
    await orebus('run', 'S1-D1', '--out', out);
    const before = readFileSync(join(out, 'series.csv'), 'utf8');

    // An extreme price sensitivity drives the price past what a double holds: E_PRICE.
    const { status, stderr } = await orebus(
      'run',
      'S1-D1',
      '--out',
      out,
      '--set',
      'market.SPR=5000',
    );

    expect(status).toBe(1);
    expect(stderr).toMatch(/run failed/);
    expect(readFileSync(join(out, 'series.csv'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('refuses to write over a directory it did not write', async () => {
    const out = join(scratch(), 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');

    const { status } = await orebus('run', 'S1-D1', '--out', out);

    expect(status).toBe(2);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });
});

describe('orebus for a metal other than lithium', () => {
  it('titles the report with the variant and the overrides of the run', async () => {
    const out = join(scratch(), 'out');
    const args = ['run', 'S1-D1', '--variant', 'compound-productivity', '--set', 'market.SPR=0.5'];

    const { status } = await orebus(...args, '--out', out);

    expect(status).toBe(0);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain(
      '<h1>Orebus — China lithium supply and demand, 2023-2050 (Chen et al. 2025) ' +
        '(variant compound-productivity; --set market.SPR=0.5)</h1>',
    );
  });

  it('runs every cobalt combination in kt Co and says that no pattern is checked', async () => {
    const out = join(scratch(), 'out');

    const { status, stdout } = await orebus('run', '--pack', 'cobalt-china', '--out', out);

    expect(status).toBe(0);
    expect(stdout).toContain('kt Co');
    expect(stdout).not.toContain('kt Li');
    expect(stdout.match(/^S1-D[1-4] /gm)).toHaveLength(4);
    expect(stdout).toMatch(/defined for lithium only/);
    expect(stdout).not.toMatch(/patterns hold/);
    const rows = parseCsv(readFileSync(join(out, 'series.csv'), 'utf8'));
    expect(rows.some((r) => r.agent === 'market:Co' && r.unit === 't Co')).toBe(true);
    expect(rows.some((r) => r.unit.includes('Li'))).toBe(false);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('kt Co / year');
    expect(report).not.toContain('kt Li');
  });

  it('validates nothing for nickel, says why, and exits 0', async () => {
    const plain = await orebus('validate', '--pack', 'nickel-china');
    const json = await orebus('validate', '--pack', 'nickel-china', '--json');

    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/defined for lithium only.*nickel-china is for Ni/);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toMatch(/defined for lithium only/);
  });

  it('refuses a bad cobalt rule override before any run, naming it', async () => {
    const { status, stderr } = await orebus(
      'run',
      '--pack',
      'cobalt-china',
      '--set',
      'rules=[{"kind":"import-disruption","share":2,"years":[2030]}]',
      '--out',
      join(scratch(), 'out'),
    );

    expect(status).toBe(2);
    expect(stderr).toContain('rules');
  });
});

describe('orebus validate', () => {
  it('prints every pattern as JSON with id, held, measured and reason', async () => {
    const { status, stdout } = await orebus('validate', '--json');
    const patterns = JSON.parse(stdout) as {
      id: string;
      held: boolean;
      measured: string;
      reason?: string;
    }[];

    expect(status).toBe(0);
    expect(patterns.map((p) => p.id)).toEqual(Array.from({ length: 13 }, (_, i) => `P${i + 1}`));
    for (const p of patterns) {
      expect(typeof p.held).toBe('boolean');
      expect(typeof p.measured).toBe('string');
      if (!p.held) expect(p.reason, p.id).toBeTruthy();
    }
  });

  it("prints, below the table, each failed pattern's evidence and what the calibration found", async () => {
    const plain = await orebus('validate');
    const json = JSON.parse((await orebus('validate', '--json')).stdout) as {
      id: string;
      held: boolean;
      evidence?: string;
      finding?: string;
    }[];

    expect(plain.status).toBe(0);
    const p1 = json.find((p) => p.id === 'P1')!;
    expect(p1.held).toBe(false);
    expect(p1.finding).toMatch(/^conflicts with the 2023 EV back-test/);
    expect(plain.stdout).toContain(`P1\n  evidence: ${p1.evidence}\n  calibration: ${p1.finding}`);
    for (const p of json) expect(p.finding === undefined, p.id).toBe(p.held);
  });

  it('gives no calibration finding for a copy of the lithium pack under another name', async () => {
    const dir = join(scratch(), 'my-lithium');
    cpSync(packDir, dir, { recursive: true });
    writeFileSync(
      join(dir, 'pack.yaml'),
      readFileSync(join(dir, 'pack.yaml'), 'utf8').replace(
        'name: lithium-china',
        'name: my-lithium',
      ),
    );

    const json = JSON.parse((await orebus('validate', '--pack', dir, '--json')).stdout) as {
      held: boolean;
      finding?: string;
    }[];

    expect(json.some((p) => !p.held)).toBe(true);
    expect(json.every((p) => p.finding === undefined)).toBe(true);
  });
});

// `orebus` on the joint battery-metals pack: run writes a report with a section per metal and
// a joint view, show lists every metal's parameters, validate says the patterns are lithium's.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import { orebus } from './orebus.test-support.js';

const JOINT = ['--pack', 'battery-metals-china'];

describe('orebus on a joint pack', () => {
  it('runs the metals together and writes series, manifest and a report per metal', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'orebus-joint-')), 'out');
    const { status, stdout, stderr } = await orebus(
      'run',
      'S1-D1',
      'S1-D3',
      ...JOINT,
      '--out',
      out,
    );

    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^S1-D3 {3}Co /m);
    const rows = parseCsv(readFileSync(join(out, 'series.csv'), 'utf8'));
    const agents = new Set(rows.map((row) => row.agent));
    for (const agent of ['market:Li', 'market:Co', 'market:Ni', 'Co:recycler', 'Ni:importer']) {
      expect(agents).toContain(agent);
    }
    expect(rows.some((row) => row.variable === 'demand.Ni' && row.unit === 't Ni')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.metals).toEqual(['Li', 'Co', 'Ni']);
    expect(manifest.combinations.map((c: { id: string }) => c.id)).toEqual(['S1-D1', 'S1-D3']);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    for (const id of ['joint', 'metal-Li', 'metal-Co', 'metal-Ni']) {
      expect(report).toContain(`<section id="${id}">`);
    }
    expect(report).toContain('EV chemistry shares, every combination');
  });

  it('shows every metal’s parameters with the metal first, the chemistry and the rule', async () => {
    const { status, stdout } = await orebus(
      'show',
      'S1-D1',
      ...JOINT,
      '--set',
      'Co.producers.Con=0.2',
    );

    expect(status).toBe(0);
    expect(stdout).toMatch(/^Co\.producers\.Con +0\.2 /m);
    expect(stdout).toMatch(/^Ni\.ev\.intensityKgPerKWh .*derived/m);
    expect(stdout).toContain('[chemistry]');
    expect(stdout).toMatch(/^priceResponse\.elasticity +0 /m);
  });

  it('refuses bad overrides and combinations with exit status 2, listing each', async () => {
    const badSet = await orebus('run', ...JOINT, '--set', 'Co.producers.Con=9', '--set', 'x=1');
    expect(badSet.status).toBe(2);
    expect(badSet.stderr).toContain('Co.producers.Con');
    expect(badSet.stderr).toMatch(/x: .*prefixed with its metal/);

    const badCombo = await orebus('run', 'S3-D1', ...JOINT);
    expect(badCombo.status).toBe(2);
    expect(badCombo.stderr).toContain('COMBO = "S3-D1" is unknown');
  });

  it('says the paper’s patterns are lithium’s, and that experiments need one metal', async () => {
    const validate = await orebus('validate', ...JOINT);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain('defined for the lithium reference model');
    // With --json, JSON on stdout (no patterns) and the note on stderr, as for cobalt.
    const json = await orebus('validate', ...JOINT, '--json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain('defined for the lithium reference model');
    expect((await orebus('validate', ...JOINT, '--workers', '2')).status).toBe(2);

    const sensitivity = await orebus('sensitivity', ...JOINT);
    expect(sensitivity.status).toBe(2);
    expect(sensitivity.stderr).toContain('single-metal packs only');
  });

  it('lists the joint pack among the scenarios', async () => {
    const { stdout } = await orebus('scenarios');
    expect(stdout).toContain('battery-metals-china: ');
    expect(stdout).toContain('variant price-responsive-chemistry');
  });
});

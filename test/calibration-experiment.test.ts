// Calibration experiments: a fit recovers known parameters from the model's own output, writes
// every evaluation and a scenario layer a pack can take, and a bad file is refused up front.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  evaluateRun,
  loadExperiment,
  loadPack,
  parameterValue,
  resolveScenario,
  runExperiment,
  type ScenarioIssue,
} from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const packDir = fileURLToPath(
  new URL('../packages/scenarios/packs/lithium-china', import.meta.url),
);
const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-cal-'));

function experimentFile(body: string): string {
  const file = join(scratch(), 'calibration.yaml');
  writeFileSync(file, `orebus: experiment/1\nname: calibration-test\n${body}`);
  return file;
}

function issuesOf(file: string): ScenarioIssue[] {
  try {
    loadExperiment(file);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('E_SCENARIO');
    return (error as { issues: ScenarioIssue[] }).issues;
  }
  throw new Error(`${file} was accepted`);
}

describe('calibration experiments', () => {
  it('recovers two known parameters from the price series they produce', async () => {
    const truth = { spr: 1.2, scp: 0.3 };
    const years = [2024, 2026, 2028, 2030, 2032, 2035];
    const { series } = evaluateRun(
      packDir,
      {
        index: 0,
        combination: 'S1-D1',
        overrides: [],
        assignments: [
          { path: 'market.SPR', value: truth.spr },
          { path: 'market.SCP', value: truth.scp },
        ],
        seed: 3,
      },
      [{ name: 'price', kind: 'series', agent: 'market:Li', variable: 'price' }],
    );
    const values = years.map((y) => `${y}: ${series!.price![y - 2023]}`).join(', ');
    const file = experimentFile(`seed: 3
method:
  kind: calibration
  iterations: 120
  target: { kind: series, variable: price, loss: relative-rmse, values: { ${values} } }
factors:
  - { path: market.SPR, range: [0.2, 2], start: 0.8 }
  - { path: market.SCP, range: [0.05, 0.9], start: 0.5 }
`);
    // SPR and SCP both move the price every year; a factor that does not (producers.Con,
    // when no producer contracts in the target years) cannot be recovered from it.
    const out = join(scratch(), 'out');

    const { summary, resultFile } = await runExperiment(loadExperiment(file), packDir, {
      out,
      workers: 2,
    });

    const c = summary.calibration!;
    expect(c.start.values).toEqual({ 'market.SPR': 0.8, 'market.SCP': 0.5 });
    expect(c.best.values['market.SPR']).toBeCloseTo(truth.spr, 3);
    expect(c.best.values['market.SCP']).toBeCloseTo(truth.scp, 3);
    expect(c.start.loss!).toBeGreaterThan(0.05);
    expect(c.best.loss!).toBeLessThan(1e-4);
    const lines = readFileSync(resultFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(c.evaluations);
    expect(lines.map((l) => l.index)).toEqual(lines.map((_, i) => i));
    for (const line of lines) {
      expect(line.values['market.SPR']).toBeGreaterThanOrEqual(0.2);
      expect(line.values['market.SPR']).toBeLessThanOrEqual(2);
    }
    // The calibrated file works as a pack layer: after it, the pack resolves to the best values.
    const pack = join(scratch(), 'pack');
    cpSync(packDir, pack, { recursive: true });
    copyFileSync(c.calibratedFile, join(pack, 'fit.yaml'));
    const manifest = readFileSync(join(pack, 'pack.yaml'), 'utf8');
    writeFileSync(
      join(pack, 'pack.yaml'),
      manifest.replace(
        'base: [demand.yaml, base.yaml, calibrated.yaml]',
        'base: [demand.yaml, base.yaml, calibrated.yaml, fit.yaml]',
      ),
    );
    const scenario = resolveScenario(loadPack(pack), 'S1-D1');
    expect(parameterValue(scenario, 'market.SPR')).toBe(c.best.values['market.SPR']);
    const row = scenario.table.find((r) => r.path === 'market.SCP')!;
    expect(row.provenance).toMatchObject({ kind: 'calibrated' });
  }, 30_000);

  it('refuses a factor without a range and a target year outside the horizon, naming the fields', () => {
    const file = experimentFile(`method:
  kind: calibration
  target: { kind: series, agent: ev-maker, variable: stock, values: { 2022: 13.10e6, 2023: 20.41e6 } }
factors:
  - { path: ev.gdpPerCapita2022 }
`);

    const issues = issuesOf(file);

    expect(issues.map((i) => [i.path, i.code])).toEqual(
      expect.arrayContaining([
        ['factors.0.range', 'missing'],
        ['method.target.values.2022', 'out_of_range'],
      ]),
    );
    expect(issues.map((i) => i.path)).not.toContain('method.target.values.2023');
  });
});

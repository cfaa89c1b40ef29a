// The lithium defaults come out of the experiment calibration method (issue 4): the experiment
// experiments/calibration-patterns.yaml searches exactly the calibration space that `pnpm
// calibrate` records, `pnpm calibrate` runs its main search through it, and the experiment's
// search is the calibration's own, setting for setting.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  calibrate,
  checkSpaceMatches,
  evaluateSetting,
  loadExperiment,
  loadPack,
  runExperiment,
  type ScenarioIssue,
  toExperiment,
} from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const scenarios = new URL('../packages/scenarios/', import.meta.url);
const packDir = fileURLToPath(new URL('packs/lithium-china', scenarios));
const cobaltDir = fileURLToPath(new URL('packs/cobalt-china', scenarios));
const experimentFile = fileURLToPath(new URL('experiments/calibration-patterns.yaml', scenarios));
const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-patterns-'));

/** The calibration experiment with a smaller budget, as `pnpm calibrate --budget N` runs it. */
function withBudget(budget: number) {
  const { id: _id, file: _file, ...data } = loadExperiment(experimentFile);
  const method = data.method as Extract<typeof data.method, { kind: 'calibration' }>;
  const factors = data.factors.map(({ parsedDistribution: _, ...factor }) => factor);
  return toExperiment({ ...data, factors, method: { ...method, budget } }, experimentFile);
}

function issuesOf(body: string): ScenarioIssue[] {
  const file = join(scratch(), 'experiment.yaml');
  writeFileSync(file, `orebus: experiment/1\nname: bad\n${body}`);
  try {
    loadExperiment(file);
  } catch (error) {
    return (error as { issues: ScenarioIssue[] }).issues;
  }
  throw new Error('accepted');
}

describe('the calibration of the lithium defaults as an experiment', () => {
  it('searches the recorded calibration space with the recorded seed and budget', () => {
    const experiment = loadExperiment(experimentFile);
    const record = JSON.parse(
      readFileSync(new URL('calibration/result.json', scenarios), 'utf8'),
    ) as { seed: number; budget: number; focus: string[] };

    expect(checkSpaceMatches(experiment)).toBeUndefined();
    expect(experiment.seed).toBe(record.seed);
    expect(experiment.method).toMatchObject({
      kind: 'calibration',
      optimiser: 'pattern-search',
      budget: record.budget,
      target: { kind: 'patterns', focus: record.focus },
    });
  });

  it('runs the calibration’s own search, setting for setting, and writes a pack layer', async () => {
    const budget = 8;
    const out = join(scratch(), 'out');
    const { summary, resultFile } = await runExperiment(withBudget(budget), packDir, {
      out,
      workers: 1,
    });
    // The file scores the patterns of its `focus` (P13 among them, so with P13's runs).
    const focus = ['P2', 'P3', 'P4', 'P5', 'P6', 'P10', 'P12', 'P13'];
    const direct = calibrate(loadPack(packDir), {
      seed: 4,
      budget,
      globalShare: 0.3,
      starts: 5,
      focus,
      sensitivity: true,
    });

    const lines = readFileSync(resultFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.values, l.loss, l.heldIds])).toEqual(
      direct.records.map((r) => [r.values, r.loss, r.heldIds]),
    );
    const c = summary.calibration!;
    expect(c.optimiser).toBe('pattern-search');
    expect(c.best.values).toEqual(direct.best.values);
    expect(c.patterns!.heldIds).toEqual(direct.best.evaluation.score.heldIds);
    expect(c.patterns!.results).toHaveLength(13);
    const layer = readFileSync(c.calibratedFile, 'utf8');
    expect(layer).toContain(`SPR:\n      value: ${direct.best.values['market.SPR']}\n`);
    expect(layer).toContain(`qScale:\n      value: ${direct.best.values['producers.qScale']}\n`);
    expect(layer.match(/kind: calibrated/g)).toHaveLength(13);
  }, 60_000);

  it('scores a setting past the 2023 back-test bound below all inside it, unless widened', () => {
    // A slow, late electrification curve: the 2023 EV stock about 22 % below the observed.
    const values = {
      'ev.electrificationSteepness': 0.25,
      'ev.electrificationMidpointYear': 2034.5,
    };
    const pack = loadPack(packDir);
    const bounded = evaluateSetting(pack, values, { sensitivity: false });
    const widened = evaluateSetting(pack, values, { sensitivity: false, backTestTolerance: 0.3 });

    expect(bounded.evStock2023Deviation).toBeLessThan(-0.2);
    expect(bounded.score.loss).toBeGreaterThanOrEqual(14);
    expect(widened.score.loss).toBeLessThan(14);
    expect(widened.score.held).toBe(bounded.score.held);
  });

  it('refuses a patterns target on a pack without the paper’s combinations', async () => {
    await expect(
      runExperiment(withBudget(2), cobaltDir, { out: join(scratch(), 'out'), workers: 1 }),
    ).rejects.toMatchObject({ code: 'E_SCENARIO' });
  });

  it('refuses optimisers that do not fit the target, and scales where none is read', () => {
    const patterns = issuesOf(`method: { kind: calibration, target: { kind: patterns } }
factors:
  - { path: market.SPR, range: [0, 3], scale: log }
`);
    expect(patterns.map((i) => i.path)).toEqual([
      'factors.0.scale',
      'factors.0.range',
      'method.optimiser',
    ]);

    const series = issuesOf(`method:
  kind: calibration
  optimiser: pattern-search
  target: { kind: series, variable: price, values: { 2030: 1 } }
factors:
  - { path: market.SPR, range: [0.1, 3], start: 1 }
`);
    expect(series.map((i) => i.path)).toEqual(['factors.0.start', 'method.optimiser']);

    const sweep = issuesOf(`method: { kind: sweep, design: full-factorial }
factors:
  - { path: market.SPR, range: [0.1, 3], scale: log }
outputs:
  - { name: s, kind: value, variable: supply, year: 2050 }
`);
    expect(sweep.map((i) => i.path)).toEqual(['factors.0.scale']);
  });
});

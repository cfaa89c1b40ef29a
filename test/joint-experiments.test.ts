// Experiments on the joint battery-metals pack: factors named by metal, outputs by agent, the
// same result file for any number of workers, and what a joint pack cannot do refused at once.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment, runExperiment } from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';
import { orebus } from './orebus.test-support.js';

const jointDir = fileURLToPath(
  new URL('../packages/scenarios/packs/battery-metals-china', import.meta.url),
);
const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-joint-exp-'));

function experimentFile(body: string): string {
  const file = join(scratch(), 'experiment.yaml');
  writeFileSync(
    file,
    `orebus: experiment/1\nname: joint\npack: battery-metals-china\ncombination: S1-D1\n${body}`,
  );
  return file;
}

describe('experiments on a joint pack', () => {
  it('draws factors of several metals and the chemistry rule, the same file on 0 and 2 workers', async () => {
    const file = experimentFile(`seed: 7
method: { kind: monte-carlo, runs: 6 }
factors:
  - { path: Co.producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }
  - { path: priceResponse.elasticity, distribution: { kind: uniform, min: 0, max: 2 } }
  - { path: Li.producers.K2022 }
outputs:
  - { name: coSupply2050, kind: value, agent: "market:Co", variable: supply, year: 2050 }
  - { name: liPrice, kind: series, agent: "market:Li", variable: price }
`);
    const experiment = loadExperiment(file);

    const zero = await runExperiment(experiment, jointDir, {
      out: join(scratch(), 'a'),
      workers: 0,
    });
    const two = await runExperiment(experiment, jointDir, {
      out: join(scratch(), 'b'),
      workers: 2,
    });

    expect(readFileSync(two.resultFile, 'utf8')).toBe(readFileSync(zero.resultFile, 'utf8'));
    expect(zero.summary.runs).toBe(6);
    // The lithium pack's declared uncertainty serves the lithium factor of the joint run.
    expect(zero.summary.drawn!.map((d) => [d.factor, d.from])).toEqual([
      ['Co.producers.Con', 'experiment'],
      ['priceResponse.elasticity', 'experiment'],
      ['Li.producers.K2022', 'scenario'],
    ]);
    const supplies = readFileSync(zero.resultFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line).values.coSupply2050 as number);
    expect(new Set(supplies).size).toBe(6);
    expect(zero.summary.bands!.liPrice!.years).toHaveLength(28);
  }, 60_000);

  it('runs the file through orebus experiment, which takes the pack the file names', async () => {
    const file = experimentFile(`method: { kind: one-at-a-time, changes: [-0.05, 0.1] }
factors: [{ path: Ni.market.SPR }]
shocks: [{ metal: Ni, rule: { kind: import-disruption, share: 0.25, years: [2031] } }]
outputs: [{ name: niSupply2050, kind: value, agent: "market:Ni", variable: supply, year: 2050 }]
`);
    const out = join(scratch(), 'cli');

    const { status, stdout } = await orebus('experiment', file, '--out', out, '--workers', '0');

    expect(status).toBe(0);
    expect(stdout).toMatch(/3 runs; wrote/);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Ni.market.SPR');
    // The manifest names the pack and every shock with its metal.
    expect(report).toContain('battery-metals-china');
    // Shocks as a table, a row each: the metal, then the rule's fields by dotted name.
    const shocks = report.slice(report.indexOf('<th>shocks</th>'));
    expect(shocks).toMatch(
      /^<th>shocks<\/th><td><div class="scroll"><table class="nested"><thead><tr><th>metal<\/th><th>rule\.kind<\/th><th>rule\.share<\/th><th>rule\.years<\/th>/,
    );
    expect(shocks).toContain('<tr><td>Ni</td><td>import-disruption</td><td>0.25</td><td>2031</td>');
  }, 60_000);

  it('adds each shock to the market of the metal it names, the same file on 0 and 2 workers', async () => {
    const file = experimentFile(`seed: 3
method: { kind: monte-carlo, runs: 6 }
factors: [{ path: Co.producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
shocks:
  - { metal: Co, rule: { kind: demand-noise, sd: 0.1, fromYear: 2030 } }
  - { metal: Ni, rule: { kind: random-import-disruption, probability: 0.5, share: 1 } }
outputs:
  - { name: coDemand, kind: series, agent: "market:Co", variable: demand }
  - { name: liDemand, kind: series, agent: "market:Li", variable: demand }
  - { name: niImports, kind: series, agent: "market:Ni", variable: netImports }
  - { name: liImports, kind: series, agent: "market:Li", variable: netImports }
`);
    const experiment = loadExperiment(file);

    const zero = await runExperiment(experiment, jointDir, {
      out: join(scratch(), 'z'),
      workers: 0,
    });
    const two = await runExperiment(experiment, jointDir, {
      out: join(scratch(), 't'),
      workers: 2,
    });

    expect(readFileSync(two.resultFile, 'utf8')).toBe(readFileSync(zero.resultFile, 'utf8'));
    const bands = zero.summary.bands!;
    const spread = (name: string, t: number) =>
      bands[name]!.percentiles.p95![t]! - bands[name]!.percentiles.p5![t]!;
    const t2040 = bands.coDemand!.years.indexOf(2040);
    // Cobalt's demand is noisy from 2030; lithium's, shocked by nothing, is one line.
    expect(spread('coDemand', t2040)).toBeGreaterThan(0);
    expect(spread('coDemand', 0)).toBe(0);
    expect(spread('liDemand', t2040)).toBe(0);
    // Nickel's imports were cut to nothing in some run and year; lithium's never.
    expect(Math.min(...bands.niImports!.percentiles.p5!)).toBe(0);
    expect(Math.min(...bands.liImports!.percentiles.p5!)).toBeGreaterThan(0);
  }, 60_000);

  it('refuses, before any run, what a joint pack cannot take, every problem at once', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors: [{ path: Co.producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
shocks:
  - { kind: random-import-disruption, probability: 0.1, share: 0.5 }
  - { metal: Fe, rule: { kind: demand-noise, sd: 0.1 } }
outputs:
  - { name: s, kind: value, variable: supply, year: 2050 }
  - { name: b, kind: first-balanced-year }
`);
    const out = join(scratch(), 'refused');

    const { status, stderr } = await orebus('experiment', file, '--out', out);

    expect(status).toBe(2);
    expect(stderr).toMatch(/shocks\.0: .*\{ metal, rule \}.*Li, Co, Ni/);
    expect(stderr).toMatch(/shocks\.1\.metal: "Fe"/);
    expect(stderr).toMatch(/outputs\.0\.agent: .*market:Li, market:Co, market:Ni/);
    expect(stderr).toMatch(/outputs\.1\.kind: "first-balanced-year"/);
  });

  it("refuses, before any run, a shock the metal's scenario refuses, named by its place", async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors: [{ path: Co.producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
shocks:
  - { metal: Co, rule: { kind: demand-noise, sd: 0.1, product: ESS } }
  - { metal: Li, rule: { kind: demand-noise, sd: 0.1, product: Bus } }
outputs: [{ name: s, kind: value, agent: "market:Co", variable: supply, year: 2050 }]
`);
    const out = join(scratch(), 'refused');

    const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');

    expect(status).toBe(2);
    expect(stderr).toMatch(/shocks\.1\.rule\.product: "Bus" .*EV, ESS/);
    expect(stderr).not.toMatch(/shocks\.0/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('refuses, before any run, an output the joint model does not record', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors: [{ path: Co.producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
outputs:
  - { name: s, kind: value, agent: "market:Co", variable: supply, year: 2050 }
  - { name: t, kind: value, agent: "market:Fe", variable: supply, year: 2050 }
`);
    const out = join(scratch(), 'refused-output');

    const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');

    expect(status).toBe(2);
    expect(stderr).toMatch(/outputs\.1\.agent: "market:Fe" .*market:Li.*market:Co/);
    expect(stderr).not.toMatch(/outputs\.0/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('names a factor without its metal, or of a metal the pack lacks, by its field', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors:
  - { path: market.SPR, distribution: { kind: uniform, min: 0.1, max: 0.2 } }
  - { path: Fe.market.SPR, distribution: { kind: uniform, min: 0.1, max: 0.2 } }
outputs: [{ name: s, kind: value, agent: "market:Co", variable: supply, year: 2050 }]
`);

    const { status, stderr } = await orebus('experiment', file, '--out', join(scratch(), 'x'));

    expect(status).toBe(2);
    expect(stderr).toMatch(/factors\.0\.path: "market\.SPR"/);
    expect(stderr).toMatch(/factors\.1\.path: "Fe\.market\.SPR"/);
  });

  it('refuses a calibration on a joint pack', async () => {
    const file = experimentFile(`method:
  kind: calibration
  target: { kind: series, agent: "market:Li", variable: supply, values: { 2030: 100000 } }
factors: [{ path: Li.market.SPR, range: [0.1, 1] }]
`);

    const { status, stderr } = await orebus('experiment', file, '--out', join(scratch(), 'c'));

    expect(status).toBe(2);
    expect(stderr).toMatch(/method\.kind: "calibration"/);
  });
});

// Experiments end to end: files checked before any run, each method planned and analysed, the
// same results for any number of workers, and resume.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment, renderExperimentPage, runExperiment } from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';
import { orebus } from './orebus.test-support.js';
import { PINNED_CALIBRATION as PINNED } from './pinned-calibration.test-support.js';

const packDir = fileURLToPath(
  new URL('../packages/scenarios/packs/lithium-china', import.meta.url),
);
const examples = fileURLToPath(new URL('../packages/scenarios/experiments', import.meta.url));
const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-exp-'));

/** The calibration before today's, as an experiment file's overrides (see the support file). */
const PINNED_CALIBRATION = `overrides: [${PINNED.join(', ')}]`;

/**
 * S3-D2's 2050 balance as its logarithm, which a run ending below demand gives no value, beside
 * supply, which every run gives.
 */
const LOG_BALANCE_OUTPUTS = `outputs:
  - { name: logBalance, kind: value, variable: balance, year: 2050, transform: log }
  - { name: supply2050, kind: value, variable: supply, year: 2050 }
`;

/** Runs an experiment file in this thread into `out`, with the command's lines and summary. */
async function runToSummary(file: string, out: string) {
  const { status, stdout } = await orebus('experiment', file, '--out', out, '--workers', '0');
  const summary =
    status === 0 ? JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) : undefined;
  return { status, stdout, summary };
}

function experimentFile(body: string): string {
  const file = join(scratch(), 'experiment.yaml');
  writeFileSync(file, `orebus: experiment/1\nname: test\n${body}`);
  return file;
}

/** What loading `file` refused: the error's code and its issues (none if it loaded). */
function refusal(file: string): {
  code?: string;
  issues: { path: string; value: unknown; allowed: string }[];
} {
  try {
    loadExperiment(file);
  } catch (error) {
    const { code, issues } = error as { code?: string; issues?: never[] };
    return { ...(code === undefined ? {} : { code }), issues: issues ?? [] };
  }
  return { issues: [] };
}

describe('experiment files', () => {
  it('loads every example experiment shipped with the package', () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));

    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files)
      expect(loadExperiment(join(examples, file)).id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an unknown parameter, an empty range and an invalid distribution, all at once', () => {
    const file = experimentFile(`method: { kind: morris }
factors:
  - { path: producers.nonsense, range: [0, 1] }
  - { path: market.SPR, range: [1, 1] }
  - { path: producers.Con, range: [0.1, 0.2], distribution: { kind: normal, mean: 0.1, sd: -1 } }
outputs:
  - { name: s, kind: value, variable: supply, year: 2050 }
`);

    const caught = refusal(file);

    expect(caught.code).toBe('E_SCENARIO');
    const paths = caught.issues.map((i) => i.path);
    expect(paths).toContain('factors.0.path');
    expect(paths).toContain('factors.1.range');
    expect(paths.some((p) => p.startsWith('factors.2.distribution'))).toBe(true);
    expect(caught.issues.find((i) => i.path === 'factors.0.path')?.value).toBe(
      'producers.nonsense',
    );
  });

  it('leaves out of a Monte Carlo’s percentiles the runs without a value, and counts them', async () => {
    // Before, one run without a value failed the whole analysis after every run was done.
    const file = experimentFile(`method: { kind: monte-carlo, runs: 6 }
factors:
  - { path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }
outputs:
  - { name: logEarly, kind: value, agent: ev-maker, variable: retiredEarly, year: 2030, transform: log }
  - { name: logPrice, kind: value, variable: price, year: 2050, transform: log }
`);
    const { summary } = await runExperiment(loadExperiment(file), packDir, {
      out: join(scratch(), 'out'),
      workers: 0,
    });

    expect(summary.missing).toEqual({ logEarly: 6 });
    expect(summary.distributions!.logEarly).toBeUndefined();
    expect(summary.distributions!.logPrice!.p50).toBeGreaterThan(Math.log(1000));
  });

  it('refuses, before any run, an output the first run gives no value where the indices need one', async () => {
    const out = join(scratch(), 'out');
    const file = experimentFile(`method: { kind: morris, trajectories: 4 }
factors:
  - { path: market.SPR, range: [0, 1] }
outputs:
  - { name: logEarly, kind: value, agent: ev-maker, variable: retiredEarly, year: 2030, transform: log }
`);

    const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');

    expect(status).toBe(2);
    expect(stderr).toContain('outputs.0.variable');
    expect(stderr).toContain('the morris analysis needs a number from every run');
    expect(existsSync(out)).toBe(false);
  });

  it('leaves out of the indices an output some later run gives no value, and analyses the rest', async () => {
    // S3-D2 ends 2050 just above demand (+0.4 kt); a higher Eco cuts supply below it, where the
    // logarithm of the balance has no value. Before, the whole analysis failed after every run.
    const out = join(scratch(), 'out');
    const file = experimentFile(`combination: S3-D2
${PINNED_CALIBRATION}
seed: 3
method: { kind: morris, trajectories: 6, levels: 4 }
factors:
  - { path: producers.Eco, range: [0.95, 1.1] }
  - { path: market.SPR, range: [0.2, 0.6] }
${LOG_BALANCE_OUTPUTS}`);

    const { status, stdout, summary } = await runToSummary(file, out);

    expect(status).toBe(0);
    expect(Object.keys(summary.indices)).toEqual(['supply2050']);
    expect(summary.missing.logBalance).toBeGreaterThan(0);
    expect(summary.missing.logBalance).toBeLessThan(summary.runs);
    expect(stdout).toMatch(/logBalance: not analysed: \d+ of 18 runs gave no value/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Outputs left out');
  });

  it('shows a one-at-a-time output some change gives no value as —, the others as numbers', async () => {
    const out = join(scratch(), 'out');
    const file = experimentFile(`combination: S3-D2
${PINNED_CALIBRATION}
method: { kind: one-at-a-time, changes: [-0.05, 0.1] }
factors: [{ path: producers.Eco }]
${LOG_BALANCE_OUTPUTS}`);

    const { status, stdout, summary } = await runToSummary(file, out);

    expect(status).toBe(0);
    expect(summary.base.logBalance).toBeCloseTo(Math.log(393.003), 3);
    const [lower, higher] = summary.effects;
    // Eco +10 % cuts supply below demand: no logarithm; −5 % raises it.
    expect(higher.outputs.logBalance).toBeNull();
    expect(lower.outputs.logBalance).toBeGreaterThan(summary.base.logBalance);
    expect(higher.outputs.supply2050).toBeLessThan(summary.base.supply2050);
    expect(summary.missing).toEqual({ logBalance: 1 });
    expect(stdout).toContain('logBalance: 1 of 3 runs gave no value');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<td class="null">—</td>');
  });

  it('writes the report of a sweep in which some run gives an output no value', async () => {
    // Before, the run table kept NaN for it and the report refused it (E_NON_FINITE, exit 1).
    const out = join(scratch(), 'out');
    const file = experimentFile(`combination: S3-D2
${PINNED_CALIBRATION}
method: { kind: sweep, design: full-factorial }
factors: [{ path: producers.Eco, values: [0.98, 1.05, 1.1] }]
outputs: [{ name: logBalance, kind: value, variable: balance, year: 2050, transform: log }]
`);

    const { status } = await orebus('experiment', file, '--out', out, '--workers', '0');

    expect(status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.table.rows.map((row: unknown[]) => row[1] === null)).toEqual([
      false,
      true,
      true,
    ]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<td class="null">—</td>');
  });

  it('names a bad combination, variant or override where the experiment file gives it', async () => {
    // Before, each was reported as "(command line)", which the command line did not give.
    const file = experimentFile(`combination: S9-D9
variant: nope
overrides: [market.SCP=0.5, market.SPR=abc]
method: { kind: monte-carlo, runs: 2 }
factors: [{ path: producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);
    const { status, stderr } = await orebus('experiment', file, '--out', join(scratch(), 'o'));

    expect(status).toBe(2);
    expect(stderr).toContain(`${file}:3 combination: "S9-D9" is not allowed`);
    expect(stderr).toContain(`${file}:4 variant: "nope" is not allowed`);
    expect(stderr).not.toContain('(command line)');

    const override = experimentFile(`overrides: [market.SCP=0.5, market.SPR=abc]
method: { kind: monte-carlo, runs: 2 }
factors: [{ path: producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);
    const refused = await orebus('experiment', override, '--out', join(scratch(), 'o'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${override}:3 overrides.1: "market.SPR=abc" is not allowed`);

    // The joint pack named its unknown variant "--variant", so it stayed the command line's.
    const joint = experimentFile(`pack: battery-metals-china
variant: nope
method: { kind: monte-carlo, runs: 2 }
factors: [{ path: Li.market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, agent: "market:Li", variable: supply, year: 2050 }]
`);
    const jointRefused = await orebus('experiment', joint, '--out', join(scratch(), 'o'));
    expect(jointRefused.status).toBe(2);
    expect(jointRefused.stderr).toContain(`${joint}:4 variant: "nope" is not allowed`);
  });

  it('refuses a design of more runs than it can hold, naming the field that sizes it', () => {
    // Before, a full factorial of 10⁹ points failed after planning began (exit 1, "run
    // failed"), and a Sobol' design of 5·10⁸ runs would have tried to hold them all.
    const factors = `factors:
  - { path: market.SPR, range: [0, 1] }
  - { path: market.SCP, range: [0.1, 0.9] }
  - { path: producers.Con, range: [0.05, 0.3] }
outputs:
  - { name: s, kind: value, variable: supply, year: 2050 }
`;
    const sweep = refusal(
      experimentFile(`method: { kind: sweep, design: full-factorial, levels: 1000 }\n${factors}`),
    );
    const sobol = refusal(
      experimentFile(`method: { kind: sobol, samples: 100000000 }\n${factors}`),
    );
    const fits = refusal(
      experimentFile(`method: { kind: sweep, design: full-factorial, levels: 200 }\n${factors}`),
    );

    expect(sweep.issues).toEqual([
      expect.objectContaining({ path: 'method.levels', value: 1000, code: 'out_of_range' }),
    ]);
    expect(sweep.issues[0]!.allowed).toContain('this one has 1,000,000,000');
    expect(sobol.issues).toEqual([
      expect.objectContaining({ path: 'method.samples', value: 100_000_000 }),
    ]);
    expect(sobol.issues[0]!.allowed).toContain('this one has 500,000,000');
    // 200³ = 8 000 000 runs: within the limit.
    expect(fits.issues).toEqual([]);
  });

  it('takes `transform: log` on a value output only, naming any other use', () => {
    const good = experimentFile(`method: { kind: morris }
factors:
  - { path: market.SPR, range: [0, 1] }
outputs:
  - { name: logPrice, kind: value, variable: price, year: 2050, transform: log }
`);
    expect(loadExperiment(good).outputs[0]).toMatchObject({ transform: 'log' });
    // The report says what the output reads, so a log value is not taken for the price.
    const page = renderExperimentPage(loadExperiment(good), {
      experiment: 'test',
      method: 'morris',
      runs: 0,
    });
    expect(page).toContain('the natural logarithm of price of the pack&#39;s market in 2050');

    const bad = experimentFile(`method: { kind: morris }
factors:
  - { path: market.SPR, range: [0, 1] }
outputs:
  - { name: a, kind: value, variable: price, year: 2050, transform: sqrt }
  - { name: b, kind: series, variable: price, transform: log }
`);
    const caught = refusal(bad);

    expect(caught.code).toBe('E_SCENARIO');
    expect(caught.issues.find((i) => i.path === 'outputs.0.transform')?.value).toBe('sqrt');
    expect(caught.issues.some((i) => i.path.startsWith('outputs.1'))).toBe(true);
  });

  it('says what is allowed without the schema library’s preamble, as the message prints it', () => {
    const file = experimentFile(`method: { kind: sweep, design: foo }
factors:
  - { path: market.SPR, range: [0, 1], scale: cubic }
outputs:
  - { name: a, kind: value, variable: price, year: 2050, transform: sqrt }
`);
    const caught = refusal(file);
    const allowed = (path: string) => caught.issues.find((i) => i.path === path)?.allowed;

    // Printed as "…; expected <allowed>": before, "expected Invalid option: expected one of …".
    expect(allowed('method.design')).toBe('one of "full-factorial"|"latin-hypercube"');
    expect(allowed('factors.0.scale')).toBe('one of "linear"|"log"');
    expect(allowed('outputs.0.transform')).toBe('"log"');

    const morris = refusal(
      experimentFile(`method: { kind: morris, levels: 3 }
factors: [{ path: market.SPR, range: [0, 1] }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`),
    );
    expect(morris.issues.find((i) => i.path === 'method.levels')?.allowed).toBe('a multiple of 2');
  });

  it('refuses a name that is not one directory name, as results/NAME would leave results/', () => {
    // Before, name: ../../escape wrote its results two directories above results/.
    for (const name of ['../../escape', 'a/b', '..', ' padded']) {
      const file = join(scratch(), 'experiment.yaml');
      writeFileSync(
        file,
        `orebus: experiment/1
name: ${JSON.stringify(name)}
method: { kind: monte-carlo, runs: 2 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`,
      );
      expect(
        refusal(file).issues.map((i) => i.path),
        name,
      ).toEqual(['name']);
    }
  });

  it('names a misspelt factor path beside the schema problems, each with its line', () => {
    // Before, the path was named only once the schema problems were fixed, and without a line.
    const file = experimentFile(`method: { kind: monte-carlo, runs: 0 }
factors:
  - { path: producers.nope, distribution: { kind: uniform, min: 0, max: 1 } }
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);

    const issues = refusal(file).issues as { path: string; line?: number }[];

    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['method.runs', 3],
      ['factors.0.path', 5],
    ]);
  });

  it('gives the line of a field the first run refuses, as of one the schema refuses', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 5 }
factors: [{ path: producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
outputs:
  - { name: s, kind: value, variable: supplyy, year: 2050 }
`);

    const { status, stderr } = await orebus('experiment', file, '--out', join(scratch(), 'o'));

    expect(status).toBe(2);
    expect(stderr).toContain(`${file}:6 outputs.0.variable: "supplyy" is not allowed`);
  });

  it("says a number's bound as a reader writes it, not as zod does ('>=1')", () => {
    const issues = refusal(
      experimentFile(`method: { kind: monte-carlo, runs: 0 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`),
    ).issues;

    expect(issues.map((i) => [i.path, i.allowed])).toEqual([['method.runs', 'a number ≥ 1']]);
  });

  it('refuses a Monte Carlo without percentiles, or with one twice', () => {
    const ensemble = (percentiles: string) =>
      refusal(
        experimentFile(`method: { kind: monte-carlo, runs: 3, percentiles: ${percentiles} }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`),
      ).issues.map((i) => [i.path, i.allowed]);

    // Before, [] printed an empty line for each output and [50, 50] one median.
    expect(ensemble('[]')).toEqual([['method.percentiles', 'a list of at least 1 item']]);
    expect(ensemble('[50, 50]')).toEqual([['method.percentiles', 'each percentile once']]);
    expect(ensemble('[5, 50, 95]')).toEqual([]);
  });

  it('names the fields an object may have, and an object matching no member by its closest one', () => {
    const file = experimentFile(`method: { kind: sobol, sample: 8 }
facotrs: []
factors:
  - { path: market.SPR, rnage: [0, 1] }
outputs:
  - { name: a, kind: value, varaible: price, year: 2050 }
  - { name: b, kind: valu, variable: price }
shocks:
  - { kind: demand-nois, sd: 0.1 }
  - { metal: Li, rule: { kind: demand-noise, sd: 0.1, persistance: 0.5 }, extra: 1 }
  - 5
`);
    const caught = refusal(file);
    const allowed = (path: string) => caught.issues.find((i) => i.path === path)?.allowed;

    // Before: "no such field" for every unknown field, and "Invalid input" for each shock.
    expect(allowed('facotrs')).toMatch(
      /^one of the fields orebus, name, .*factors, outputs, shocks$/,
    );
    expect(allowed('method.sample')).toBe('one of the fields kind, samples, bootstrap, confidence');
    expect(allowed('factors.0.rnage')).toMatch(/^one of the fields path, range, values, /);
    expect(allowed('outputs.0.varaible')).toBe(
      'one of the fields name, kind, agent, variable, year, transform',
    );
    expect(allowed('outputs.1.kind')).toBe("one of 'value' | 'first-balanced-year' | 'series'");
    expect(allowed('shocks.0.kind')).toMatch(/^one of .*'demand-noise'/);
    expect(allowed('shocks.1.rule.persistance')).toMatch(
      /^one of the fields kind, sd, persistence/,
    );
    expect(allowed('shocks.1.extra')).toBe('one of the fields metal, rule');
    expect(allowed('shocks.2')).toBe('object');
    expect(caught.issues.some((i) => i.path === 'shocks.0.metal')).toBe(false);
  });

  it('takes a relative pack directory from the file’s directory, and names a bad one at `pack`', async () => {
    // Before, `pack: ./mypack` was read from the directory the command ran in, and a bad one was
    // reported as a --pack option the command line did not have.
    const dir = scratch();
    cpSync(packDir, join(dir, 'mypack'), { recursive: true });
    const body = (pack: string) => `orebus: experiment/1
name: relative-pack
pack: ${pack}
method: { kind: monte-carlo, runs: 3 }
factors:
  - { path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }
outputs:
  - { name: s, kind: value, variable: supply, year: 2050 }
`;
    const good = join(dir, 'good.yaml');
    writeFileSync(good, body('./mypack'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, body('./nothing-here'));

    const ran = await orebus('experiment', good, '--out', join(dir, 'out'), '--workers', '0');
    expect(ran.status).toBe(0);
    const refused = await orebus('experiment', bad, '--out', join(dir, 'out-2'), '--workers', '0');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${bad}:3 pack: "./nothing-here" is not allowed`);
    expect(refused.stderr).toContain(join(dir, 'nothing-here', 'pack.yaml'));
    expect(refused.stderr).not.toContain('--pack');
  });

  it('exits 2 before any run for a bad experiment file, and for a range past a parameter bound', async () => {
    const unknownMethod = experimentFile(`method: { kind: annealing }
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);
    const pastBound = experimentFile(`method: { kind: sweep, design: latin-hypercube, samples: 4 }
factors: [{ path: producers.Con, range: [0.5, 1.5] }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);

    const drawnPastBound = experimentFile(`method: { kind: monte-carlo, runs: 200 }
factors: [{ path: producers.Con, distribution: { kind: normal, mean: 0.15, sd: 0.2 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);

    const messages: string[] = [];
    for (const file of [unknownMethod, pastBound, drawnPastBound]) {
      const out = join(scratch(), 'out');
      const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');
      expect(status, stderr).toBe(2);
      expect(() => readdirSync(out)).toThrow();
      messages.push(stderr);
    }
    // A value past the bound is named by the factor's place in the file and the value reached.
    expect(messages[1]).toMatch(
      /experiment\.yaml:4 factors\.0\.range: 1\.\d+ is not allowed .*a value producers\.Con allows, a finite number in \(0, 1\)/,
    );
    expect(messages[2]).toMatch(
      /factors\.0\.distribution: -0\.\d+ is not allowed .*producers\.Con/,
    );
  });

  it('exits 2 before anything is written for a bad --workers, with the file or without one', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);
    const out = join(scratch(), 'out');

    const bad = await orebus('experiment', file, '--out', out, '--workers', 'abc');
    const both = await orebus('experiment', '--out', out, '--workers', '2.5');

    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/--workers = "abc" is not allowed: expected an integer 0…256/);
    expect(both.status, both.stderr).toBe(2);
    expect(both.stderr).toMatch(/--workers = "2\.5".*\n.*experiment takes one FILE, got 0/s);
    expect(() => readdirSync(out)).toThrow();
  });

  it('exits 2 before any run for shocks the scenario refuses, naming each by its place', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors:
  - { path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }
  - { path: producers.Con, distribution: { kind: uniform, min: 0.5, max: 1.5 } }
shocks:
  - { kind: demand-noise, sd: 0.1, product: EV }
  - { kind: demand-noise, sd: 0.1, product: Storage }
  - { kind: random-import-disruption, probability: 0.1, share: 0.5, fromYear: 2060 }
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);
    for (const method of ['monte-carlo', 'calibration']) {
      const text = readFileSync(file, 'utf8');
      if (method === 'calibration') {
        writeFileSync(
          file,
          text
            .replace(
              'method: { kind: monte-carlo, runs: 4 }',
              'method: { kind: calibration, target: { kind: series, variable: supply, values: { 2030: 1 } } }',
            )
            .replace('distribution: { kind: uniform, min: 0, max: 1 }', 'range: [0, 1]')
            .replace('distribution: { kind: uniform, min: 0.5, max: 1.5 }', 'range: [0.5, 1.5]'),
        );
      }
      const out = join(scratch(), 'out');
      const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');

      expect(status, stderr).toBe(2);
      expect(stderr).toMatch(/shocks\.1\.product: "Storage" .*EV, ESS/);
      // Reported with the factor whose design passes its bound, in one message.
      expect(stderr).toMatch(/factors\.1\.(distribution|range): .*producers\.Con/);
      expect(stderr).toMatch(/shocks\.2: .*random-import.*year_outside_horizon.*within 2023…2050/);
      expect(stderr).not.toMatch(/shocks\.0/);
      expect(() => readdirSync(out)).toThrow();
    }
  });

  it('exits 2 before any run for outputs the model cannot give, naming each by its place', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 4 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
shocks: [{ kind: demand-noise, sd: 0.1 }]
outputs:
  - { name: s, kind: value, variable: suply, year: 2070 }
  - { name: e, kind: series, agent: ev-makr, variable: demand }
  - { name: ok, kind: value, agent: ev-maker, variable: demand, year: 2040 }
  - { name: noise, kind: series, agent: 'rule:0:demand-noise', variable: demandFactor }
  - { name: b, kind: first-balanced-year }
`);
    const out = join(scratch(), 'out');

    const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '2');

    expect(status, stderr).toBe(2);
    expect(stderr).toMatch(/outputs\.0\.variable: "suply" .*records: price, supply, demand/);
    expect(stderr).toMatch(/outputs\.0\.year: 2070 .*2023 to 2050/);
    expect(stderr).toMatch(
      /outputs\.1\.agent: "ev-makr" .*agent of the model: market:Li, rule:0:demand-noise, ev-maker/,
    );
    // The shock's own agent is in the model the outputs are checked against.
    expect(stderr).not.toMatch(/outputs\.[234]/);
    expect(() => readdirSync(out)).toThrow();
  });

  it.each([
    ['series', '{ kind: series, variable: suply, values: { 2030: 1 } }'],
    ['patterns', '{ kind: patterns }, optimiser: pattern-search, budget: 20'],
  ])(
    'exits 2 before a calibration to %s whose target or outputs the model cannot give',
    async (kind, target) => {
      const file = experimentFile(`method: { kind: calibration, target: ${target} }
factors: [{ path: market.SPR, range: [0, 1] }]
outputs: [{ name: s, kind: value, agent: ev-maker, variable: stok, year: 2050 }]
`);
      const out = join(scratch(), 'out');

      const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');

      expect(status, stderr).toBe(2);
      expect(stderr).toMatch(/outputs\.0\.variable: "stok" .*variable ev-maker records: /);
      if (kind === 'series') expect(stderr).toMatch(/method\.target\.variable: "suply"/);
      else expect(stderr).not.toMatch(/method\.target/);
      expect(() => readdirSync(out)).toThrow();
    },
  );
});

describe('experiment methods', () => {
  it('runs the one-at-a-time test of the paper: five factors at −5 % and +10 %', async () => {
    const out = join(scratch(), 'sens');

    const { status, stdout } = await orebus(
      'sensitivity',
      'S1-D1',
      '--out',
      out,
      '--workers',
      '0',
      '--json',
    );

    expect(status).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.runs).toBe(11);
    expect(summary.effects).toHaveLength(10);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    // The first balanced year (never, here: the year after the horizon) is a year, not 2,051.
    expect(summary.base.firstBalancedYear).toBe(2051);
    expect(html).toContain('Base 2051');
    expect(html).toContain('<td class="number">2051</td>');
    expect(html).not.toContain('2,051');
  });

  it('computes Morris indices, identical with 0 and 2 workers', async () => {
    const file = experimentFile(`seed: 5
method: { kind: morris, trajectories: 4, levels: 4 }
factors:
  - { path: market.SPR, range: [0, 1] }
  - { path: producers.Con, range: [0.05, 0.3] }
outputs: [{ name: supply2050, kind: value, variable: supply, year: 2050 }]
`);
    const experiment = loadExperiment(file);
    const a = await runExperiment(experiment, packDir, { out: join(scratch(), 'a'), workers: 0 });
    const b = await runExperiment(experiment, packDir, { out: join(scratch(), 'b'), workers: 2 });

    expect(readFileSync(a.resultFile, 'utf8')).toBe(readFileSync(b.resultFile, 'utf8'));
    expect(a.summary.runs).toBe(12);
    const rows = a.summary.indices!.supply2050!;
    expect(rows.map((r) => r.factor)).toEqual(['market.SPR', 'producers.Con']);
    for (const r of rows)
      expect(r.muStar as number).toBeGreaterThanOrEqual(Math.abs(r.mu as number));
  }, 60_000);

  it('draws a Monte Carlo ensemble with shocks (imports, demand) and gives ordered percentile bands', async () => {
    const file = experimentFile(`seed: 9
method: { kind: monte-carlo, runs: 40 }
factors: [{ path: producers.Con, distribution: { kind: uniform, min: 0.1, max: 0.2 } }]
shocks:
  - { kind: random-import-disruption, probability: 0.3, share: 1 }
  - { kind: demand-noise, sd: 0.05, persistence: 0.5, fromYear: 2030 }
outputs:
  - { name: netImports, kind: series, variable: netImports }
  - { name: supply, kind: series, variable: supply }
  - { name: demand, kind: series, variable: demand }
`);
    const { summary } = await runExperiment(loadExperiment(file), packDir, {
      out: join(scratch(), 'mc'),
      workers: 0,
    });

    const band = summary.bands!.supply!;
    expect(band.years).toHaveLength(28);
    band.years.forEach((_, t) => {
      expect(band.percentiles.p5![t]!).toBeLessThanOrEqual(band.percentiles.p50![t]!);
      expect(band.percentiles.p50![t]!).toBeLessThanOrEqual(band.percentiles.p95![t]!);
    });
    // Disruptions struck in some runs and years: the lowest net imports reach zero.
    expect(Math.min(...summary.bands!.netImports!.percentiles.p5!)).toBe(0);
    // Demand depends on no factor: its spread is the noise alone, from 2030 on.
    const demand = summary.bands!.demand!;
    demand.years.forEach((year, t) => {
      const spread = demand.percentiles.p95![t]! - demand.percentiles.p5![t]!;
      if (year < 2030) expect(spread).toBe(0);
      else expect(spread).toBeGreaterThan(0.05 * demand.percentiles.p50![t]!);
    });
  });

  it('takes a shock that names the pack’s metal as the bare rule, and refuses another metal', async () => {
    const body = (shock: string) => `seed: 2
method: { kind: monte-carlo, runs: 5 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0.4, max: 0.8 } }]
shocks: [${shock}]
outputs: [{ name: demand2040, kind: value, variable: demand, year: 2040 }]
`;
    const records = async (shock: string) => {
      const file = experimentFile(body(shock));
      const { resultFile } = await runExperiment(loadExperiment(file), packDir, {
        out: join(scratch(), 'o'),
        workers: 0,
      });
      return readFileSync(resultFile, 'utf8').split('\n').slice(1).join('\n');
    };

    const bare = await records('{ kind: demand-noise, sd: 0.1 }');
    expect(await records('{ metal: Li, rule: { kind: demand-noise, sd: 0.1 } }')).toBe(bare);
    const other = experimentFile(body('{ metal: Co, rule: { kind: demand-noise, sd: 0.1 } }'));
    const { status, stderr } = await orebus('experiment', other, '--out', join(scratch(), 'x'));
    expect(status).toBe(2);
    expect(stderr).toMatch(/shocks\.0\.metal: "Co".*the pack's metal, Li/);
  });

  it('refuses a Monte Carlo experiment of more runs than it can hold, naming the field', async () => {
    const file = experimentFile(`method: { kind: monte-carlo, runs: 20000000 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);

    const { status, stderr } = await orebus('experiment', file, '--out', join(scratch(), 'big'));

    expect(status).toBe(2);
    expect(stderr).toMatch(/method\.runs: 20000000 .*at most 10 000 000 runs/);
  });

  it('draws a factor from the uncertainty the pack declares, and says so in the summary and report', async () => {
    const file = experimentFile(`seed: 4
method: { kind: monte-carlo, runs: 12 }
factors: [{ path: producers.K2022 }]
outputs: [{ name: supply2050, kind: value, variable: supply, year: 2050 }]
`);
    const out = join(scratch(), 'declared');
    const { id, summary, resultFile } = await runExperiment(loadExperiment(file), packDir, {
      out,
      workers: 0,
    });

    expect(summary.drawn).toEqual([
      expect.objectContaining({
        factor: 'producers.K2022',
        from: 'scenario',
        distribution: { kind: 'uniform', min: 19000, max: 22600 },
      }),
    ]);
    const header = JSON.parse(readFileSync(resultFile, 'utf8').split('\n')[0]!);
    expect(header.experiment).toBe(id);
    expect(id).not.toBe(loadExperiment(file).id);
    const cli = join(scratch(), 'cli');
    const { status } = await orebus('experiment', file, '--out', cli, '--workers', '0');
    expect(status).toBe(0);
    const report = readFileSync(join(cli, 'report.html'), 'utf8');
    expect(report).toContain('The distribution each factor was drawn from');
    expect(report).toContain('uniform min 19000 max 22600');
    expect(report).toContain(id);
    expect(report).toContain('What each output reads from a run');
  });

  it('sweeps a full-factorial design and resumes an interrupted result file exactly', async () => {
    const file = experimentFile(`method: { kind: sweep, design: full-factorial }
factors:
  - { path: producers.productivityRate, values: [0.08, 0.12, 0.16] }
  - { path: recycler.eolRate2050, values: [0.5, 0.8] }
outputs: [{ name: balance2050, kind: value, variable: balance, year: 2050 }]
`);
    const experiment = loadExperiment(file);
    const out = join(scratch(), 'sweep');
    const whole = await runExperiment(experiment, packDir, { out, workers: 0 });
    const complete = readFileSync(whole.resultFile, 'utf8');
    // Cut the file in the middle of a record, as a kill would.
    truncateSync(whole.resultFile, Math.floor(complete.length * 0.6));

    const resumed = await runExperiment(experiment, packDir, { out, workers: 0 });

    expect(whole.summary.table!.rows).toHaveLength(6);
    expect(resumed.resumedFrom).toBeGreaterThan(0);
    expect(readFileSync(resumed.resultFile, 'utf8')).toBe(complete);
  });

  it('exits 2 when --out holds files Orebus did not write, and leaves them as they were', async () => {
    // Before, an experiment wrote its summary.json, runs.csv and report.html over files of the
    // same names in any directory it was given.
    const out = scratch();
    writeFileSync(join(out, 'report.html'), 'mine\n');
    const file = experimentFile(`method: { kind: monte-carlo, runs: 2 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);

    const { status, stderr } = await orebus('experiment', file, '--out', out, '--workers', '0');

    expect(status).toBe(2);
    expect(stderr).toContain(
      `--out ${out} exists and holds files that Orebus did not write (no results.jsonl)`,
    );
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('mine\n');
    expect(readdirSync(out)).toEqual(['report.html']);
  });

  it('exits 2 when --out holds another experiment’s result file or not a result file, and keeps it', async () => {
    const make = (seed: number) =>
      experimentFile(`seed: ${seed}
method: { kind: monte-carlo, runs: 3 }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }]
outputs: [{ name: s, kind: value, variable: supply, year: 2050 }]
`);
    const out = join(scratch(), 'out');
    const first = await orebus('experiment', make(1), '--out', out, '--workers', '0');
    const kept = readFileSync(join(out, 'results.jsonl'), 'utf8');
    const other = await orebus('experiment', make(2), '--out', out, '--workers', '0');
    const foreign = join(scratch(), 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'results.jsonl'), 'name,value\n');
    const notOurs = await orebus('experiment', make(1), '--out', foreign, '--workers', '0');

    expect(first.status, first.stderr).toBe(0);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^orebus: .*results\.jsonl holds results of experiment/);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toBe(kept);
    expect(notOurs.status).toBe(2);
    expect(notOurs.stderr).toMatch(/not an Orebus result file/);
    expect(readFileSync(join(foreign, 'results.jsonl'), 'utf8')).toBe('name,value\n');
  });

  it('writes every run’s factor values and scalar outputs to runs.csv, an unmet output empty', async () => {
    const file = experimentFile(`${PINNED_CALIBRATION}
method: { kind: sweep, design: full-factorial }
factors:
  - { path: market.SPR, values: [0.5, 0.9] }
  - { path: producers.Con, values: [0.1, 0.25] }
outputs:
  - { name: "supply, 2050", kind: value, variable: supply, year: 2050 }
  - { name: balanced, kind: first-balanced-year }
  - { name: supply, kind: series, variable: supply }
`);
    const out = join(scratch(), 'table');

    const experiment = loadExperiment(file);
    const { resultFile, summary } = await runExperiment(experiment, packDir, { out, workers: 0 });

    const text = readFileSync(join(out, 'runs.csv'), 'utf8');
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('run,seed,market.SPR,producers.Con,"supply, 2050",balanced');
    const records = readFileSync(resultFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line));
    const rows = lines.slice(1, -1).map((line) => line.split(','));
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r[2], r[3]]).sort()).toEqual([
      ['0.5', '0.1'],
      ['0.5', '0.25'],
      ['0.9', '0.1'],
      ['0.9', '0.25'],
    ]);
    rows.forEach((row, i) => {
      const record = records[i];
      expect(row[0]).toBe(String(record.index));
      expect(row[1]).toBe(String(record.seed));
      expect(Number(row[4])).toBe(record.values['supply, 2050']);
      expect(row[5]).toBe(record.values.balanced === null ? '' : String(record.values.balanced));
    });
    // Some runs reach balance and some never do: an empty field, not the year after the horizon.
    expect(rows.map((row) => row[5] === '')).toContain(true);
    expect(rows.map((row) => row[5] === '')).toContain(false);
    // The report writes the years of `balanced` as years, in its run table and its percentiles.
    const html = renderExperimentPage(experiment, summary);
    expect(html).toMatch(/<td class="number">20\d\d<\/td>/);
    expect(html).not.toMatch(/<td class="number">2,0\d\d(\.\d)?<\/td>/);
  });
});

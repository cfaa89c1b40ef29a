import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OrebusError, type Row, toCsv, toJson } from '@orebus/core';
import {
  isJointPackDir,
  type JointPack,
  jointCombinations,
  loadJointPack,
} from '../joint/joint-pack.js';
import {
  type CombinationRun,
  runCombinations,
  supplySensitivity,
} from '../model/reference-runs.js';
import { makeDirectory } from '../output-directory.js';
import { withLinesFromFiles } from '../pack/documents.js';
import {
  formatScenarioError,
  isScenarioError,
  listCombinations,
  loadPack,
  type Pack,
  resolveScenario,
  ScenarioError,
} from '../pack/index.js';
import { renderReport } from '../report/index.js';
import {
  checkPatterns,
  FINDINGS_PACK,
  formatPatternDetails,
  formatPatternTable,
  type PatternResult,
  withCalibrationFindings,
} from '../validation/index.js';
import { alignColumns } from './columns.js';
import { commandExperiment, commandSensitivity } from './experiment-commands.js';
import { commandJointRun, commandJointShow, commandJointValidate } from './joint-commands.js';
import { writeOutputDir } from './output-dir.js';
import { formatParameterRow } from './parameter-table.js';

/** Where the command writes; injected so tests can capture it. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal, so progress may be drawn. */
  readonly interactive?: boolean;
}

/** A command-line mistake: exit status 2 with every problem listed. */
export class UsageError extends OrebusError {
  constructor(readonly problems: readonly string[]) {
    super(
      'E_USAGE',
      `orebus: ${problems.length === 1 ? problems[0] : `\n  ${problems.join('\n  ')}`}`,
      {
        problems,
      },
    );
  }
}

const PACKS_DIR = new URL('../../packs/', import.meta.url).pathname;
export const DEFAULT_PACK = 'lithium-china';

const HELP = `orebus — agent-based simulation of critical-metal markets

Usage:
  orebus run [COMBO…] [--out DIR] [--seed N] [--set name=value…] [--variant NAME] [--pack P]
  orebus scenarios
  orebus show COMBO [--json] [--set name=value…] [--variant NAME] [--pack P]
  orebus validate [--json] [--seed N] [--set name=value…] [--variant NAME] [--pack P]
  orebus sensitivity [COMBO] [--out DIR] [--workers N] [--json] [--seed N] [--set name=value…]
                     [--variant NAME] [--pack P]
  orebus experiment FILE [--out DIR] [--workers N] [--json]

COMBO is a supply side and a demand side, e.g. S2-D3; run defaults to the paper's seven
(for a pack without paper combinations, such as cobalt-china: all its combinations).
Options:
  --out DIR       output directory (run: out; experiment: results/NAME; sensitivity:
                  results/sensitivity-COMBO, with the pack and a short id when --pack,
                  --variant, --set or --seed is given)
  --seed N        run seed, a non-negative integer (default: 0)
  --set P=V       override a parameter, e.g. --set market.SPR=0.8 (repeatable)
  --variant NAME  a named variant of the pack (orebus scenarios lists them), e.g.
                  compound-productivity
  --pack P        scenario pack, or a pack directory path (default: ${DEFAULT_PACK})
  --json          machine-readable output (show, validate, sensitivity, experiment)
  --workers N     worker threads of an experiment (default: the machine's cores); the
                  results are the same for any number
Exit status: 0 done, 1 failure of a run, 2 bad input, 130 an experiment stopped by Ctrl-C
(its finished runs are kept; the same command resumes it).`;

function version(): string {
  const manifest = new URL('../../package.json', import.meta.url).pathname;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export interface Options {
  /** Problems found in the options; reported with those of the combinations and overrides. */
  readonly problems: readonly string[];
  readonly command: string;
  readonly positionals: readonly string[];
  readonly out: string;
  readonly seed: number;
  readonly overrides: readonly string[];
  readonly variant: string | undefined;
  readonly pack: string;
  readonly json: boolean;
  readonly workers: number;
  /** Whether `--out` was given (an experiment otherwise writes to `results/NAME`). */
  readonly outGiven: boolean;
}

/**
 * The options each command takes. Any other given is refused: an option a command would ignore
 * (`run --workers 4`, `scenarios --pack cobalt-china`) would otherwise look as if it had worked.
 */
const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  run: ['out', 'seed', 'set', 'variant', 'pack'],
  scenarios: [],
  show: ['json', 'set', 'variant', 'pack'],
  validate: ['json', 'seed', 'set', 'variant', 'pack'],
  sensitivity: ['out', 'workers', 'json', 'seed', 'set', 'variant', 'pack'],
  experiment: ['out', 'workers', 'json'],
};
const COMMANDS = Object.keys(COMMAND_OPTIONS);

/** The options given that `command` does not take, as problems. */
function inapplicableOptions(command: string, given: readonly string[]): string[] {
  const taken = COMMAND_OPTIONS[command] ?? [];
  return given
    .filter((name) => name !== 'help' && !taken.includes(name))
    .map(
      (name) =>
        `--${name} does not apply to ${command}: ` +
        (taken.length === 0
          ? 'it takes no options'
          : `it takes ${taken.map((t) => `--${t}`).join(', ')}`),
    );
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        seed: { type: 'string' },
        set: { type: 'string', multiple: true },
        variant: { type: 'string' },
        pack: { type: 'string' },
        json: { type: 'boolean' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError([(error as Error).message]);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return 'help';
  const [command, ...rest] = positionals as string[];
  const problems: string[] = [];
  if (!COMMANDS.includes(command!)) {
    problems.push(`command = "${command}" is unknown: expected ${COMMANDS.join(', ')}`);
  } else {
    problems.push(...inapplicableOptions(command!, Object.keys(values)));
  }
  const workersText = values.workers as string | undefined;
  const workers = workersText === undefined ? availableParallelism() : Number(workersText);
  if (workersText !== undefined && !(/^\d+$/.test(workersText) && workers <= 256)) {
    problems.push(`--workers = "${workersText}" is not allowed: expected an integer 0…256`);
  }
  const seedText = values.seed as string | undefined;
  const seed = seedText === undefined ? 0 : Number(seedText);
  if (seedText !== undefined && !(/^\d+$/.test(seedText) && Number.isSafeInteger(seed))) {
    problems.push(`--seed = "${seedText}" is not allowed: expected a non-negative integer`);
  }
  const defaultOut =
    command === 'run' ? 'out' : join('results', command === 'sensitivity' ? 'sensitivity' : '');
  const out = (values.out as string | undefined) ?? defaultOut;
  if (values.out !== undefined || command === 'run') {
    if (out.trim() === '') problems.push('--out = "" is not allowed: expected a directory path');
    else problems.push(...outProblems(out));
  }
  if (!COMMANDS.includes(command!)) throw new UsageError(problems);
  return {
    problems,
    command: command!,
    positionals: rest,
    out,
    seed,
    overrides: (values.set as string[] | undefined) ?? [],
    variant: values.variant as string | undefined,
    pack: (values.pack as string | undefined) ?? DEFAULT_PACK,
    json: Boolean(values.json),
    workers,
    outGiven: values.out !== undefined,
  };
}

/**
 * Names of the single-metal packs shipped with Orebus: the directories of `packs/` whose
 * manifest is a `pack/1` (a joint pack's manifest has a format of its own).
 */
function shippedPacks(format = 'pack/1'): string[] {
  if (!existsSync(PACKS_DIR)) return [];
  const declares = new RegExp(`^orebus:\\s*${format.replace('/', '\\/')}\\s*$`, 'm');
  return readdirSync(PACKS_DIR)
    .filter((name) => {
      const manifest = join(PACKS_DIR, name, 'pack.yaml');
      return existsSync(manifest) && declares.test(readFileSync(manifest, 'utf8'));
    })
    .sort();
}

function openPack(name: string): Pack {
  // A name is a pack shipped with Orebus; anything with a slash is a directory of the user's.
  if (name.includes('/')) {
    if (!existsSync(join(name, 'pack.yaml'))) {
      throw new UsageError([
        `--pack = "${name}" is not a pack directory: expected ${join(name, 'pack.yaml')}`,
      ]);
    }
    return loadPack(name);
  }
  const available = shippedPacks();
  if (!available.includes(name)) {
    throw new UsageError([
      `--pack = "${name}" is unknown: expected one of ${available.join(', ')}, ` +
        `the joint ${shippedPacks('joint-pack/1').join(', ')} (not for sensitivity), ` +
        'or a directory path',
    ]);
  }
  return loadPack(join(PACKS_DIR, name));
}

/** What is wrong with an output directory before anything is run: it is a file. */
export function outProblems(out: string): string[] {
  return existsSync(out) && !statSync(out).isDirectory()
    ? [`--out = "${out}" is a file: expected a directory (new, or an earlier output)`]
    : [];
}

/** What is wrong with the combinations asked for: unknown ones, and any given twice. */
/**
 * The title of a run's report: the pack's, with the variant and the overrides when given, so
 * that two reports of one pack tell themselves apart at a glance.
 */
export function reportTitle(
  packTitle: string,
  options: Pick<Options, 'variant' | 'overrides'>,
): string {
  const changes = [
    ...(options.variant === undefined ? [] : [`variant ${options.variant}`]),
    ...(options.overrides.length === 0 ? [] : [`--set ${options.overrides.join(', ')}`]),
  ];
  return `Orebus — ${packTitle}${changes.length === 0 ? '' : ` (${changes.join('; ')})`}`;
}

export function combinationProblems(
  requested: readonly string[],
  ids: readonly string[],
): string[] {
  return [
    ...requested
      .filter((id) => !ids.includes(id))
      .map((id) => `COMBO = "${id}" is unknown: expected one of ${ids.join(', ')}`),
    // A combination given twice would be run twice and its rows written twice.
    ...[...new Set(requested.filter((id, i) => requested.indexOf(id) !== i))].map(
      (id) => `COMBO = "${id}" is given more than once: expected each combination once`,
    ),
  ];
}

/**
 * Checks the requested combinations and the overrides together, so that one message lists every
 * problem of the command line; returns the combinations to run.
 */
export function preflight(pack: Pack, requested: readonly string[], options: Options): string[] {
  const ids = listCombinations(pack).map((c) => c.id);
  const problems = [...options.problems, ...combinationProblems(requested, ids)];
  // A pack no paper covers (cobalt, nickel) runs all its combinations by default.
  const defaults = pack.paperCombinations.length > 0 ? pack.paperCombinations : ids;
  const combinations = requested.length > 0 ? [...requested] : [...defaults];
  try {
    resolveScenario(pack, combinations.find((id) => ids.includes(id)) ?? ids[0]!, {
      variant: options.variant,
      overrides: options.overrides,
    });
  } catch (error) {
    if (!isScenarioError(error) || problems.length === 0) throw error;
    problems.push(formatScenarioError(error));
  }
  if (problems.length > 0) throw new UsageError(problems);
  return combinations;
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const options = parseOptions(argv);
    if (options === 'help') {
      io.stdout(`${HELP}\n`);
      return 0;
    }
    // An experiment file names its own pack, single-metal or joint.
    if (options.command !== 'scenarios' && options.command !== 'experiment') {
      const joint = openJointPack(options.pack);
      if (joint !== undefined) return commandOnJointPack(options, joint, io);
    }
    switch (options.command) {
      case 'scenarios':
        if (options.problems.length > 0) throw new UsageError(options.problems);
        return commandScenarios(io);
      case 'show':
        return commandShow(options, io);
      case 'validate':
        return commandValidate(options, io);
      case 'sensitivity':
        return await commandSensitivity(options, openPack(options.pack), io, preflight);
      case 'experiment':
        return await commandExperiment(options, io, (name) => {
          return openJointPack(name)?.dir ?? openPack(name).dir;
        });
      default:
        return commandRun(options, io);
    }
  } catch (error) {
    if (isScenarioError(error)) {
      // Checks made after a file was parsed (against the pack, on the first run) know the field,
      // not the line: it is looked up in the file for the message.
      const placed = new ScenarioError(withLinesFromFiles(error.issues));
      io.stderr(`${formatScenarioError(placed)}\n`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      (error instanceof OrebusError && error.code === 'E_OUTPUT_DIR')
    ) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    // The output directory holds another experiment's result file, or not a result file at all.
    if (error instanceof OrebusError && RESULT_FILE_REFUSALS.has(error.code)) {
      io.stderr(`orebus: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`orebus: run failed: ${message}\n`);
    return 1;
  }
}

const RESULT_FILE_REFUSALS = new Set(['E_RESULT_FILE_MISMATCH', 'E_RESULT_FILE_CORRUPT']);

/** Names of the joint packs shipped with Orebus (several metals on one bus). */
function shippedJointPacks(): string[] {
  if (!existsSync(PACKS_DIR)) return [];
  return readdirSync(PACKS_DIR)
    .filter((name) => isJointPackDir(join(PACKS_DIR, name)))
    .sort();
}

/** The joint pack `--pack` names, or undefined when it names a single-metal pack. */
function openJointPack(name: string): JointPack | undefined {
  const dir = name.includes('/') ? name : join(PACKS_DIR, name);
  return existsSync(join(dir, 'pack.yaml')) && isJointPackDir(dir) ? loadJointPack(dir) : undefined;
}

function commandOnJointPack(options: Options, pack: JointPack, io: Io): number {
  switch (options.command) {
    case 'run':
      return commandJointRun(options, pack, io, version());
    case 'show':
      return commandJointShow(options, pack, io);
    case 'validate':
      return commandJointValidate(options, pack, io);
    default:
      throw new UsageError([
        `${options.command} --pack ${pack.name}: the paper's sensitivity test runs on ` +
          `single-metal packs only (use one of ${shippedPacks().join(', ')}); an experiment ` +
          'file may name a joint pack',
      ]);
  }
}

function commandScenarios(io: Io): number {
  for (const name of shippedJointPacks()) {
    const pack = loadJointPack(join(PACKS_DIR, name));
    io.stdout(`${name}: ${pack.title} (joint: ${pack.metals.join(', ')})\n`);
    io.stdout(`  combinations ${jointCombinations(pack.packs).join(', ')}\n`);
    for (const [variant, { title }] of Object.entries(pack.manifest.variants)) {
      io.stdout(`  variant ${variant}: ${title}\n`);
    }
  }
  const packs = shippedPacks();
  for (const name of packs) {
    const pack = loadPack(join(PACKS_DIR, name));
    io.stdout(`${name}: ${pack.title}\n`);
    for (const c of listCombinations(pack)) {
      const supply = pack.supplySides.get(c.supply)?.title ?? '';
      const demand = pack.demandSides.get(c.demand)?.title ?? '';
      io.stdout(`  ${c.id.padEnd(6)} ${c.inPaper ? 'paper' : '     '}  ${supply}; ${demand}\n`);
    }
    for (const [name, variant] of pack.variants) io.stdout(`  variant ${name}: ${variant.title}\n`);
  }
  return 0;
}

function commandShow(options: Options, io: Io): number {
  const pack = openPack(options.pack);
  if (options.positionals.length !== 1) {
    throw new UsageError([`show takes one COMBO, got ${options.positionals.length}`]);
  }
  const [combination] = preflight(pack, options.positionals, options);
  const scenario = resolveScenario(pack, combination!, {
    variant: options.variant,
    overrides: options.overrides,
  });
  if (options.json) {
    io.stdout(
      `${JSON.stringify({ combination, contentHash: scenario.contentHash, parameters: scenario.table }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout(
    `${combination}${options.variant ? ` (${options.variant})` : ''}  sha256 ${scenario.contentHash}\n`,
  );
  for (const row of scenario.table) io.stdout(formatParameterRow(row));
  return 0;
}

/** The reference model's metal: the only one the patterns of MODEL.md 11 are defined for. */
const PATTERN_METAL = 'Li';

/** Why a pack of another metal gets no pattern validation, in one sentence. */
function noPatternsNote(pack: Pack): string {
  return (
    `Patterns P1-P13 (MODEL.md 11) describe the lithium paper's results and are defined for ` +
    `lithium only; pack ${pack.name} is for ${pack.metal}, so no pattern is checked.`
  );
}

function validation(
  pack: Pack,
  runs: readonly CombinationRun[],
  options: Options,
): PatternResult[] {
  const results = new Map(runs.map((run) => [run.series.combination, run.series]));
  const sensitivity = supplySensitivity(pack, 'S1-D1', {
    variant: options.variant,
    overrides: options.overrides,
    seed: options.seed,
  });
  const patterns = checkPatterns(results, sensitivity);
  // The findings describe this pack's calibration; a copy of it under another name gets none.
  return pack.name === FINDINGS_PACK ? withCalibrationFindings(patterns) : patterns;
}

function commandValidate(options: Options, io: Io): number {
  const pack = openPack(options.pack);
  const combinations = preflight(pack, [], options);
  if (pack.metal !== PATTERN_METAL) {
    // Nothing is run: there is nothing to check the runs against.
    if (options.json) io.stdout('[]\n');
    (options.json ? io.stderr : io.stdout)(`${noPatternsNote(pack)}\n`);
    return 0;
  }
  const runs = runCombinations(pack, combinations, {
    variant: options.variant,
    overrides: options.overrides,
    seed: options.seed,
  });
  const patterns = validation(pack, runs, options);
  if (options.json) {
    io.stdout(`${JSON.stringify(patterns, null, 2)}\n`);
    return 0;
  }
  const held = patterns.filter((p) => p.held).length;
  io.stdout(`${formatPatternTable(patterns)}\n${held} of ${patterns.length} patterns hold\n`);
  if (held < patterns.length) {
    io.stdout(
      `\nThe evidence for each pattern that does not hold, and what the calibration's searches found\n` +
        `it conflicts with (packages/scenarios/calibration/README.md):\n${formatPatternDetails(patterns)}\n`,
    );
  }
  return 0;
}

function commandRun(options: Options, io: Io): number {
  const started = new Date();
  const pack = openPack(options.pack);
  const combinations = preflight(pack, options.positionals, options);
  // The output's parent is made before the runs, so that an --out that cannot be made is
  // refused before anything is computed (the output itself is written at the end).
  makeDirectory(dirname(resolve(options.out)), options.out);
  const progress = (done: number, total: number, id: string) => {
    if (io.interactive)
      io.stderr(`\rrunning ${id} (${done}/${total})${done === total ? '\n' : ''}`);
  };
  const runs = runCombinations(pack, combinations, {
    variant: options.variant,
    overrides: options.overrides,
    seed: options.seed,
    onRun: progress,
  });
  const checked = pack.metal === PATTERN_METAL;
  const patterns = checked ? validation(pack, runs, options) : undefined;

  const rows: Row[] = runs.flatMap((run) => [...run.data.rows(run.series.combination)]);
  const finished = new Date();
  const manifest = {
    tool: 'orebus',
    version: version(),
    pack: pack.name,
    ...(checked ? {} : { metal: pack.metal }),
    variant: options.variant ?? null,
    combinations: runs.map((run) => ({
      id: run.series.combination,
      contentHash: run.scenario.contentHash,
      derived: run.derived,
    })),
    seed: options.seed,
    overrides: options.overrides,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
  };
  const baseline = runs[0]!;
  const report = renderReport({
    title: reportTitle(pack.title, options),
    generatedAt: finished.toISOString(),
    manifest,
    series: runs.map((run) => run.series),
    ...(patterns === undefined ? { metal: pack.metal } : { validation: patterns }),
    backTest: backTest(baseline),
    notes: checked ? NOTES : [noPatternsNote(pack)],
  });
  writeOutputDir(options.out, {
    'series.csv': toCsv(rows),
    'series.json': toJson(rows),
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'report.html': report,
  });

  io.stdout(summaryTable(runs, pack.metal));
  if (patterns === undefined) io.stdout(`${noPatternsNote(pack)}\n`);
  else
    io.stdout(
      `${patterns.filter((p) => p.held).length} of ${patterns.length} patterns hold (orebus validate for details)\n`,
    );
  io.stdout(`wrote ${options.out}/series.csv, series.json, manifest.json, report.html\n`);
  return 0;
}

function backTest(run: CombinationRun) {
  const { stock2023Observed } = run.scenario.parameters.ev;
  const index = run.series.years.indexOf(2023);
  return {
    label: `EV stock at the end of 2023 (${run.series.combination})`,
    year: 2023,
    observed: stock2023Observed,
    modelled: index < 0 ? Number.NaN : run.series.evStock[index]!,
    unit: 'vehicles',
    source: 'Ministry of Public Security year-end figure (MODEL.md 8a)',
  };
}

const NOTES = [
  'Two statements of the paper contradict its own set-up and cannot be shown by a faithful model ' +
    '(MODEL.md section 11): the ESS ordering "D3 above D2" (D3 changes only the EV scenario), and ' +
    'the conclusion that "S2-D4 never balances", which its results section says of S3-D4.',
  'P13: the paper measures "total lithium demand", which its equations make independent of ' +
    'a, SCP, SPR, Eco and Con; the check measures total supply in 2050 instead.',
];

function summaryTable(runs: readonly CombinationRun[], metal: string): string {
  const kt = (t: number) => (t / 1000).toFixed(1);
  // A price that compounds for decades can run to twenty digits: written as a power of ten.
  const price = (p: number) => (Math.abs(p) >= 1e9 ? p.toExponential(3) : p.toFixed(0));
  const rows = runs.map((run) => {
    const s = run.series;
    const last = s.years.length - 1;
    const first = s.years.find((_, i) => s.supply[i]! >= s.demand[i]!);
    return [
      s.combination,
      kt(s.supply[last]!),
      kt(s.demand[last]!),
      kt(s.supply[last]! - s.demand[last]!),
      String(first ?? 'never'),
      price(s.price[last]!),
    ];
  });
  const unit = `kt ${metal}`;
  const header = ['combo', 'supply2050', 'demand2050', 'balance2050', 'firstBalanced', 'price2050'];
  const units = ['', unit, unit, unit, '', 'units/t'];
  // The header and unit lines left-aligned, the numbers (every column but the first) right.
  const lines = alignColumns([header, units, ...rows], (row, column) => row >= 2 && column > 0);
  return `${lines.join('\n')}\n`;
}

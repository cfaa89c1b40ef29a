/**
 * The `orebus` commands on a joint pack (several metals on one bus): `run` writes the same
 * files as for one metal, with a report section per metal and a joint view; `show` lists every
 * metal's parameters, the chemistry file and the chemistry rule; `validate` says that the
 * paper's patterns are defined for lithium alone.
 */
import { dirname, resolve } from 'node:path';
import { type Row, toCsv, toJson } from '@orebus/core';
import { type JointPack, jointCombinations, resolveJoint } from '../joint/joint-pack.js';
import { type JointCombinationRun, runJointCombinations } from '../joint/joint-runs.js';
import { makeDirectory } from '../output-directory.js';
import { renderJointReport } from '../report/render-joint-report.js';
import type { Io, Options } from './main.js';
import { combinationProblems, reportTitle, UsageError } from './main.js';
import { writeOutputDir } from './output-dir.js';
import { formatParameterRow } from './parameter-table.js';

/** Checks the requested combinations and the overrides together; returns those to run. */
function preflightJoint(pack: JointPack, requested: readonly string[], options: Options): string[] {
  const ids = jointCombinations(pack.packs);
  const problems = [...options.problems, ...combinationProblems(requested, ids)];
  if (problems.length > 0) throw new UsageError(problems);
  return requested.length > 0 ? [...requested] : [...pack.combinations];
}

export function commandJointRun(
  options: Options,
  pack: JointPack,
  io: Io,
  version: string,
): number {
  const started = new Date();
  const combinations = preflightJoint(pack, options.positionals, options);
  makeDirectory(dirname(resolve(options.out)), options.out);
  const runs = runJointCombinations(pack, combinations, {
    variant: options.variant,
    overrides: options.overrides,
    seed: options.seed,
    onRun: (done, total, id) => {
      if (io.interactive) {
        io.stderr(`\rrunning ${id} (${done}/${total})${done === total ? '\n' : ''}`);
      }
    },
  });

  const rows: Row[] = runs.flatMap((run) => [...run.data.rows(run.series.combination)]);
  const finished = new Date();
  const manifest = {
    tool: 'orebus',
    version,
    pack: pack.name,
    metals: pack.metals,
    variant: options.variant ?? null,
    combinations: runs.map((run) => ({
      id: run.series.combination,
      contentHash: run.scenario.contentHash,
      metals: Object.fromEntries(
        [...run.scenario.scenarios].map(([metal, s]) => [metal, s.contentHash]),
      ),
      priceResponse: run.scenario.priceResponse,
    })),
    seed: options.seed,
    overrides: options.overrides,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
  };
  const report = renderJointReport({
    title: reportTitle(pack.title, options),
    generatedAt: finished.toISOString(),
    manifest,
    runs: runs.map((run) => run.series),
    notes: NOTES,
  });
  writeOutputDir(options.out, {
    'series.csv': toCsv(rows),
    'series.json': toJson(rows),
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'report.html': report,
  });

  io.stdout(jointSummary(runs));
  io.stdout(
    'The paper’s patterns P1–P13 are defined for the lithium reference model alone; ' +
      'run `orebus validate` on the lithium-china pack.\n',
  );
  io.stdout(`wrote ${options.out}/series.csv, series.json, manifest.json, report.html\n`);
  return 0;
}

const NOTES = [
  'In a joint run the lithium demand comes from the chemistry mix (BatPac intensities by ' +
    'chemistry), not from the paper’s single lithium intensity, so its lithium results differ ' +
    'from those of the lithium-china pack run alone; that pack is unchanged.',
  'Each market forms its own price in its own price units; the chemistry rule compares them ' +
    'through each metal’s reference value at its market’s first quote.',
];

function jointSummary(runs: readonly JointCombinationRun[]): string {
  const kt = (t: number) => (t / 1000).toFixed(1);
  const lines = ['combo   metal  supply2050  demand2050  balance2050  firstBalanced'];
  for (const run of runs) {
    const s = run.series;
    const last = s.years.length - 1;
    for (const m of s.metals) {
      const first = s.years.find((_, i) => m.supply[i]! >= m.demand[i]!);
      lines.push(
        `${s.combination.padEnd(8)}${m.metal.padEnd(5)}` +
          `${`${kt(m.supply[last]!)} kt`.padStart(12)}${`${kt(m.demand[last]!)} kt`.padStart(12)}` +
          `${`${kt(m.supply[last]! - m.demand[last]!)} kt`.padStart(13)}` +
          `${String(first ?? 'never').padStart(15)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function commandJointShow(options: Options, pack: JointPack, io: Io): number {
  if (options.positionals.length !== 1) {
    throw new UsageError([`show takes one COMBO, got ${options.positionals.length}`]);
  }
  const [combination] = preflightJoint(pack, options.positionals, options);
  const scenario = resolveJoint(pack, combination!, {
    variant: options.variant,
    overrides: options.overrides,
  });
  if (options.json) {
    const parameters = Object.fromEntries(
      [...scenario.scenarios].map(([metal, s]) => [metal, s.table]),
    );
    io.stdout(
      `${JSON.stringify(
        {
          combination,
          contentHash: scenario.contentHash,
          parameters,
          chemistry: scenario.chemistry.table,
          priceResponse: scenario.table,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  io.stdout(
    `${combination}${options.variant ? ` (${options.variant})` : ''}  sha256 ${scenario.contentHash}\n`,
  );
  for (const [metal, s] of scenario.scenarios) {
    io.stdout(`\n[${metal}] ${pack.packs.get(metal)!.title}\n`);
    for (const row of s.table)
      io.stdout(formatParameterRow({ ...row, path: `${metal}.${row.path}` }, 38));
  }
  io.stdout('\n[chemistry]\n');
  for (const row of scenario.chemistry.table) io.stdout(formatParameterRow(row, 38));
  io.stdout('\n[chemistry rule]\n');
  for (const row of scenario.table) io.stdout(formatParameterRow(row, 38));
  return 0;
}

export function commandJointValidate(options: Options, pack: JointPack, io: Io): number {
  if (options.problems.length > 0) throw new UsageError(options.problems);
  // As for a single-metal pack without patterns: with --json, an empty array on stdout and the
  // note on stderr, so that what reads the JSON gets JSON.
  if (options.json) io.stdout('[]\n');
  (options.json ? io.stderr : io.stdout)(
    `${pack.name}: the paper's patterns P1–P13 are defined for the lithium reference model ` +
      'alone, so there is nothing to validate in a joint pack; run `orebus validate` (the ' +
      'lithium-china pack).\n',
  );
  return 0;
}

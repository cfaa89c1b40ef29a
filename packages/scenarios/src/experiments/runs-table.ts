// The runs of a finished experiment as one CSV table, one row a run: its factor values and its
// scalar outputs side by side, as BehaviorSpace's table output or Mesa's batch run give them,
// for whoever analyses the runs in another tool.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { csvField } from '@orebus/core';
import { readResults } from './engine/index.js';
import type { Experiment } from './experiment-file.js';
import type { ExperimentPlan } from './plan.js';

/** Records written between two writes to the file: bounds what waits in memory. */
const ROWS_PER_WRITE = 1024;

/**
 * Writes `file`: the header `run,seed,<factor paths…>,<scalar outputs…>`, then one CRLF line per
 * run in index order, numbers in their shortest round-trip form. An output a run could not give
 * (a NaN, or no first balanced year) is an empty field. Series outputs stay in the result file.
 * Streams from `resultFile`, so memory does not grow with the runs; the table is written to a
 * temporary file beside `file` and renamed into place, so a failure leaves none half written.
 */
export function writeRunsTable(
  experiment: Experiment,
  plan: ExperimentPlan,
  resultFile: string,
  file: string,
): void {
  const scalars = experiment.outputs.filter((o) => o.kind !== 'series').map((o) => o.name);
  const header = ['run', 'seed', ...experiment.factors.map((f) => f.path), ...scalars];
  const staging = `${file}.${process.pid}.partial`;
  const fd = openSync(staging, 'w');
  let written = false;
  try {
    let lines = [header.map(csvField).join(',')];
    const flush = () => {
      writeSync(fd, `${lines.join('\r\n')}\r\n`);
      lines = [];
    };
    for (const record of readResults(resultFile)) {
      const fields = [
        record.index,
        record.seed,
        ...plan.design.row(record.index),
        ...scalars.map((name) => record.values[name] ?? null),
      ];
      lines.push(fields.map(csvField).join(','));
      if (lines.length >= ROWS_PER_WRITE) flush();
    }
    if (lines.length > 0) flush();
    written = true;
  } finally {
    closeSync(fd);
    if (!written) rmSync(staging, { force: true });
  }
  try {
    renameSync(staging, file);
  } catch (error) {
    rmSync(staging, { force: true });
    throw error;
  }
}

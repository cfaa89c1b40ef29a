// One measured experiment of `experiments-bench.ts`, in a fresh process of its own. Plain
// JavaScript on purpose: the child runs the built `dist/` with nothing but `node`, as `orebus
// experiment` does, so no TypeScript loader adds start-up time or memory to what is measured.
//
//   node --expose-gc packages/scenarios/bench/experiments-child.mjs EXPERIMENT_JSON WORKERS OUT_DIR
//   node packages/scenarios/bench/experiments-child.mjs --imports-only
//
// EXPERIMENT_JSON is an experiment file's data (the parent builds it, so that both children and
// the parent's warm timings share one definition). Prints one JSON line: times in ms from the
// start of `runExperiment`, CPU times of the whole process (worker threads included) at the same
// moments, and peak RSS. With `--expose-gc`, also the calling thread's heap after a full
// collection at the last record, while the pool still runs. The result file stays in OUT_DIR for
// the parent to check and remove.
import { fileURLToPath } from 'node:url';
import {
  compilingOnOwnThread,
  ExperimentFileSchema,
  runExperiment,
  toExperiment,
} from '../dist/index.js';

const PACK_DIR = fileURLToPath(new URL('../packs/lithium-china', import.meta.url));

// Static imports are evaluated before this line, so this is Node's start-up and the imports.
const importedAtMs = performance.now();

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function measure(data, workers, out) {
  const experiment = toExperiment(ExperimentFileSchema.parse(data), 'experiments-bench');
  const cpuAtStart = cpuMs();
  const start = performance.now();
  // Progress comes once when the result file is open (planning done, no worker started yet),
  // then after every finished run.
  let planned;
  let first;
  let last;
  let heapAtLastMiB;
  let compiledOnOwnThread = false;
  const result = await runExperiment(experiment, PACK_DIR, {
    out,
    workers,
    onProgress: ({ done, total }) => {
      // Marks only where one is kept: process.cpuUsage() on every record cost about 5 % of a
      // run, which the measurement then charged to the runs.
      if (done === 0 || first === undefined || done === total) {
        const mark = { ms: performance.now() - start, cpuMs: cpuMs() - cpuAtStart };
        if (done === 0) planned = mark;
        else first ??= mark;
        if (done === total) last = mark;
      }
      // Once, after the last mark is taken: what the calling thread still holds.
      if (done === 0) compiledOnOwnThread = compilingOnOwnThread();
      if (done === total && globalThis.gc) {
        globalThis.gc();
        heapAtLastMiB = process.memoryUsage().heapUsed / 2 ** 20;
      }
    },
  });
  const end = { ms: performance.now() - start, cpuMs: cpuMs() - cpuAtStart };
  return {
    importedAtMs,
    runs: result.summary.runs,
    planned,
    first,
    last,
    end,
    peakRssMiB: peakRssMiB(),
    heapAtLastMiB,
    compiledOnOwnThread,
    resultFile: result.resultFile,
  };
}

const args = process.argv.slice(2);
const report =
  args[0] === '--imports-only'
    ? { importedAtMs, peakRssMiB: peakRssMiB() }
    : await measure(JSON.parse(args[0]), Number(args[1]), args[2]);
process.stdout.write(`${JSON.stringify(report)}\n`);

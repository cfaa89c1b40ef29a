import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScenarioError, isScenarioError, type ScenarioError } from '../../pack/index.js';
import { executeExperiment } from './execute-experiment.js';
import type { ExperimentJob } from './experiment-job.js';
import type { ExperimentProgress } from './progress.js';
import { readResultHeader, readResults } from './result-file.js';
import { testJob } from './test-job.test-support.js';

const RUNS = 40;
// Each worker thread started from the TypeScript sources compiles and loads them first, about a
// second and a half of CPU, so tests that start pools get more time than the default.
const POOL_TIMEOUT_MS = 60_000;
let dir: string;
let reference: string;

/** The error a promise rejects with. */
async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: object }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; details?: object };
  }
  throw new Error('expected the promise to reject');
}

function recordLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length - 2;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orebus-engine-'));
  const file = join(dir, 'reference.jsonl');
  await executeExperiment(testJob(RUNS), { resultFile: file, workers: 0 });
  reference = readFileSync(file, 'utf8');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('executeExperiment', () => {
  it(
    'writes byte-identical result files in the calling thread and on 1, 2 or 3 workers',
    async () => {
      const files = [1, 2, 3].map((workers) => join(dir, `workers-${workers}.jsonl`));

      for (const [i, file] of files.entries()) {
        await executeExperiment(testJob(RUNS), { resultFile: file, workers: i + 1 });
      }

      expect(reference.split('\n')).toHaveLength(RUNS + 2);
      for (const file of files) expect(readFileSync(file, 'utf8')).toBe(reference);
    },
    POOL_TIMEOUT_MS,
  );

  it(
    'keeps every run finished before an abort and resumes to the uninterrupted file',
    async () => {
      const file = join(dir, 'aborted.jsonl');
      const controller = new AbortController();
      const onProgress = (p: ExperimentProgress) => {
        if (p.done === 15) controller.abort();
      };

      const error = await rejectionOf(
        executeExperiment(testJob(RUNS), {
          resultFile: file,
          workers: 2,
          onProgress,
          signal: controller.signal,
        }),
      );
      const kept = recordLines(file);
      const outcome = await executeExperiment(testJob(RUNS), { resultFile: file, workers: 0 });

      expect(error.code).toBe('E_EXPERIMENT_ABORTED');
      expect(kept).toBeGreaterThanOrEqual(1);
      expect(kept).toBeLessThan(RUNS);
      expect(outcome).toEqual({ completed: RUNS, resumedFrom: kept });
      expect(readFileSync(file, 'utf8')).toBe(reference);
    },
    POOL_TIMEOUT_MS,
  );

  it('cuts off a partial last line on resume and redoes that run', async () => {
    const file = join(dir, 'partial.jsonl');
    const lines = reference.split('\n');
    const intact = lines.slice(0, 11).join('\n').length + 1; // header and ten records
    writeFileSync(file, reference);
    truncateSync(file, intact + 25);

    const outcome = await executeExperiment(testJob(RUNS), { resultFile: file, workers: 0 });

    expect(outcome).toEqual({ completed: RUNS, resumedFrom: 10 });
    expect(readFileSync(file, 'utf8')).toBe(reference);
  });

  it('starts afresh over a header cut off before its newline', async () => {
    const file = join(dir, 'partial-header.jsonl');
    writeFileSync(file, reference.slice(0, 30));

    const outcome = await executeExperiment(testJob(RUNS), { resultFile: file, workers: 0 });

    expect(outcome).toEqual({ completed: RUNS, resumedFrom: 0 });
    expect(readFileSync(file, 'utf8')).toBe(reference);
  });

  it('leaves a finished result file as it is', async () => {
    const file = join(dir, 'finished.jsonl');
    writeFileSync(file, reference);
    const before = statSync(file).mtimeMs;
    const reports: ExperimentProgress[] = [];

    const outcome = await executeExperiment(testJob(RUNS), {
      resultFile: file,
      workers: 2,
      onProgress: (p) => reports.push(p),
    });

    expect(outcome).toEqual({ completed: RUNS, resumedFrom: RUNS });
    expect(statSync(file).mtimeMs).toBe(before);
    expect(reports).toEqual([{ done: RUNS, total: RUNS, ratePerSecond: 0, secondsLeft: 0 }]);
  });

  it('refuses to resume a result file of another experiment and leaves it untouched', async () => {
    const file = join(dir, 'other.jsonl');
    writeFileSync(file, reference.slice(0, reference.length - 100));

    const changedId = await rejectionOf(
      executeExperiment(testJob(RUNS, 'test-experiment-2'), { resultFile: file, workers: 0 }),
    );
    const changedRuns = await rejectionOf(
      executeExperiment(testJob(RUNS + 1), { resultFile: file, workers: 0 }),
    );

    expect(changedId.code).toBe('E_RESULT_FILE_MISMATCH');
    expect(changedId.details).toMatchObject({
      file,
      found: 'test-experiment-1',
      expected: 'test-experiment-2',
    });
    expect(changedRuns.details).toMatchObject({ field: 'runs' });
    expect(readFileSync(file, 'utf8')).toBe(reference.slice(0, reference.length - 100));
  });

  it('refuses a file that is not a result file, and one with records out of order', async () => {
    const foreign = join(dir, 'foreign.txt');
    writeFileSync(foreign, 'name,value\nalpha,1\n');
    const shuffled = join(dir, 'shuffled.jsonl');
    const lines = reference.split('\n');
    writeFileSync(shuffled, [lines[0], lines[2], lines[1], ''].join('\n'));

    const foreignError = await rejectionOf(
      executeExperiment(testJob(RUNS), { resultFile: foreign, workers: 0 }),
    );
    const shuffledError = await rejectionOf(
      executeExperiment(testJob(RUNS), { resultFile: shuffled, workers: 0 }),
    );

    expect(foreignError.code).toBe('E_RESULT_FILE_CORRUPT');
    expect(shuffledError.code).toBe('E_RESULT_FILE_CORRUPT');
    expect(shuffledError.details).toMatchObject({ line: 2 });
    expect(readFileSync(foreign, 'utf8')).toBe('name,value\nalpha,1\n');
  });

  it.each([0, 2])(
    'stops at a failing run, names it, and keeps the records before it (%i workers)',
    async (workers) => {
      const file = join(dir, `failing-${workers}.jsonl`);
      const base = testJob(RUNS);
      const failing: ExperimentJob = {
        ...base,
        runAt: (index) => ({
          ...base.runAt(index),
          ...(index === 7 ? { combination: 'S9-D9' } : {}),
        }),
      };

      const error = await rejectionOf(executeExperiment(failing, { resultFile: file, workers }));
      const cause = (error as { cause?: unknown }).cause;

      expect(error.code).toBe('E_RUN_FAILED');
      expect(error.details).toMatchObject({ index: 7, spec: { combination: 'S9-D9' } });
      expect(isScenarioError(cause)).toBe(true);
      expect(formatScenarioError(cause as ScenarioError)).toContain('S9-D9');
      expect(readFileSync(file, 'utf8')).toBe(`${reference.split('\n').slice(0, 8).join('\n')}\n`);
    },
    POOL_TIMEOUT_MS,
  );

  it('reports every finished run, ending with all done and no time left', async () => {
    const reports: ExperimentProgress[] = [];

    await executeExperiment(testJob(10), {
      resultFile: join(dir, 'progress.jsonl'),
      workers: 0,
      onProgress: (p) => reports.push(p),
    });

    expect(reports.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reports[0]).toMatchObject({ ratePerSecond: 0, secondsLeft: null });
    expect(reports.at(-1)).toMatchObject({ total: 10, secondsLeft: 0 });
    expect(reports.at(-1)!.ratePerSecond).toBeGreaterThan(0);
  });

  it('refuses a bad worker count or duplicate output names before touching the file', async () => {
    const file = join(dir, 'never-written.jsonl');
    const job = testJob(RUNS);
    const duplicated: ExperimentJob = { ...job, outputs: [...job.outputs, job.outputs[0]!] };

    const workers = await rejectionOf(executeExperiment(job, { resultFile: file, workers: 1.5 }));
    const outputs = await rejectionOf(
      executeExperiment(duplicated, { resultFile: file, workers: 0 }),
    );

    expect(workers.code).toBe('E_INVALID_ARGUMENT');
    expect(outputs.code).toBe('E_INVALID_ARGUMENT');
    expect(() => statSync(file)).toThrow();
  });
});

describe('readResults', () => {
  it('gives back the header and every record in index order, skipping a partial last line', () => {
    const file = join(dir, 'read.jsonl');
    writeFileSync(file, reference.slice(0, reference.length - 40));

    const header = readResultHeader(file);
    const records = [...readResults(file)];

    expect(header).toEqual({
      experiment: 'test-experiment-1',
      runs: RUNS,
      outputs: testJob(RUNS).outputs,
    });
    expect(records.map((r) => r.index)).toEqual([...Array(RUNS - 1).keys()]);
    expect(records[3]!.seed).toBe(testJob(RUNS).runAt(3).seed);
    expect(records[3]!.series!.price).toHaveLength(28);
  });
});

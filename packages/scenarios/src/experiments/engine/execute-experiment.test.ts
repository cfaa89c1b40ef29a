import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatScenarioError,
  isScenarioError,
  loadPack,
  type ScenarioError,
} from '../../pack/index.js';
import { executeExperiment, startWorkers } from './execute-experiment.js';
import type { ExperimentJob } from './experiment-job.js';
import type { ExperimentProgress } from './progress.js';
import { readResultHeader, readResults } from './result-file.js';
import { PACK_DIR, testJob } from './test-job.test-support.js';

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
      // More runs than can be in flight before run 0 is written (64 × 2 workers), so the abort
      // below always comes with runs left, whichever worker starts first.
      const runs = 400;
      const file = join(dir, 'aborted.jsonl');
      const whole = join(dir, 'not-aborted.jsonl');
      await executeExperiment(testJob(runs), { resultFile: whole, workers: 0 });
      const controller = new AbortController();
      const onProgress = (p: ExperimentProgress) => {
        // Run 0 may finish after others (its worker started last): wait until it is written.
        if (p.done >= 15 && !controller.signal.aborted && recordLines(file) >= 1) {
          controller.abort();
        }
      };

      const error = await rejectionOf(
        executeExperiment(testJob(runs), {
          resultFile: file,
          workers: 2,
          onProgress,
          signal: controller.signal,
        }),
      );
      const kept = recordLines(file);
      const outcome = await executeExperiment(testJob(runs), { resultFile: file, workers: 0 });

      expect(error.code).toBe('E_EXPERIMENT_ABORTED');
      expect(kept).toBeGreaterThanOrEqual(1);
      expect(kept).toBeLessThan(runs);
      expect(outcome).toEqual({ completed: runs, resumedFrom: kept });
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(whole, 'utf8'));
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

  it(
    'runs on workers started ahead, leaves them to the caller, and refuses a pool that does not fit',
    async () => {
      const job = testJob(RUNS);
      const pool = startWorkers(2, job.packDir);
      const other = join(dir, 'other-pack.jsonl');
      try {
        const files = ['pool-1.jsonl', 'pool-2.jsonl'].map((name) => join(dir, name));
        // Twice on the same pool: the first experiment does not close it.
        for (const file of files) {
          await executeExperiment(job, { resultFile: file, workers: 2, pool });
          expect(readFileSync(file, 'utf8')).toBe(reference);
        }

        const count = await rejectionOf(
          executeExperiment(job, { resultFile: other, workers: 3, pool }),
        );
        const pack = await rejectionOf(
          executeExperiment({ ...job, packDir: dir }, { resultFile: other, workers: 2, pool }),
        );
        expect(count).toMatchObject({ code: 'E_INVALID_ARGUMENT', details: { field: 'pool' } });
        expect(pack).toMatchObject({
          code: 'E_INVALID_ARGUMENT',
          details: { field: 'pool.packDir' },
        });
        expect(() => statSync(other)).toThrow();
      } finally {
        await pool.close();
        await pool.close();
      }
      // A pack the workers cannot load as they start fails the first run, with the pack's error.
      const missing = join(dir, 'no-such-pack');
      const broken = startWorkers(1, missing);
      try {
        const error = await rejectionOf(
          executeExperiment(
            { ...job, packDir: missing },
            { resultFile: join(dir, 'missing-pack.jsonl'), workers: 1, pool: broken },
          ),
        );
        expect(error).toMatchObject({ code: 'E_RUN_FAILED', details: { index: 0 } });
        const cause = String((error as { cause?: unknown }).cause);
        expect(cause).toContain('no-such-pack');
        expect(cause).not.toContain('outside any run');
      } finally {
        await broken.close();
      }
      expect(() => startWorkers(0, job.packDir)).toThrowError(
        expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
      );
    },
    POOL_TIMEOUT_MS,
  );
});

describe('startWorkers with the pack loaded', () => {
  it(
    'gives the workers a copy of the pack, so they read none of its files',
    async () => {
      // A copy of the pack, loaded here and then deleted: workers that read the files would
      // fail the first run, as the pool without the pack does.
      const copy = join(dir, 'pack-copy');
      cpSync(PACK_DIR, copy, { recursive: true });
      const pack = loadPack(copy);
      rmSync(copy, { recursive: true });
      const job = { ...testJob(RUNS), packDir: copy };
      const pool = startWorkers(2, copy, pack);
      const file = join(dir, 'copied-pack.jsonl');
      try {
        await executeExperiment(job, { resultFile: file, workers: 2, pool });
      } finally {
        await pool.close();
      }

      expect(readFileSync(file, 'utf8')).toBe(reference);
    },
    POOL_TIMEOUT_MS,
  );
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

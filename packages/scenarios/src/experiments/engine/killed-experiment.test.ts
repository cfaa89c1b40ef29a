import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { executeExperiment } from './execute-experiment.js';
import { testJob } from './test-job.test-support.js';

const RUNS = 200;
const SCRIPT = fileURLToPath(new URL('./killed-experiment.test-support.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'orebus-killed-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Complete lines in `file` so far: the header and the records, not a partial last line. */
function linesIn(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

/** Runs the experiment in a child process and kills it with SIGKILL once `file` has `lines`. */
async function killMidway(file: string, lines: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, '--conditions=@orebus/source', SCRIPT, file, String(RUNS)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.on('exit', (_code, signal) => resolve(signal));
  });
  const poll = setInterval(() => {
    if (linesIn(file) >= lines) child.kill('SIGKILL');
  }, 10);
  const signal = await exited;
  clearInterval(poll);
  if (signal !== 'SIGKILL') throw new Error(`the child ended by itself before the kill: ${stderr}`);
}

describe('an experiment killed midway', () => {
  it('resumes to a result file byte-identical to an uninterrupted one', async () => {
    const uninterrupted = join(dir, 'uninterrupted.jsonl');
    const killed = join(dir, 'killed.jsonl');
    await executeExperiment(testJob(RUNS), { resultFile: uninterrupted, workers: 0 });

    await killMidway(killed, 30);
    const kept = linesIn(killed);
    const outcome = await executeExperiment(testJob(RUNS), { resultFile: killed, workers: 0 });

    expect(kept).toBeGreaterThanOrEqual(30);
    expect(kept - 1).toBeLessThan(RUNS);
    expect(outcome).toEqual({ completed: RUNS, resumedFrom: kept - 1 });
    expect(readFileSync(killed, 'utf8')).toBe(readFileSync(uninterrupted, 'utf8'));
  }, 60_000);
});

// Ctrl-C during `orebus experiment`: the command stops cleanly, says where the finished runs
// are and that the same command resumes, exits 130, and the same command does resume.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { orebus } from './orebus.test-support.js';

const BIN = fileURLToPath(new URL('../packages/scenarios/src/bin/orebus.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const RUNS = 3000;
const dir = mkdtempSync(join(tmpdir(), 'orebus-interrupt-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Complete lines of `file` so far: the header and the records. */
function linesIn(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

describe('orebus experiment interrupted by Ctrl-C', () => {
  it('keeps the finished runs, says how to resume, exits 130, and resumes', async () => {
    const file = join(dir, 'mc.yaml');
    writeFileSync(
      file,
      `orebus: experiment/1
name: interrupted
seed: 4
method: { kind: monte-carlo, runs: ${RUNS} }
factors: [{ path: market.SPR, distribution: { kind: uniform, min: 0.2, max: 1 } }]
outputs: [{ name: supply2050, kind: value, variable: supply, year: 2050 }]
`,
    );
    const out = join(dir, 'out');
    const results = join(out, 'results.jsonl');
    const child = spawn(
      process.execPath,
      ['--import', TSX, '--conditions=@orebus/source', BIN, 'experiment', file, '--out', out],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    child.stdio[1]!.resume();
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && linesIn(results) > 30) {
        sent = true;
        child.kill('SIGINT');
      }
    }, 10);
    const status = await exited;
    clearInterval(poll);
    const kept = linesIn(results) - 1;

    expect(sent).toBe(true);
    expect(status).toBe(130);
    expect(stderr).toMatch(
      new RegExp(`stopped after ${kept} of ${RUNS} runs; .*results\\.jsonl holds them`),
    );
    expect(stderr).toMatch(/running the same experiment again resumes/);
    expect(kept).toBeGreaterThanOrEqual(30);
    expect(kept).toBeLessThan(RUNS);

    const resumed = await orebus('experiment', file, '--out', out);

    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`${RUNS} runs (resumed after ${kept} finished runs)`);
    expect(linesIn(results)).toBe(RUNS + 1);
  }, 90_000);
});

// Where `orebus sensitivity` writes without --out: run in a directory of its own, as a user runs it,
// since the default is relative to the working directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../packages/scenarios/src/bin/orebus.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'orebus-sensitivity-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sensitivity(...args: string[]) {
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    ['--import', TSX, '--conditions=@orebus/source', BIN, 'sensitivity', '--workers', '0', ...args],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status, stdout, stderr };
}

describe('orebus sensitivity without --out', () => {
  it('gives other settings a directory of their own, and the same settings find theirs again', () => {
    // Before, a second run with another --set was refused: results/sensitivity-S1-D1 held the
    // first one's results.
    const plain = sensitivity();
    const spr = sensitivity('--set', 'market.SPR=0.5');
    const again = sensitivity('--set', 'market.SPR=0.5');

    expect([plain.status, spr.status, again.status]).toEqual([0, 0, 0]);
    const dirs = readdirSync(join(dir, 'results')).sort();
    expect(dirs).toHaveLength(2);
    expect(dirs[0]).toBe('sensitivity-S1-D1');
    expect(dirs[1]).toMatch(/^sensitivity-S1-D1-lithium-china-[0-9a-f]{8}$/);
    expect(spr.stdout).toContain(`wrote results/${dirs[1]}/results.jsonl`);
    expect(again.stdout).toContain('resumed after 11 finished runs');
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from './output-directory.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-mkdir-'));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MODULE = new URL('./output-directory.ts', import.meta.url).href;

/**
 * `makeDirectory(dir)` in a child process that is killed after 20 s: the code of the error it
 * threw, `made`, or `timed out`. Node's own recursive mkdir never returns on these paths, and a
 * spin in this process would stop the test run rather than fail the test.
 */
function makeInChild(dir: string): string {
  const script = `import { makeDirectory } from ${JSON.stringify(MODULE)};
try { makeDirectory(process.argv[1]); console.log('made'); } catch (e) { console.log(e.code); }`;
  const child = spawnSync(
    process.execPath,
    // The source condition, as vitest's: without it @orebus/core resolves to a dist/ that a
    // fresh clone has not built, and the child fails before it tries.
    ['--import', TSX, '--conditions=@orebus/source', '--input-type=module', '-e', script, dir],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (child.error !== undefined) return 'timed out';
  return child.stdout.trim() || `no output; stderr: ${child.stderr.trim().split('\n')[0]}`;
}

describe('makeDirectory', () => {
  it('makes a directory and its missing parents, and accepts one that exists', () => {
    const dir = join(scratch(), 'a', 'b', 'c');

    makeDirectory(dir);
    makeDirectory(dir);

    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('refuses a path through a file, naming the output directory and the level', () => {
    const root = scratch();
    writeFileSync(join(root, 'file'), '');

    expect(() => makeDirectory(join(root, 'file', 'out'))).toThrowError(
      expect.objectContaining({
        code: 'E_OUTPUT_DIR',
        details: { dir: join(root, 'file', 'out'), at: join(root, 'file') },
      }),
    );
  });

  it('fails, where Node 20 spins for ever, below a dangling link and under /proc', () => {
    const root = scratch();
    symlinkSync(join(root, 'gone'), join(root, 'dangling'));

    expect(makeInChild(join(root, 'dangling', 'out'))).toBe('E_OUTPUT_DIR');
    expect(existsSync(join(root, 'gone'))).toBe(false);
    if (existsSync('/proc/self'))
      expect(makeInChild('/proc/orebus-no-such/out')).toBe('E_OUTPUT_DIR');
  }, 60_000);
});

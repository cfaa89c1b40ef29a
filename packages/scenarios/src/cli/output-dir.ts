import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DirectoryNotMadeError,
  makeDirectory,
  OutputDirError,
  refuseForeignOutputDir,
} from '../output-directory.js';

export { OutputDirError };

/**
 * Writes `files` into `dir` so that a reader never sees a half-written output: everything goes
 * into a temporary directory beside `dir`, which is renamed into place only once complete. An
 * earlier output in `dir` is replaced only then, and only if it holds a `manifest.json` (so a
 * mistyped `--out` never wipes unrelated files). A failure leaves `dir` as it was.
 *
 * Limitation: replacing an existing output takes two renames; a kill between them leaves the
 * earlier output intact under `DIR.orebus-old-PID` rather than at `DIR`.
 */
export function writeOutputDir(dir: string, files: Readonly<Record<string, string>>): void {
  const target = resolve(dir);
  refuseForeignOutputDir(target, 'manifest.json', dir);
  const parent = dirname(target);
  makeDirectory(parent, dir);
  let staging: string;
  try {
    staging = mkdtempSync(join(parent, `.orebus-${basename(target)}-`));
  } catch (cause) {
    throw new DirectoryNotMadeError(dir, parent, cause);
  }
  try {
    // mkdtemp makes the directory private; an output directory is as readable as any other.
    chmodSync(staging, 0o755);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(staging, name), text);
    if (existsSync(target)) {
      const old = `${target}.orebus-old-${process.pid}`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

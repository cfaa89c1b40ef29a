// Output directories: making one without hanging, and refusing one that holds files of someone
// else's (what an earlier output of the same kind would have is missing).
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OrebusError } from '@orebus/core';

/**
 * The output directory exists and does not look like an earlier Orebus output: it holds files
 * but not the file (`marker`) that Orebus writes there first.
 */
export class OutputDirError extends OrebusError {
  constructor(dir: string, marker = 'manifest.json') {
    super(
      'E_OUTPUT_DIR',
      `--out ${dir} exists and holds files that Orebus did not write (no ${marker}); ` +
        'choose another directory or remove it',
      { dir, marker },
    );
  }
}

/**
 * Refuses an output directory that holds files but not `marker`, the file an earlier output of
 * the same kind would have: writing there could replace a file of someone else's. `name` is
 * how the error names the directory (as given on the command line).
 *
 * @throws OutputDirError (`E_OUTPUT_DIR`).
 */
export function refuseForeignOutputDir(dir: string, marker: string, name: string = dir): void {
  if (!isDirectory(dir)) return;
  if (readdirSync(dir).length > 0 && !existsSync(join(dir, marker))) {
    throw new OutputDirError(name, marker);
  }
}

/** An output directory that cannot be made (`E_OUTPUT_DIR`, as for one that cannot be used). */
export class DirectoryNotMadeError extends OrebusError {
  constructor(dir: string, at: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('E_OUTPUT_DIR', `--out ${dir} cannot be made (at ${at}: ${reason})`, { dir, at });
    this.cause = cause;
  }
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Makes `dir` and any parents it lacks, as `mkdirSync(dir, { recursive: true })` does, but one
 * level at a time, so that it fails where that never returns: Node 20's recursive mkdir spins for
 * ever when a parent exists and its child still cannot be made with ENOENT (a path under /proc,
 * or below a dangling symbolic link). `outDir`, the output directory `dir` is made for (itself
 * or its parent), is what an error names.
 *
 * @throws DirectoryNotMadeError (`E_OUTPUT_DIR`) naming the level that failed and why.
 */
export function makeDirectory(dir: string, outDir: string = dir): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !isDirectory(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (cause) {
      // Made meanwhile by someone else: as good as made here.
      if ((cause as { code?: string }).code === 'EEXIST' && isDirectory(at)) continue;
      throw new DirectoryNotMadeError(outDir, at, cause);
    }
  }
}

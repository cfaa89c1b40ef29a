import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OrebusError } from '@orebus/core';

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

/**
 * Helpers shared by the tests of this folder; not part of the public API, and free of vitest so
 * that the build can compile it.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScenarioError, type ScenarioIssue } from './errors.js';

/** The lithium pack shipped in this package. */
export const LITHIUM_PACK_DIR = fileURLToPath(
  new URL('../../packs/lithium-china', import.meta.url),
);

/** A fresh copy of the lithium pack in a temporary directory, to break on purpose. */
export function copyLithiumPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'orebus-pack-')), 'lithium-china');
  cpSync(LITHIUM_PACK_DIR, dir, { recursive: true });
  return dir;
}

/** Runs `action`, expects it to throw a ScenarioError (code E_SCENARIO), returns the issues. */
export function issuesOf(action: () => unknown): readonly ScenarioIssue[] {
  try {
    action();
  } catch (error) {
    if (!isScenarioError(error)) throw error;
    return error.issues;
  }
  throw new Error('expected a ScenarioError, but nothing was thrown');
}

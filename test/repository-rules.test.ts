import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory()
      ? sourceFiles(path)
      : /\.(ts|js|mjs)$/.test(name)
        ? [path]
        : [];
  });
}

describe('repository rules', () => {
  it('uses no Math.random in any package: randomness comes from the seeded streams', () => {
    const pattern = ['Math', 'random'].join('.');
    const offenders = sourceFiles(join(root, 'packages')).filter((file) =>
      readFileSync(file, 'utf8').includes(pattern),
    );

    expect(offenders).toEqual([]);
  });

  it('keeps the package graph one-way (core ← market ← agents ← scenarios)', () => {
    const run = () =>
      execFileSync('node', [join(root, 'scripts/check-deps.mjs')], { encoding: 'utf8' });

    expect(run()).toMatch(/package graph ok/);
  });

  it('imports packages only through their entry points in examples/ and docs/examples/', () => {
    // Written as an outside user would: `@orebus/core`, never `@orebus/core/src/...` or a
    // relative path into packages/, which would hide a gap in the public API.
    const files = ['examples', 'docs/examples'].flatMap((dir) => sourceFiles(join(root, dir)));
    const internal = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1]!)
        .filter((spec) => /^@orebus\/[^/]+\//.test(spec) || /(^|\/)packages\//.test(spec))
        .map((spec) => `${file.slice(root.length)} imports ${spec}`),
    );

    expect(files.length).toBeGreaterThan(5);
    expect(internal).toEqual([]);
  });

  it('has library packages that never print to the console', () => {
    const libraries = ['core', 'market', 'agents'].flatMap((pkg) =>
      sourceFiles(join(root, 'packages', pkg, 'src')),
    );
    const printing = libraries.filter((file) =>
      /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(file, 'utf8')),
    );

    expect(printing).toEqual([]);
  });
});

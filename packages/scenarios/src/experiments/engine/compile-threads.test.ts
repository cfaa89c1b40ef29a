import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  compilesOnOwnThread,
  compilingOnOwnThread,
  holdCompilingOnOwnThread,
} from './compile-threads.js';

describe('compilesOnOwnThread', () => {
  it('is chosen when the workers are at least as many as the cores', () => {
    expect(compilesOnOwnThread(2, 2, [])).toBe(true);
    expect(compilesOnOwnThread(8, 2, [])).toBe(true);
    expect(compilesOnOwnThread(1, 2, [])).toBe(false);
    expect(compilesOnOwnThread(3, 4, ['--conditions=@orebus/source'])).toBe(false);
  });

  it("leaves the process's own choice of compiler threads alone", () => {
    for (const option of [
      '--single-threaded',
      '--concurrent-recompilation',
      '--no-concurrent-recompilation',
      '--no_concurrent_recompilation',
    ]) {
      expect(compilesOnOwnThread(2, 2, ['--expose-gc', option]), option).toBe(false);
    }
  });
});

describe('holdCompilingOnOwnThread', () => {
  it('can be held by several pools and released in any order, each release once', () => {
    // 256 workers are at least as many as this machine's cores.
    expect(compilingOnOwnThread()).toBe(false);
    const first = holdCompilingOnOwnThread(256);
    const second = holdCompilingOnOwnThread(256);
    expect(compilingOnOwnThread()).toBe(true);
    first();
    first();
    expect(compilingOnOwnThread()).toBe(true);
    second();
    expect(compilingOnOwnThread()).toBe(false);
    // A pool of one worker on a machine of more cores never turns it off.
    if (availableParallelism() > 1) {
      holdCompilingOnOwnThread(1);
      expect(compilingOnOwnThread()).toBe(false);
    }
  });
});

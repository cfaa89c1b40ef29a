import { describe, expect, it } from 'vitest';
import { ProgressMeter } from './progress.js';

describe('ProgressMeter', () => {
  it('has no estimate until two runs finished, and leaves the start-up out of it', () => {
    const meter = new ProgressMeter(0, 100);

    // The first run finishes after 2 s of start-up; then one run every 10 ms.
    const first = meter.finish(2_000);
    const second = meter.finish(2_010);
    const third = meter.finish(2_020);

    expect(first).toEqual({ done: 1, total: 100, ratePerSecond: 0, secondsLeft: null });
    expect(second.ratePerSecond).toBeCloseTo(100, 9);
    expect(third.ratePerSecond).toBeCloseTo(100, 9);
    expect(third.secondsLeft).toBeCloseTo(0.97, 9);
  });

  it('follows the pace of the last 64 runs once it has them', () => {
    const meter = new ProgressMeter(0, 1_000);
    for (let i = 1; i <= 100; i++) meter.finish(10 * i);
    // Then ten times slower: after 64 slow runs the window holds only those.
    let last = meter.report(1_000);
    for (let i = 1; i <= 64; i++) last = meter.finish(1_000 + 100 * i);

    expect(last.ratePerSecond).toBeCloseTo(10, 9);
    expect(last.secondsLeft).toBeCloseTo(83.6, 9);
  });

  it('counts the runs found on resume as done but not in the rate, and ends at zero left', () => {
    const meter = new ProgressMeter(98, 100);

    const one = meter.finish(5_000);
    const two = meter.finish(5_050);

    expect(one).toEqual({ done: 99, total: 100, ratePerSecond: 0, secondsLeft: null });
    expect(two).toEqual({ done: 100, total: 100, ratePerSecond: 20, secondsLeft: 0 });
  });

  it('gives no rate for runs that finished at the same moment (one task)', () => {
    const meter = new ProgressMeter(0, 10);

    meter.finish(7);
    const same = meter.finish(7);

    expect(same).toMatchObject({ ratePerSecond: 0, secondsLeft: null });
  });
});

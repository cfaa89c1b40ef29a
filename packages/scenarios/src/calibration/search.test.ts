import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compassSearch, latinHypercube, searchUnitCube, type UnitPoint } from './search.js';

const bowl =
  (centre: readonly number[]) =>
  (point: UnitPoint): number =>
    point.reduce((sum, x, i) => sum + (x - centre[i]!) ** 2, 0);

describe('latinHypercube', () => {
  it('puts exactly one point in each stratum of every axis', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), (n, d) => {
        const points = latinHypercube(n, d, createRandom(7));

        for (let axis = 0; axis < d; axis++) {
          const strata = points.map((p) => Math.floor(p[axis]! * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
    );
  });

  it('gives the same design for the same seed and another for another seed', () => {
    const a = latinHypercube(10, 3, createRandom(1));
    const b = latinHypercube(10, 3, createRandom(1));
    const c = latinHypercube(10, 3, createRandom(2));

    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('compassSearch', () => {
  it('finds the minimum of a bowl to within the final step', () => {
    const centre = [0.3, 0.7, 0.55];

    const found = compassSearch(bowl(centre), [0.9, 0.1, 0.5], {
      initialStep: 0.25,
      minStep: 1 / 1024,
      maxEvaluations: 2000,
    });

    found.point.forEach((x, i) => {
      expect(Math.abs(x - centre[i]!)).toBeLessThan(2 / 1024);
    });
  });

  it('stays inside the unit cube when the minimum lies outside it', () => {
    const found = compassSearch(bowl([1.5, -0.5]), [0.5, 0.5], {
      initialStep: 0.25,
      minStep: 1 / 256,
      maxEvaluations: 500,
    });

    expect(found.point).toEqual([1, 0]);
  });

  it('never calls the objective more often than allowed', () => {
    let calls = 0;
    const counted = (point: UnitPoint) => {
      calls++;
      return bowl([0.1, 0.9])(point);
    };

    const found = compassSearch(counted, [0.9, 0.1], {
      initialStep: 0.25,
      minStep: 1e-9,
      maxEvaluations: 17,
    });

    expect(calls).toBe(17);
    expect(found.evaluations).toBe(17);
  });
});

describe('searchUnitCube', () => {
  // Two wells: a wide shallow one at (0.2, 0.2) and a narrow deeper one at (0.8, 0.75).
  const wells = (point: UnitPoint) => {
    const [x, y] = point as [number, number];
    const shallow = (x - 0.2) ** 2 + (y - 0.2) ** 2 - 0.5;
    const deep = 20 * ((x - 0.8) ** 2 + (y - 0.75) ** 2) - 1;
    return Math.min(shallow, deep);
  };

  it('finds the deeper of two wells', () => {
    const result = searchUnitCube(wells, {
      dimension: 2,
      budget: 400,
      globalShare: 0.5,
      starts: 3,
      initialStep: 0.25,
      minStep: 1 / 1024,
      kick: 0.15,
      random: createRandom(3),
    });

    expect(result.best.value).toBeCloseTo(-1, 4);
    expect(result.best.point[0]).toBeCloseTo(0.8, 2);
    expect(result.best.point[1]).toBeCloseTo(0.75, 2);
  });

  it('is deterministic: the same seed gives the same calls and result', () => {
    const run = (seed: number) => {
      const calls: string[] = [];
      const result = searchUnitCube(
        (point, phase, start) => {
          calls.push(`${phase}/${start}:${point.join(',')}`);
          return wells(point);
        },
        {
          dimension: 2,
          budget: 60,
          globalShare: 0.5,
          starts: 2,
          initialStep: 0.25,
          minStep: 1 / 64,
          kick: 0.15,
          random: createRandom(seed),
        },
      );
      return { calls, result };
    };

    expect(run(11)).toEqual(run(11));
    expect(run(11).calls).not.toEqual(run(12).calls);
  });

  it('evaluates each distinct point once and stays within the budget', () => {
    const seen = new Set<string>();
    let repeats = 0;

    const result = searchUnitCube(
      (point) => {
        const key = point.join(',');
        if (seen.has(key)) repeats++;
        seen.add(key);
        return wells(point);
      },
      {
        dimension: 2,
        budget: 100,
        globalShare: 0.4,
        starts: 2,
        initialStep: 0.25,
        minStep: 1 / 4096,
        kick: 0.15,
        random: createRandom(5),
      },
    );

    expect(repeats).toBe(0);
    expect(result.evaluations).toBe(seen.size);
    expect(result.evaluations).toBeLessThanOrEqual(100);
  });
});

describe('searchUnitCube restarts', () => {
  it('spends the budget left after the local searches on restarts from the best point', () => {
    const phases = new Map<string, number>();

    const result = searchUnitCube(
      (point, phase) => {
        phases.set(phase, (phases.get(phase) ?? 0) + 1);
        return Math.abs(point[0]! - 0.37) + Math.abs(point[1]! - 0.61);
      },
      {
        dimension: 2,
        budget: 300,
        globalShare: 0.2,
        starts: 1,
        initialStep: 0.25,
        minStep: 1 / 64,
        kick: 0.1,
        random: createRandom(8),
      },
    );

    expect(phases.get('restart')).toBeGreaterThan(0);
    expect(result.evaluations).toBe(300);
  });

  it('stops as soon as it reaches the stop value', () => {
    let calls = 0;

    const result = searchUnitCube(
      () => {
        calls++;
        return 0;
      },
      {
        dimension: 3,
        budget: 500,
        globalShare: 0.5,
        starts: 2,
        initialStep: 0.25,
        minStep: 1 / 64,
        kick: 0.1,
        stopAt: 0,
        random: createRandom(1),
      },
    );

    expect(result.best.value).toBe(0);
    expect(calls).toBe(250);
  });
});

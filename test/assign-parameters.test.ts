// The fast path of experiments sets numeric parameters on a resolved scenario directly; it must
// give exactly the parameters that resolving the same overrides gives.
import { fileURLToPath } from 'node:url';
import {
  assignParameters,
  isAssignable,
  LITHIUM_PARAMETER_SPECS,
  loadPack,
  resolveScenario,
} from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);
const base = resolveScenario(pack, 'S2-D3');
const assignable = LITHIUM_PARAMETER_SPECS.filter((s) => isAssignable(s.path)).map((s) => s.path);

/** A value in the parameter's range, near its base value so every parameter stays sensible. */
function near(path: string) {
  const row = base.table.find((r) => r.path === path)!;
  const value = row.value as number;
  return fc
    .double({ min: 0.8, max: 1.2, noNaN: true })
    .map((f) => (value === 0 ? f - 0.8 : value * f));
}

describe('assignParameters', () => {
  it('covers the structural parameters of the paper', () => {
    for (const path of [
      'producers.a',
      'market.SCP',
      'market.SPR',
      'producers.Eco',
      'producers.Con',
    ]) {
      expect(assignable).toContain(path);
    }
  });

  it('gives the parameters that resolving the same overrides gives (property)', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.constantFrom(...assignable), { minLength: 1, maxLength: 4 })
          .chain((paths) => fc.tuple(fc.constant(paths), fc.tuple(...paths.map(near)))),
        ([paths, values]) => {
          const assignments = paths.map((path, i) => ({ path, value: values[i]! }));
          let resolved: ReturnType<typeof resolveScenario> | undefined;
          try {
            resolved = resolveScenario(pack, 'S2-D3', {
              overrides: assignments.map((a) => `${a.path}=${a.value}`),
            });
          } catch {
            // A value outside the range: the fast path must refuse it too.
            expect(() => assignParameters(base.parameters, assignments)).toThrowError(
              expect.objectContaining({ code: 'E_SCENARIO' }),
            );
            return;
          }
          expect(assignParameters(base.parameters, assignments)).toEqual(resolved.parameters);
        },
      ),
      { seed: 23, numRuns: 150 },
    );
  });

  it('leaves the scenario it copies unchanged', () => {
    const before = JSON.stringify(base.parameters);

    assignParameters(base.parameters, [{ path: 'market.SPR', value: 0.9 }]);

    expect(JSON.stringify(base.parameters)).toBe(before);
  });

  it('refuses parameters that need resolving, and values out of range, naming them', () => {
    for (const assignment of [
      { path: 'recycler.eolRate2050', value: 0.7 },
      { path: 'producers.Con', value: 1.5 },
      { path: 'nope.nothing', value: 1 },
    ]) {
      expect(() => assignParameters(base.parameters, [assignment])).toThrowError(
        expect.objectContaining({ code: 'E_SCENARIO' }),
      );
    }
  });
});

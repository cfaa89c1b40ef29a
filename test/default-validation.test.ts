// The validation result of the default calibration, pattern by pattern (MODEL.md section 11), and
// of the compound-productivity variant's own calibration.
// If a change to the model or the calibration moves a pattern, this test says which; update the
// expectation only together with packages/scenarios/calibration/README.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CALIBRATION_FINDINGS,
  checkPatterns,
  loadPack,
  runCombinations,
  supplySensitivity,
  withCalibrationFindings,
} from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);

const EXPECTED: Record<string, boolean> = {
  P1: false,
  P2: true,
  P3: true,
  P4: true,
  P5: true,
  P6: true,
  P7: false,
  P8: false,
  P9: false,
  P10: true,
  P11: false,
  P12: true,
  P13: true,
};

describe('validation of the default calibration', () => {
  const runs = runCombinations(pack, pack.paperCombinations);
  const patterns = checkPatterns(
    new Map(runs.map((run) => [run.series.combination, run.series])),
    supplySensitivity(pack, 'S1-D1'),
  );

  it('holds and misses the patterns the calibration record says', () => {
    expect(Object.fromEntries(patterns.map((p) => [p.id, p.held]))).toEqual(EXPECTED);
  });

  it('has what the calibration found for exactly the patterns it does not hold', () => {
    const failed = patterns.filter((p) => !p.held).map((p) => p.id);

    expect(Object.keys(CALIBRATION_FINDINGS)).toEqual(failed);
    for (const p of withCalibrationFindings(patterns)) {
      expect(p.finding, p.id).toBe(p.held ? undefined : CALIBRATION_FINDINGS[p.id]);
    }
  });

  it('gives the reason and the evidence for every pattern that does not hold', () => {
    for (const p of patterns.filter((q) => !q.held)) {
      expect(p.reason, p.id).toBeTruthy();
      expect(p.evidence, p.id).toBeTruthy();
      expect(p.missing ?? [], p.id).toEqual([]);
    }
  });
});

// MODEL.md 4's other reading of "grows linearly at 10 %": d_t = r every year, with the free
// parameters refitted (packages/scenarios/calibration/compound-productivity/result.json).
const COMPOUND: Record<string, boolean> = { ...EXPECTED, P7: true, P13: false };

describe('validation of the compound-productivity variant', () => {
  const variant = 'compound-productivity';
  const runs = runCombinations(pack, pack.paperCombinations, { variant });
  const patterns = checkPatterns(
    new Map(runs.map((run) => [run.series.combination, run.series])),
    supplySensitivity(pack, 'S1-D1', { variant }),
  );

  it("holds eight patterns, P7 instead of the default's P13, as its calibration record says", () => {
    const record = JSON.parse(
      readFileSync(
        new URL(
          '../packages/scenarios/calibration/compound-productivity/result.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ) as { best: { heldIds: string[] } };

    expect(Object.fromEntries(patterns.map((p) => [p.id, p.held]))).toEqual(COMPOUND);
    expect(patterns.filter((p) => p.held).map((p) => p.id)).toEqual(record.best.heldIds);
  });

  it('runs with compound productivity and keeps the 2023 EV stock within the back-test bound', () => {
    const baseline = runs.find((run) => run.series.combination === 'S1-D1')!;

    expect(baseline.scenario.parameters.producers.productivityMode).toBe('compound');
    const deviation =
      baseline.series.evStock[0]! / baseline.scenario.parameters.ev.stock2023Observed - 1;
    expect(Math.abs(deviation)).toBeLessThanOrEqual(0.1);
  });
});

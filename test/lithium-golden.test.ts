// The lithium reference results, pinned byte for byte, twice:
// - golden/lithium-series-before-issue-5.json holds the hashes written before the multi-metal
//   work (issue 5), from the code of commit ad1af27. The code of today, run with the parameters
//   of then (the calibration of that commit, as overrides), must give them exactly: adding
//   metals, chemistry mixes and the speed work left every lithium run as it was.
// - golden/lithium-series.json holds today's defaults. If a deliberate change to the lithium
//   model or its calibration moves them, regenerate it with
//   `OREBUS_WRITE_GOLDEN=1 pnpm test lithium-golden` and say why in the commit (commit 88923fd
//   did, when the battery lifetimes joined the calibration).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toCsv } from '@orebus/core';
import {
  listCombinations,
  loadPack,
  resolveScenario,
  runCombinations,
  runLithiumModel,
} from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);
const goldenFile = fileURLToPath(new URL('./golden/lithium-series.json', import.meta.url));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The calibrated values of commit ad1af27 (its calibrated.yaml) and the 15-year battery
 * lifetimes its demand side stated, before they were calibrated.
 */
const BEFORE_ISSUE_5 = [
  'market.SCP=0.500426',
  'market.SPR=0.389765',
  'producers.a=58.294',
  'producers.Eco=1.03834',
  'producers.Con=0.0855536',
  'producers.qScale=2030.89',
  'ev.gdpPerCapita2022=8.836726293347041',
  'ev.electrificationSteepness=0.87357',
  'ev.electrificationMidpointYear=2025.7',
  'ess.logisticRate=0.384695',
  'recycler.factorShape.steepness=0.796094',
  'recycler.factorShape.midpointYear=2034.68',
  'ev.lifetime.mean=15',
  'ess.lifetime.mean=15',
];

function measure(overrides: readonly string[] = []): Record<string, string> {
  const hashes: Record<string, string> = {};
  const combinations = listCombinations(pack).map((c) => c.id);
  for (const run of runCombinations(pack, combinations, { seed: 0, overrides })) {
    const id = run.series.combination;
    hashes[`${id} series.csv`] = sha256(toCsv([...run.data.rows(id)]));
  }
  const variant = { variant: 'salt-output-basis', overrides };
  for (const run of runCombinations(pack, ['S1-D1', 'S2-D4'], variant)) {
    const id = run.series.combination;
    hashes[`${id} salt-output-basis series.csv`] = sha256(toCsv([...run.data.rows(id)]));
  }
  const scenario = resolveScenario(pack, 'S1-D1', { overrides });
  const logged = runLithiumModel(scenario.parameters, { scenario: 'S1-D1', recordMessages: true });
  hashes['S1-D1 message log'] = sha256(logged.messages!);
  return hashes;
}

describe('lithium reference results', () => {
  it('are, with the parameters of before the multi-metal work, byte-identical to the runs then', () => {
    const before = fileURLToPath(
      new URL('./golden/lithium-series-before-issue-5.json', import.meta.url),
    );
    const pinned = JSON.parse(readFileSync(before, 'utf8')) as Record<string, string>;

    expect(measure(BEFORE_ISSUE_5)).toEqual(pinned);
  });

  it('are byte-identical to the pinned runs, for all 12 combinations, the variant and the bus', () => {
    const measured = measure();
    if (process.env.OREBUS_WRITE_GOLDEN === '1') {
      writeFileSync(goldenFile, `${JSON.stringify(measured, null, 2)}\n`);
    }
    const pinned = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(measured).length).toBe(15);
    expect(measured).toEqual(pinned);
  });
});

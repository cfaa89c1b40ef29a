// The lithium reference results, pinned byte for byte. The hashes in golden/lithium-series.json
// were written before the multi-metal work (issue 5) from the code of commit ad1af27; adding
// metals must leave every lithium run exactly as it was. If a deliberate change to the lithium
// model moves them, regenerate with `OREBUS_WRITE_GOLDEN=1 pnpm test lithium-golden` and say
// why in the commit.
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

function measure(): Record<string, string> {
  const hashes: Record<string, string> = {};
  const combinations = listCombinations(pack).map((c) => c.id);
  for (const run of runCombinations(pack, combinations, { seed: 0 })) {
    const id = run.series.combination;
    hashes[`${id} series.csv`] = sha256(toCsv([...run.data.rows(id)]));
  }
  for (const run of runCombinations(pack, ['S1-D1', 'S2-D4'], { variant: 'salt-output-basis' })) {
    const id = run.series.combination;
    hashes[`${id} salt-output-basis series.csv`] = sha256(toCsv([...run.data.rows(id)]));
  }
  const scenario = resolveScenario(pack, 'S1-D1', { overrides: [] });
  const logged = runLithiumModel(scenario.parameters, { scenario: 'S1-D1', recordMessages: true });
  hashes['S1-D1 message log'] = sha256(logged.messages!);
  return hashes;
}

describe('lithium reference results', () => {
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

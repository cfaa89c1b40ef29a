// docs/extending.md: every example it shows runs and does what the guide says, and every code
// block is exactly the file it names, so the guide cannot drift from the examples.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lifetimePmf, parseCsv } from '@orebus/core';
import { main } from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runVanadium, VANADIUM_KG_PER_KWH, vrfbCapacityGWh } from '../docs/examples/add-a-metal.js';
import { runMyPack } from '../docs/examples/add-a-scenario.js';
import { runVanadiumWithStockpile } from '../docs/examples/add-an-agent-kind.js';
import { runVanadiumWithRules } from '../docs/examples/add-an-interaction-rule.js';
import { chemistries, pathShares, runTwoMetals } from '../docs/examples/several-metals.js';

const root = new URL('..', import.meta.url).pathname;
const guide = readFileSync(join(root, 'docs/extending.md'), 'utf8');
const examplesDir = join(root, 'docs/examples');

/** The fenced blocks of the guide: the path after the language word, and the text inside. */
function codeBlocks(markdown: string): { info: string; path: string | undefined; text: string }[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => {
    const info = m[1]!.trim();
    return { info, path: info.split(/\s+/)[1], text: m[2]! };
  });
}

const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('docs/extending.md shows the example files as they are', () => {
  const blocks = codeBlocks(guide);

  it('names a file in every code block, and each block is that file exactly', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) {
      expect(block.path, `block \`\`\`${block.info}`).toMatch(/^docs\/examples\//);
      expect(block.text, block.path).toBe(readFileSync(join(root, block.path!), 'utf8'));
    }
  });

  it('shows every example file', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? entry.name === 'node_modules'
            ? []
            : files(join(dir, entry.name))
          : [join(dir, entry.name)],
      );
    const shown = new Set(blocks.map((b) => b.path));
    const examples = files(examplesDir)
      .map((file) => file.slice(root.length))
      .filter((file) => !/\/(package|tsconfig)\.json$/.test(file));

    expect(examples.filter((file) => !shown.has(file))).toEqual([]);
  });
});

describe('add a metal: vanadium', () => {
  const run = runVanadium();

  it('quotes the initial price first, then falls in the early surplus', () => {
    expect(run.price[0]).toBe(20_000);
    expect(run.supply[0]!).toBeGreaterThan(run.demand[0]!);
    expect(run.price[1]!).toBeLessThan(20_000);
  });

  it('demands the capacity added (growth plus retirements) times 3.3 kg/kWh', () => {
    const pmf = lifetimePmf({ kind: 'weibull', shape: 3, scale: 22 });
    // The 2022 vintage is the only one that can retire in 2023, at age 1.
    const retired2023 = vrfbCapacityGWh(2022) * pmf[1]!;
    const added2023 = vrfbCapacityGWh(2023) - vrfbCapacityGWh(2022) + retired2023;

    expect(close(run.demand[0]!, added2023 * 1e6 * VANADIUM_KG_PER_KWH * 1e-3)).toBe(true);
  });

  it('supplies the two outputs plus the recycled metal minus 300 t of exports, every year', () => {
    const series = (agent: string, variable: string) => run.sim.data.series(agent, variable).values;
    run.supply.forEach((supply, t) => {
      const parts =
        series('electrolyte-1', 'output')[t]! +
        series('electrolyte-2', 'output')[t]! +
        series('recycler', 'recycled')[t]! -
        300;
      expect(close(supply, parts)).toBe(true);
    });
  });
});

describe('add an agent kind: a stockpile', () => {
  it('buys 600 t in the mid-2020s slump and sells it all in the 2030s', () => {
    const { sim, stockpile } = runVanadiumWithStockpile();
    const bought = sim.data.series('stockpile', 'bought');
    const sold = sim.data.series('stockpile', 'sold');
    const total = (s: typeof bought, from: number, to: number) =>
      s.years.reduce((sum, year, t) => (year >= from && year <= to ? sum + s.values[t]! : sum), 0);

    expect(total(bought, 2023, 2029)).toBe(600);
    expect(total(bought, 2030, 2040)).toBe(0);
    expect(total(sold, 2030, 2039)).toBe(600);
    expect(stockpile.stateAt(2040).heldTonnes).toBe(0);
  });

  it('holds what it bought less what it sold, within its capacity, whatever its thresholds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 5_000, max: 25_000, noNaN: true }),
        fc.double({ min: 1_000, max: 20_000, noNaN: true }),
        fc.double({ min: 50, max: 800, noNaN: true }),
        (buyBelow, gap, tonnesPerYear) => {
          const spec = {
            kind: 'strategic-stockpile',
            buyBelow,
            sellAbove: buyBelow + gap,
            tonnesPerYear,
            capacityTonnes: 1_000,
          };
          const { sim } = runVanadiumWithRules([spec]);
          const id = 'rule:0:strategic-stockpile';
          const series = (variable: string) => sim.data.series(id, variable).values;
          let held = 0;
          series('held').forEach((h, t) => {
            held += series('bought')[t]! - series('sold')[t]!;
            expect(close(h, held)).toBe(true);
            expect(h).toBeGreaterThanOrEqual(0);
            expect(h).toBeLessThanOrEqual(1_000 + 1e-9);
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('add an interaction rule: strategic-stockpile', () => {
  it('adds its agent from data beside a shipped rule', () => {
    const { sim } = runVanadiumWithRules([
      {
        kind: 'strategic-stockpile',
        buyBelow: 12_000,
        sellAbove: 20_000,
        tonnesPerYear: 300,
        capacityTonnes: 1_000,
      },
      { kind: 'import-disruption', share: 1, years: [2030] },
    ]);
    const exports = sim.data.series('importer', 'netImports');

    expect(sim.allAgents().map((a) => a.id)).toContain('rule:0:strategic-stockpile');
    // A share of 1 leaves −300 · 0 = −0 t: no exports in 2030.
    expect(Math.abs(exports.values[exports.years.indexOf(2030)]!)).toBe(0);
    expect(exports.values[exports.years.indexOf(2029)]).toBe(-300);
  });

  it('refuses bad parameters with E_RULE naming the field', () => {
    const spec = {
      kind: 'strategic-stockpile',
      buyBelow: 12_000,
      sellAbove: 10_000,
      tonnesPerYear: 300,
      capacityTonnes: 1_000,
    };

    expect(() => runVanadiumWithRules([spec])).toThrowError(
      expect.objectContaining({
        code: 'E_RULE',
        message: expect.stringContaining('rules[0].sellAbove'),
      }),
    );
  });
});

describe('add a scenario: a user pack directory', () => {
  it('runs the command the guide shows and writes both combinations', async () => {
    const script = readFileSync(join(examplesDir, 'my-pack/run.sh'), 'utf8');
    const command = script.split('\n').find((line) => line.startsWith('pnpm orebus '))!;
    const argv = command.split(/\s+/).slice(2);
    // The command runs from the repository root; its output goes to a scratch directory here.
    const out = join(mkdtempSync(join(tmpdir(), 'orebus-guide-')), 'out');
    const at = (flag: string) => argv.indexOf(flag) + 1;
    argv[at('--pack')] = join(root, argv[at('--pack')]!);
    argv[at('--out')] = out;
    let stderr = '';

    const status = await main(argv, {
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
    });

    expect(stderr).toBe('');
    expect(status).toBe(0);
    const rows = parseCsv(readFileSync(join(out, 'series.csv'), 'utf8'));
    expect(new Set(rows.map((r) => r.scenario))).toEqual(new Set(['S1-D1', 'S1-D5']));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.overrides).toEqual(['market.SPR=0.6']);
  });

  it('gives the slow-EV side fewer EVs and less demand by 2050 than the baseline', () => {
    const base = runMyPack('S1-D1');
    const slow = runMyPack('S1-D5');

    expect(slow.parameters.ev.electrification2050).toBe(0.7);
    expect(base.parameters.ev.electrification2050).toBe(0.86);
    expect(slow.series.evDemand.at(-1)!).toBeLessThan(base.series.evDemand.at(-1)!);
  });
});

describe('several metals on one bus: lithium and cobalt', () => {
  const still = runTwoMetals(0);
  const moved = runTwoMetals(2);
  const values = (run: typeof still, agent: string, variable: string) =>
    Array.from(run.sim.data.series(agent, variable).values);

  it('posts each metal Σ share × kWh × intensity, with shares summing to 1', () => {
    for (const run of [still, moved]) {
      const energy = values(run, 'storage-maker', 'energyPutInUse');
      const shares = chemistries.map((c) => values(run, 'storage-maker', `share.${c.name}`));
      for (const metal of ['Li', 'Co'] as const) {
        const demand = values(run, 'storage-maker', `demand.${metal}`);
        const market = values(run, `market:${metal}`, 'demand');
        energy.forEach((kWh, t) => {
          const expected = chemistries.reduce(
            (sum, c, i) => sum + (shares[i]![t]! * kWh * (c.intensityKgPerKWh[metal] ?? 0)) / 1000,
            0,
          );
          expect(close(demand[t]!, expected)).toBe(true);
          expect(market[t]).toBe(demand[t]);
          expect(Math.abs(shares[0]![t]! + shares[1]![t]! - 1)).toBeLessThan(1e-12);
        });
      }
    }
  });

  it('follows the path without the shift, and leans to the relatively cheaper chemistry with it', () => {
    const lfp = values(still, 'storage-maker', 'share.LFP');
    lfp.forEach((share, t) => {
      expect(share).toBe(pathShares(2023 + t)[0]);
    });

    // NMC811 holds cobalt as well as lithium, LFP lithium only: LFP gains on its path exactly
    // when cobalt's price rose more (or fell less) than lithium's, each against its first quote.
    const shifted = values(moved, 'storage-maker', 'share.LFP');
    const li = values(moved, 'market:Li', 'price');
    const co = values(moved, 'market:Co', 'price');
    let leaned = 0;
    for (let t = 1; t < shifted.length; t++) {
      const cobaltDearer = co[t]! / co[0]! - li[t]! / li[0]!;
      const gain = shifted[t]! - pathShares(2023 + t)[0]!;
      if (Math.abs(cobaltDearer) < 1e-9) continue;
      expect(Math.sign(gain)).toBe(Math.sign(cobaltDearer));
      leaned++;
    }
    expect(leaned).toBeGreaterThan(5);
  });
});

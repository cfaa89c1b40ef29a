// The kernel benchmark (`pnpm bench`): bus throughput, and agent-steps per second of the simple
// model at several sizes, each beside a plain loop doing the same work in the same process.
// Every measurement runs in a fresh child process, so peak memory belongs to that measurement
// alone; each is repeated and the median reported. The results replace the "Kernel" section of
// BENCHMARKS.md at the repository root, between its markers, and leave the rest of the file be.
//
// Usage: pnpm bench [--reps N] [--sizes 1000,10000,100000] [--no-write]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MarketBus } from '@orebus/core';
import {
  buildSimulation,
  describeMismatch,
  resultOf,
  runPlainLoop,
  simpleProtocol,
} from './simple-model.js';

const TICKS = 100;
const BUS_SUBSCRIBERS = [1, 10, 100];
// Deliveries per bus measurement; messages = deliveries / subscribers.
const BUS_DELIVERIES = 2_000_000;
const START_MARKER = '<!-- kernel:start -->';
const END_MARKER = '<!-- kernel:end -->';
const GOAL_RATIO = 5;
const GOAL_SECONDS = 10;
const GOAL_RSS_MIB = 1024;

interface KernelSample {
  readonly agents: number;
  readonly buildMs: number;
  readonly runMs: number;
  readonly plainMs: number;
  readonly messages: number;
  readonly maxRssMiB: number;
  readonly retainedHeapMiB: number;
}

interface BusSample {
  readonly subscribers: number;
  readonly messages: number;
  readonly busMs: number;
  readonly plainMs: number;
  readonly maxRssMiB: number;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function maxRssMiB(): number {
  // resourceUsage reports maxRSS in KiB.
  return process.resourceUsage().maxRSS / 1024;
}

function retainedHeapMiB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

// --- child side: one measurement, printed as one JSON line ---

function measureKernel(agents: number): KernelSample {
  // A small warm-up of both versions, so the JIT has seen the hot paths before timing starts.
  runPlainLoop(200, 20);
  buildSimulation(200, 20).run();

  // The plain loop is cheap: time it several times and keep the median.
  const plainRuns: number[] = [];
  let plain = runPlainLoop(agents, TICKS);
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    plain = runPlainLoop(agents, TICKS);
    plainRuns.push(elapsedMs(start));
  }

  const buildStart = process.hrtime.bigint();
  const sim = buildSimulation(agents, TICKS);
  const buildMs = elapsedMs(buildStart);
  const runStart = process.hrtime.bigint();
  const summary = sim.run();
  const runMs = elapsedMs(runStart);

  if (summary.status !== 'completed') throw new Error(`kernel run ${summary.status}`);
  const kernel = resultOf(sim);
  const mismatch = describeMismatch(kernel, plain);
  if (mismatch) throw new Error(`kernel and plain loop disagree at ${agents} agents: ${mismatch}`);
  const retained = retainedHeapMiB();
  // Touching `sim` after the GC keeps its snapshot history and collected data in the figure.
  if (!sim.done) throw new Error('kernel run not done');
  return {
    agents,
    buildMs,
    runMs,
    plainMs: median(plainRuns),
    messages: kernel.messages,
    maxRssMiB: maxRssMiB(),
    retainedHeapMiB: retained,
  };
}

function measureBus(subscribers: number): BusSample {
  const messages = BUS_DELIVERIES / subscribers;
  let busSum = 0;
  let plainSum = 0;
  const busRun = (count: number): number => {
    const bus = new MarketBus(simpleProtocol);
    for (let s = 0; s < subscribers; s++) {
      bus.subscribe(`s${s}`, 'OfferMade', (m) => {
        busSum += m.payload.tonnes;
      });
    }
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) bus.publish('bench', 'OfferMade', { tonnes: i & 1023 });
    return elapsedMs(start);
  };
  // The same deliveries as direct calls: one payload object per message, every handler called.
  const plainRun = (count: number): number => {
    const handlers: ((payload: { tonnes: number }) => void)[] = [];
    for (let s = 0; s < subscribers; s++) {
      handlers.push((payload) => {
        plainSum += payload.tonnes;
      });
    }
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const payload = { tonnes: i & 1023 };
      for (let h = 0; h < handlers.length; h++) handlers[h]!(payload);
    }
    return elapsedMs(start);
  };

  busRun(messages / 10);
  plainRun(messages / 10);
  busSum = 0;
  plainSum = 0;
  const plainMs = plainRun(messages);
  const busMs = busRun(messages);
  if (busSum !== plainSum) throw new Error(`bus delivered a different total: ${busSum}`);
  return { subscribers, messages, busMs, plainMs, maxRssMiB: maxRssMiB() };
}

// --- parent side: spawn, repeat, take medians, write the report ---

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runChild<T>(args: string[]): T {
  const script = fileURLToPath(import.meta.url);
  // execArgv carries tsx's loader and the source condition into the child.
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, '--expose-gc', script, '--child', ...args],
    { encoding: 'utf8', maxBuffer: 2 ** 24 },
  );
  if (child.status !== 0) {
    throw new Error(`child ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  }
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

function medianOf<T>(samples: readonly T[], pick: (s: T) => number): number {
  return median(samples.map(pick));
}

function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function perSecond(count: number, ms: number): string {
  const rate = (count / ms) * 1000;
  return rate >= 1e6 ? `${fmt(rate / 1e6, 2)} M` : `${fmt(rate / 1e3, 1)} k`;
}

let loadAtStart: number[] = [];

interface Options {
  readonly reps: number;
  readonly sizes: number[];
  readonly write: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  let reps = 3;
  let sizes = [1_000, 10_000, 100_000];
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reps') reps = Number(argv[++i]);
    else if (arg === '--sizes') sizes = String(argv[++i]).split(',').map(Number);
    else if (arg === '--no-write') write = false;
    else throw new Error(`unknown option ${arg}; use --reps N, --sizes a,b,c or --no-write`);
  }
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps ${reps}: expected N ≥ 1`);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--sizes ${sizes.join(',')}: expected positive integers`);
  }
  return { reps, sizes, write };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  loadAtStart = os.loadavg();
  const busRows: string[] = [];
  for (const subscribers of BUS_SUBSCRIBERS) {
    const samples: BusSample[] = [];
    for (let r = 0; r < options.reps; r++) {
      samples.push(runChild<BusSample>(['bus', String(subscribers)]));
    }
    const busMs = medianOf(samples, (s) => s.busMs);
    const plainMs = medianOf(samples, (s) => s.plainMs);
    const messages = samples[0]!.messages;
    const row =
      `| ${subscribers} | ${fmt(messages)} | ${perSecond(messages, busMs)} | ` +
      `${perSecond(messages * subscribers, busMs)} | ${perSecond(messages * subscribers, plainMs)} | ` +
      `${fmt(busMs / plainMs, 1)}× |`;
    busRows.push(row);
    out(`bus ${subscribers} subscriber(s): ${row}`);
  }

  const kernelRows: string[] = [];
  const goals: string[] = [];
  for (const agents of options.sizes) {
    const samples: KernelSample[] = [];
    for (let r = 0; r < options.reps; r++) {
      samples.push(runChild<KernelSample>(['kernel', String(agents)]));
    }
    const runMs = medianOf(samples, (s) => s.runMs);
    const buildMs = medianOf(samples, (s) => s.buildMs);
    const plainMs = medianOf(samples, (s) => s.plainMs);
    const rss = medianOf(samples, (s) => s.maxRssMiB);
    const retained = medianOf(samples, (s) => s.retainedHeapMiB);
    const steps = agents * TICKS;
    const ratio = runMs / plainMs;
    const row =
      `| ${fmt(agents)} | ${fmt(buildMs)} | ${fmt(runMs)} | ${perSecond(steps, runMs)} | ` +
      `${fmt(plainMs, 2)} | ${perSecond(steps, plainMs)} | ${fmt(ratio)}× | ` +
      `${fmt(samples[0]!.messages)} | ${fmt(rss)} | ${fmt(retained)} |`;
    kernelRows.push(row);
    out(`kernel ${agents} agents: ${row}`);
    goals.push(
      `${fmt(agents)} agents: ratio ${fmt(ratio)}× (goal ≤ ${GOAL_RATIO}×) ` +
        `${ratio <= GOAL_RATIO ? 'met' : 'missed'}`,
    );
    if (agents === 100_000) {
      const seconds = (buildMs + runMs) / 1000;
      goals.push(
        `100,000 agents × ${TICKS} ticks: ${fmt(seconds, 1)} s build and run ` +
          `(goal < ${GOAL_SECONDS} s) ${seconds < GOAL_SECONDS ? 'met' : 'missed'}; ` +
          `peak RSS ${fmt(rss)} MiB (goal ≤ ${GOAL_RSS_MIB} MiB) ` +
          `${rss <= GOAL_RSS_MIB ? 'met' : 'missed'}`,
      );
    }
  }

  const section = renderSection(options, busRows, kernelRows, goals);
  if (options.write) {
    writeSection(section);
    out('BENCHMARKS.md updated');
  } else {
    out(section);
  }
}

function renderSection(
  options: Options,
  busRows: readonly string[],
  kernelRows: readonly string[],
  goals: readonly string[],
): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memGiB = os.totalmem() / 2 ** 30;
  const date = new Date().toISOString().slice(0, 10);
  return [
    START_MARKER,
    '## Kernel',
    '',
    `Measured ${date} on ${cpu}, ${os.cpus().length} cores, ${fmt(memGiB, 1)} GiB RAM, ` +
      `Node ${process.version} (${os.platform()} ${os.arch()}), by \`pnpm bench\` ` +
      '(`packages/core/bench/kernel-bench.ts`, run from the TypeScript sources through tsx).',
    '',
    `How: every row is the median of ${options.reps} fresh child processes; times come from ` +
      '`process.hrtime.bigint()`, peak memory is `process.resourceUsage().maxRSS` of that ' +
      'child (the whole process: Node, tsx, the model and the plain loop). Each child first ' +
      'warms both versions up on a small run, then times the plain loop (median of 5 in-process ' +
      'runs) and one kernel run. The ratio is kernel time over plain-loop time from the same ' +
      'child. These are measurements, not timed tests: nothing fails on a slow machine.',
    '',
    `Load average when the run started: ${loadAtStart.map((l) => fmt(l, 2)).join(', ')}. ` +
      'Other work on the machine slows every row and adds noise; compare ratios, not times, ' +
      'across runs.',
    '',
    '### Bus throughput',
    '',
    'One kind, N subscribers each adding the payload to a sum, unchecked mode (the non-finite ' +
      `check still runs on every publish); ${fmt(BUS_DELIVERIES)} deliveries per run. The plain ` +
      'loop creates the same payload objects and calls the same handlers directly.',
    '',
    '| subscribers | messages | published/s | delivered/s | plain calls/s | bus ÷ plain |',
    '|---:|---:|---:|---:|---:|---:|',
    ...busRows,
    '',
    '### Agent-steps',
    '',
    `The simple model of \`packages/core/bench/simple-model.ts\`, ${TICKS} ticks: each tick a ` +
      'market publishes `PriceQuoted`; every producer hears it on the bus, moves its output by ' +
      'its own elasticity, commits it with `update` (a new snapshot, unfrozen in this unchecked ' +
      'run; the full history is kept) and publishes `OfferMade`; the market totals the offers, updates its price and ' +
      'records supply and price through `Observed` into the data collector. Producers do not ' +
      'call `observe`. The plain loop does the same arithmetic on `Float64Array`s, without bus, ' +
      'snapshots or collector. Both runs must agree bit for bit (supply and price of every year ' +
      'and the sum of final outputs) or the benchmark fails. An agent-step is one producer in ' +
      'one tick. Build is constructing the simulation and adding the agents; it is not in the ' +
      'run time or the rate. Retained heap is the heap in use after a forced GC at the end, ' +
      'while the finished simulation (snapshot history and collected data) is still held.',
    '',
    '| agents | build (ms) | run (ms) | agent-steps/s | plain loop (ms) | plain steps/s | ' +
      'kernel ÷ plain | messages | peak RSS (MiB) | retained heap (MiB) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...kernelRows,
    '',
    'Goals of the issue (kernel at most 5× the plain loop; 100,000 agents × 100 ticks under ' +
      '10 s within 1 GiB):',
    '',
    ...goals.map((g) => `- ${g}`),
    '',
    'Why the ratio is in the hundreds: the plain loop is one multiply and one add per agent over ' +
      'contiguous typed arrays, well under a nanosecond. A kernel agent-step allocates a new ' +
      'state object (frozen only in checked mode) and keeps it in the history (about 56 bytes ' +
      'a step with its history slot), allocates a payload and an envelope, walks the payload for non-finite ' +
      'numbers, and makes two indirect calls through the bus (hearing `PriceQuoted`, the ' +
      'market hearing `OfferMade`). At 100,000 agents the 10⁷ retained snapshots are copied out ' +
      'of the young generation by the garbage collector (about a quarter of the run time in ' +
      'CPU profiles) and each step touches objects scattered over the heap. A ratio near 5× ' +
      'would need a kernel that does not allocate per agent-step, that is, no immutable ' +
      'snapshot per change and no message per offer; the kernel keeps both by design.',
    END_MARKER,
  ].join('\n');
}

function writeSection(section: string): void {
  const path = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(START_MARKER);
  const end = existing.indexOf(END_MARKER);
  let text: string;
  if (start >= 0 && end > start) {
    text = existing.slice(0, start) + section + existing.slice(end + END_MARKER.length);
  } else {
    text = `${existing.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(path, text);
}

function child(kind: string, size: number): void {
  const sample = kind === 'bus' ? measureBus(size) : measureKernel(size);
  out(JSON.stringify(sample));
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1]!, Number(argv[2]));
else main();

// Helpers the reference and experiments benchmarks share: timing, summary statistics, number
// formatting for BENCHMARKS.md, and the build that makes dist/ match the sources.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Prints one line of progress to standard output (a benchmark is an application). */
export const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Milliseconds since an `hrtime.bigint()` reading. */
export function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** A number with thousands separators and a fixed number of decimals, locale-independent. */
export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Milliseconds shown as microseconds. */
export function us(ms: number): string {
  return `${fmt(ms * 1000, ms < 0.1 ? 1 : 0)} µs`;
}

/** Runs `pnpm build`, so that dist/ matches the sources. */
export function build(): void {
  out('building (pnpm build) so that dist/ matches the sources');
  const child = spawnSync('pnpm', ['build'], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`pnpm build failed:\n${child.stdout}${child.stderr}`);
}

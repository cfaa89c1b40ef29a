// Small numeric helpers over yearly series. Pure; no input is mutated.

/** Year-on-year changes: element `i` is `values[i + 1] − values[i]`. */
export function yearOnYear(values: readonly number[]): number[] {
  return values.slice(1).map((value, i) => value - (values[i] ?? value));
}

/** Year-on-year growth rates; a change from zero counts as zero growth. */
export function growthRates(values: readonly number[]): number[] {
  return values.slice(1).map((value, i) => {
    const previous = values[i] ?? 0;
    return previous === 0 ? 0 : value / previous - 1;
  });
}

/** Arithmetic mean; `NaN` for no values, which callers must not pass. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Population standard deviation; 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const centre = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - centre) ** 2)));
}

/** Index of the largest value (the first one on ties); −1 for an empty list. */
export function argMax(values: readonly number[]): number {
  let best = -1;
  values.forEach((value, i) => {
    if (best < 0 || value > (values[best] ?? value)) best = i;
  });
  return best;
}

/** Compound annual growth rate from `first` to `last` over `years` years; 0 if not defined. */
export function compoundGrowth(first: number, last: number, years: number): number {
  if (first <= 0 || last <= 0 || years <= 0) return 0;
  return (last / first) ** (1 / years) - 1;
}

/**
 * Indices of the turning points of a series, found as a zig-zag filter does: a local extreme
 * counts only once the series has moved away from it, against the previous direction, by at
 * least `minSwingShare` of the extreme's absolute value. Wiggles smaller than that are noise,
 * so a monotone series, or one with only tiny ripples, has no turning points.
 */
export function turningPoints(values: readonly number[], minSwingShare: number): number[] {
  const turns: number[] = [];
  // +1 rising, −1 falling, 0 until the series first moves by more than a swing from its start.
  let direction = 0;
  let extreme = 0;
  values.forEach((value, i) => {
    const extremeValue = values[extreme] ?? value;
    const swing = minSwingShare * Math.abs(extremeValue);
    if (direction === 0) {
      if (Math.abs(value - extremeValue) > swing) {
        direction = Math.sign(value - extremeValue);
        extreme = i;
      }
    } else if (direction * (value - extremeValue) >= 0) {
      extreme = i;
    } else if (Math.abs(value - extremeValue) > swing) {
      turns.push(extreme);
      direction = -direction;
      extreme = i;
    }
  });
  return turns;
}

import { requireFinite, requirePositive } from './validate.js';

// The error function by W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969,
// pp. 631-638), on the three intervals of his CALERF routine. Relative error is near 1e-16 over
// the whole double range; erfc keeps that relative accuracy deep into the tail, which matters
// because lifetime probabilities far from the mean are differences of tiny tail masses.

const THRESHOLD = 0.46875;
// Below this, erfc(x) underflows to 0 in double precision.
const ERFC_UNDERFLOW = 26.543;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

// The coefficients are Cody's, written as the doubles his 18-digit values round to.

// |x| <= 0.46875: erf(x) = x · A(x²) / B(x²).
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694];
const A_TOP = 0.18577770618460315;
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];

// 0.46875 < |x| <= 4: erfc(x) = exp(−x²) · C(x) / D(x).
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972,
];
const C_TOP = 2.1531153547440383e-8;
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];

// |x| > 4: erfc(x) = exp(−x²)/x · (1/√π + P(1/x²) / Q(1/x²) / x²).
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378,
];
const P_TOP = 0.016315387137302097;
const Q = [
  2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132,
  0.0023352049762686918,
];

// erf(x) for |x| <= THRESHOLD.
function erfNearZero(x: number): number {
  const y = x * x;
  let num = A_TOP * y;
  let den = y;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]!) * y;
    den = (den + B[i]!) * y;
  }
  return (x * (num + A[3]!)) / (den + B[3]!);
}

// exp(−y²) without losing the bits that a plain y*y rounds away: split y into a part with
// few significant bits, whose square is exact, and the rest.
function expMinusSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const rest = (y - head) * (y + head);
  return Math.exp(-head * head) * Math.exp(-rest);
}

// erfc(y) for y > THRESHOLD.
function erfcPositiveTail(y: number): number {
  if (y <= 4) {
    let num = C_TOP * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    return expMinusSquare(y) * ((num + C[7]!) / (den + D[7]!));
  }
  if (y >= ERFC_UNDERFLOW) return 0;
  const z = 1 / (y * y);
  let num = P_TOP * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]!) * z;
    den = (den + Q[i]!) * z;
  }
  const ratio = (z * (num + P[4]!)) / (den + Q[4]!);
  return (expMinusSquare(y) * (ONE_OVER_SQRT_PI - ratio)) / y;
}

/** The error function erf(x); NaN in, NaN out. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return erfNearZero(x);
  const value = 1 - erfcPositiveTail(y);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms also where
 * it is tiny (large x); NaN in, NaN out.
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return 1 - erfNearZero(x);
  const tail = erfcPositiveTail(y);
  return x < 0 ? 2 - tail : tail;
}

/**
 * The cumulative distribution function of the normal distribution with the given mean and
 * standard deviation, P(X ≤ x), to about 1e-15 relative accuracy in the lower tail; for the
 * upper tail use {@link normalSurvival}.
 *
 * @throws InvalidArgumentError if `x` or `mean` is not finite or `sd` is not greater than 0.
 */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  const [y, correction] = standardisedArgument(x, mean, sd);
  return 0.5 * erfcNear(-y, -correction);
}

/**
 * The survival function of the normal distribution, P(X > x) = 1 − normalCdf(x), computed
 * directly so that it stays accurate in the upper tail.
 *
 * @throws InvalidArgumentError if `x` or `mean` is not finite or `sd` is not greater than 0.
 */
export function normalSurvival(x: number, mean = 0, sd = 1): number {
  const [y, correction] = standardisedArgument(x, mean, sd);
  return 0.5 * erfcNear(y, correction);
}

// In the tail, erfc's relative sensitivity to its argument is about 2y, so the single rounding
// of (x − mean)/(sd·√2) alone would cost about 2y² ulps (4e-14 at 20 s.d.). The argument is
// therefore carried as a double y plus a small correction, found with error-free products and
// sums, and erfc is corrected to first order.
const SQRT2_LOW = -9.667293313452913e-17; // √2 − Math.SQRT2
const TWO_OVER_SQRT_PI = 1.1283791670955126;

function standardisedArgument(x: number, mean: number, sd: number): [number, number] {
  requireFinite('x', x);
  requireFinite('mean', mean);
  requirePositive('sd', sd);

  const [scaleHigh, scaleError] = twoProduct(sd, Math.SQRT2);
  const scaleLow = scaleError + sd * SQRT2_LOW;
  const [difference, differenceError] = twoSum(x, -mean);
  const y = difference / scaleHigh;
  const [product, productError] = twoProduct(y, scaleHigh);
  // difference − product is exact: the two are within a factor 2 of each other.
  const residual = difference - product + differenceError - productError - y * scaleLow;
  const correction = residual / scaleHigh;
  return [y, Number.isFinite(correction) ? correction : 0];
}

// erfc(y + correction) for |correction| ≪ |y|·1e-15, to first order in the correction.
function erfcNear(y: number, correction: number): number {
  const value = erfc(y);
  if (correction === 0 || Math.abs(y) >= ERFC_UNDERFLOW) return value;
  return value - correction * TWO_OVER_SQRT_PI * expMinusSquare(Math.abs(y));
}

// a + b as the rounded sum and its exact rounding error (Knuth).
function twoSum(a: number, b: number): [number, number] {
  const sum = a + b;
  const bVirtual = sum - a;
  return [sum, a - (sum - bVirtual) + (b - bVirtual)];
}

// a · b as the rounded product and its exact rounding error (Dekker), barring overflow.
function twoProduct(a: number, b: number): [number, number] {
  const product = a * b;
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  const error = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
  return [product, error];
}

// Splits a double into two halves of 26 significant bits each, whose products are exact.
function split(a: number): [number, number] {
  const scaled = 134_217_729 * a; // 2^27 + 1
  const high = scaled - (scaled - a);
  return [high, a - high];
}

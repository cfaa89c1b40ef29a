import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';

// Wichura's algorithm AS 241 (Applied Statistics 37, 1988, pp. 477-484), routine PPND16:
// rational approximations of degree 7 on three ranges, relative error about 1e-16. The
// coefficients are Wichura's, written as the doubles his 20-digit values round to.

// |p − 0.5| ≤ 0.425: x = q·A(r)/B(r), r = 0.180625 − q².
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
// Tails with r = √(−ln min(p, 1 − p)) ≤ 5: x = C(r − 1.6)/D(r − 1.6).
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
];
// Far tails, r > 5: x = E(r − 5)/F(r − 5).
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (let i = coefficients.length - 1; i >= 0; i--)
    value = value * x + (coefficients[i] as number);
  return value;
}

/**
 * The inverse of the normal cumulative distribution function: the x with P(X ≤ x) = p for X
 * normal with the given mean and standard deviation. Wichura's AS 241, relative error near
 * 1e-16 for the standard normal; it pairs with `normalCdf` from @orebus/core.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless 0 < p < 1 (the quantiles of 0
 *   and 1 are infinite) and sd > 0.
 * @throws NonFiniteNumberError (`E_NON_FINITE`) if `mean` or `sd` is not finite.
 */
export function normalQuantile(p: number, mean = 0, sd = 1): number {
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError('p', p, 'a probability in (0, 1)');
  if (!Number.isFinite(mean)) throw new NonFiniteNumberError('mean', mean, 'normalQuantile');
  if (!Number.isFinite(sd)) throw new NonFiniteNumberError('sd', sd, 'normalQuantile');
  if (!(sd > 0)) throw new InvalidArgumentError('sd', sd, 'a standard deviation above 0');

  return mean + sd * standardNormalQuantile(p);
}

/** `normalQuantile(p)` without the checks, for callers that have made them. */
export function standardNormalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(A, r)) / polynomial(B, r);
  }
  // 1 − p is exact for p ≥ 0.5, so the upper tail is as accurate as p itself allows.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = polynomial(C, r) / polynomial(D, r);
  } else {
    r -= 5;
    x = polynomial(E, r) / polynomial(F, r);
  }
  return q < 0 ? -x : x;
}

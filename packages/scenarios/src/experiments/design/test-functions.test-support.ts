// Analytic test functions of sensitivity analysis, with their known indices, for the tests.

/** Ishigami and Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³. */
export function ishigami(x: readonly number[], a = 7, b = 0.1): number {
  const [x1, x2, x3] = x as [number, number, number];
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
}

/** The Ishigami function's first-order and total indices, in closed form. */
export function ishigamiIndices(a = 7, b = 0.1): { first: number[]; total: number[] } {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = a ** 2 / 8;
  const v13 = b ** 2 * pi4 ** 2 * (1 / 18 - 1 / 50);
  const v = v1 + v2 + v13;
  return { first: [v1 / v, v2 / v, 0], total: [(v1 + v13) / v, v2 / v, v13 / v] };
}

/** The bounds of the Ishigami function's inputs. */
export const ISHIGAMI_BOUNDS: readonly (readonly [number, number])[] = [
  [-Math.PI, Math.PI],
  [-Math.PI, Math.PI],
  [-Math.PI, Math.PI],
];

/** Sobol's G-function Π (|4x_i − 2| + a_i)/(1 + a_i) on [0, 1]^k. */
export function gFunction(x: readonly number[], a: readonly number[]): number {
  let product = 1;
  a.forEach((ai, i) => {
    product *= (Math.abs(4 * (x[i] as number) - 2) + ai) / (1 + ai);
  });
  return product;
}

/** The G-function's indices: V_i = (1/3)/(1 + a_i)², V = Π(1 + V_i) − 1. */
export function gFunctionIndices(a: readonly number[]): { first: number[]; total: number[] } {
  const partial = a.map((ai) => 1 / 3 / (1 + ai) ** 2);
  const product = partial.reduce((p, vi) => p * (1 + vi), 1);
  const v = product - 1;
  return {
    first: partial.map((vi) => vi / v),
    total: partial.map((vi) => (vi * product) / (1 + vi) / v),
  };
}

/** The coefficients the tests use: important, less so, and four that barely matter. */
export const G_COEFFICIENTS = [0, 1, 4.5, 9, 99, 99, 99, 99] as const;

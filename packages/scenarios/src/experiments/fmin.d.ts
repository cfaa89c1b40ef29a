// Types of the one function of `fmin` (0.0.4, patched: patches/fmin@0.0.4.patch) that the
// calibration uses; the package ships none.
declare module 'fmin' {
  /** A point of the simplex as fmin returns it: the coordinates, with the loss as `fx`. */
  export type SimplexPoint = number[] & { fx: number; id?: number };

  export interface NelderMeadParameters {
    /** Iterations at most; default 200 per dimension. */
    maxIterations?: number;
    /** Initial simplex: each non-zero coordinate of the start multiplied by this; default 1.05. */
    nonZeroDelta?: number;
    /** Initial simplex: the step of a coordinate that is zero at the start; default 0.001. */
    zeroDelta?: number;
    /** Stop once the losses of the simplex, and its corners' coordinates, differ by less. */
    minErrorDelta?: number;
    rho?: number;
    chi?: number;
    psi?: number;
    sigma?: number;
  }

  /** Minimises `f` from `x0` by the downhill simplex method; `x0` is used as the first corner. */
  export function nelderMead(
    f: (x: number[]) => number,
    x0: number[],
    parameters?: NelderMeadParameters,
  ): { fx: number; x: SimplexPoint };
}

import { z } from 'zod';

// The year window of the rules that act in some years only: the first and last year, each
// optional, and the check that they are in order.

/** A rule's first and last year; either end open when left out. */
export interface YearWindow {
  readonly fromYear?: number | undefined;
  readonly toYear?: number | undefined;
}

/** The schema fields of a window: `fromYear` and `toYear`, integers, both optional. */
export const yearWindowFields = {
  /** First year in which the rule acts; the run's first when left out. */
  fromYear: z.number().int().optional(),
  /** Last year in which the rule acts; the run's last when left out. */
  toYear: z.number().int().optional(),
};

/** Whether a window is in order: true unless both ends are given and `fromYear` is later. */
export function windowInOrder(window: YearWindow): boolean {
  return (
    window.fromYear === undefined || window.toYear === undefined || window.fromYear <= window.toYear
  );
}

/** The issue a window out of order raises, on `toYear`. */
export const WINDOW_OUT_OF_ORDER = {
  message: 'fromYear must not be after toYear',
  path: ['toYear'],
};

/** Whether `year` lies in the window. */
export function inWindow(year: number, window: YearWindow): boolean {
  return (
    (window.fromYear === undefined || year >= window.fromYear) &&
    (window.toYear === undefined || year <= window.toYear)
  );
}

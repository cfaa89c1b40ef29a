import { InvalidArgumentError } from '../errors.js';

/** The years and phases of a run. */
export interface ScheduleOptions {
  /** First simulated year (inclusive). */
  readonly startYear: number;
  /** Last simulated year (inclusive). */
  readonly endYear: number;
  /** Phase names in the order they run within every tick, e.g. quote, demand, supply. */
  readonly phases: readonly string[];
}

/** A registered phase action. */
export interface PhaseAction {
  readonly owner: string;
  readonly run: (year: number) => void;
}

/**
 * Annual ticks from `startYear` to `endYear`, each made of the model's named phases. Within a
 * phase, actions run in registration order, which the simulation makes the order in which
 * agents were added: the same model built the same way always runs in the same order.
 */
export class Schedule {
  readonly startYear: number;
  readonly endYear: number;
  readonly phases: readonly string[];
  private readonly actions = new Map<string, PhaseAction[]>();

  constructor(options: ScheduleOptions) {
    const { startYear, endYear, phases } = options;
    if (!Number.isInteger(startYear)) {
      throw new InvalidArgumentError('startYear', startYear, 'an integer year');
    }
    if (!Number.isInteger(endYear) || endYear < startYear) {
      throw new InvalidArgumentError(
        'endYear',
        endYear,
        `an integer year ≥ startYear (${startYear})`,
      );
    }
    if (phases.length === 0 || new Set(phases).size !== phases.length) {
      throw new InvalidArgumentError('phases', phases, 'a non-empty list of distinct names');
    }
    this.startYear = startYear;
    this.endYear = endYear;
    this.phases = Object.freeze([...phases]);
    for (const phase of phases) this.actions.set(phase, []);
  }

  /** Number of ticks in the run. */
  get length(): number {
    return this.endYear - this.startYear + 1;
  }

  /** Registers `run` for `phase`; throws naming the phase if the model has no such phase. */
  register(phase: string, owner: string, run: (year: number) => void): void {
    const list = this.actions.get(phase);
    if (!list) {
      throw new InvalidArgumentError(
        `phase of "${owner}"`,
        phase,
        `one of the model's phases: ${this.phases.join(', ')}`,
      );
    }
    list.push({ owner, run });
  }

  /** The actions of one phase, in the order they run. */
  actionsOf(phase: string): readonly PhaseAction[] {
    return this.actions.get(phase) ?? [];
  }
}

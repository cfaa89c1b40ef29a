import { EventEmitter } from 'eventemitter3';

/** Payloads of the lifecycle events a simulation emits. Listeners must not throw. */
export interface LifecycleEvents {
  runStarted: [
    event: { scenario: string; startYear: number; endYear: number; seed: number | string },
  ];
  tickFinished: [event: { year: number; index: number; total: number }];
  runFinished: [
    event: { status: 'completed' | 'stopped'; lastYear: number | null; reason?: string },
  ];
  warning: [event: { code: string; message: string; year?: number; details?: unknown }];
}

/**
 * The lifecycle emitter: progress bars, logs and the command-line program listen to it; library
 * code reports through it and never prints.
 */
export class Lifecycle extends EventEmitter<LifecycleEvents> {}

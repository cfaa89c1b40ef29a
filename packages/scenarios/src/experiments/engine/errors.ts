import { OrebusError } from '@orebus/core';
import type { RunSpec } from './experiment-job.js';

/**
 * The result file belongs to another experiment (its header names another id, run count or
 * outputs), so resuming into it would mix two experiments. Code `E_RESULT_FILE_MISMATCH`.
 */
export class ResultFileMismatchError extends OrebusError {
  constructor(file: string, found: string, expected: string, field: string) {
    super(
      'E_RESULT_FILE_MISMATCH',
      `${file} holds results of experiment ${found}, not of experiment ${expected} ` +
        `(header field "${field}" differs); choose another result file, or remove this one ` +
        'if its results are no longer wanted',
      { file, found, expected, field },
    );
  }
}

/**
 * The result file cannot be read as one: no header, or a complete line that is not the record
 * expected there. Code `E_RESULT_FILE_CORRUPT`. A partial last line is not corruption (it is
 * what a kill leaves) and never raises this.
 */
export class ResultFileCorruptError extends OrebusError {
  constructor(file: string, line: number, problem: string) {
    super(
      'E_RESULT_FILE_CORRUPT',
      `${file}, line ${line}: ${problem}; this is not an Orebus result file, or it was edited. ` +
        'Choose another result file, or remove this one to start the experiment afresh',
      { file, line, problem },
    );
  }
}

/**
 * A run threw. Code `E_RUN_FAILED`; `cause` is the run's own error (rebuilt from its name, code
 * and message when it was thrown in a worker thread). The records before the run stay in the
 * result file, and a resume starts again at this run.
 */
export class RunFailedError extends OrebusError {
  constructor(spec: RunSpec, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'E_RUN_FAILED',
      `run ${spec.index} (${describeSpec(spec)}) failed: ${reason}. The runs before it are ` +
        'saved; fix the cause and run the experiment again to resume from this run',
      { index: spec.index, spec },
      { cause },
    );
  }
}

/**
 * The experiment was stopped through its AbortSignal. Code `E_EXPERIMENT_ABORTED`; `cause` is
 * the signal's reason. Every run finished before the stop is in the result file.
 */
export class ExperimentAbortedError extends OrebusError {
  constructor(file: string, completed: number, total: number, reason: unknown) {
    super(
      'E_EXPERIMENT_ABORTED',
      `experiment stopped after ${completed} of ${total} runs; ${file} holds them, and running ` +
        'the same experiment again resumes from there',
      { file, completed, total },
      { cause: reason },
    );
  }
}

function describeSpec(spec: RunSpec): string {
  const parts = [spec.combination, `seed ${spec.seed}`];
  if (spec.variant !== undefined) parts.push(`variant ${spec.variant}`);
  if (spec.overrides.length > 0) parts.push(spec.overrides.join(' '));
  return parts.join(', ');
}

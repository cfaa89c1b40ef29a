// The execution engine of experiments: runs spread over worker threads, records streamed to a
// JSON Lines file in index order, and a resume that picks up where an interrupted run stopped.

export { compilingOnOwnThread } from './compile-threads.js';
export {
  ExperimentAbortedError,
  ResultFileCorruptError,
  ResultFileMismatchError,
  RunFailedError,
} from './errors.js';
export { evaluateRun, runOnJointScenario, runOnScenario } from './evaluate-run.js';
export {
  type ExecuteOptions,
  type ExperimentOutcome,
  executeExperiment,
  startWorkers,
  type WorkerPool,
} from './execute-experiment.js';
export type {
  ExperimentJob,
  OutputSpec,
  ResultHeader,
  RunRecord,
  RunSpec,
} from './experiment-job.js';
export type { ExperimentProgress } from './progress.js';
export { readResultHeader, readResults } from './result-file.js';

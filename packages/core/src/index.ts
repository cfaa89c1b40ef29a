// The public API of @orebus/core. Everything a model may use is listed here; anything not
// listed is internal and may change without notice.

export {
  BusHaltedError,
  type FailurePolicy,
  MessageInvalidError,
  SubscriberError,
  type SubscriberErrorHandler,
} from './bus/bus-errors.js';
export { assertFinite } from './bus/finite.js';
export {
  type Handler,
  MarketBus,
  type MarketBusOptions,
  type ObservedSink,
} from './bus/market-bus.js';
export {
  MessageLogError,
  MessageRecorder,
  parseMessageLog,
  replayMessages,
} from './bus/message-log.js';
export {
  defineProtocol,
  type Envelope,
  type MessageMap,
  type Observed,
  ObservedSchema,
  type Protocol,
  type WithKernelKinds,
} from './bus/protocol.js';
export * from './data/index.js';
export * from './dynamics/index.js';
export { formatValue, InvalidArgumentError, NonFiniteNumberError, OrebusError } from './errors.js';
export * from './random/index.js';
export {
  Agent,
  type AgentContext,
  AgentDetachedError,
  type AgentOptions,
  UndeclaredKindError,
} from './sim/agent.js';
export { Lifecycle, type LifecycleEvents } from './sim/lifecycle.js';
export { replayRun } from './sim/replay.js';
export { type PhaseAction, Schedule, type ScheduleOptions } from './sim/schedule.js';
export {
  AgentStepError,
  attachCollector,
  type RecordFilter,
  type RunSummary,
  Simulation,
  type SimulationOptions,
} from './sim/simulation.js';

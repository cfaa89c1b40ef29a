import { z } from 'zod';

/** A map from message kind to payload type. Every payload is a plain JSON object. */
export type MessageMap = { [kind: string]: object };

/**
 * The kernel's own message kind, present in every protocol: a value an agent (or the model,
 * with sender `'model'`) reports for the current tick. Data collection listens to it, so a
 * recorded log alone is enough to rebuild a run's collected data.
 */
export const ObservedSchema = z.object({
  variable: z.string().min(1),
  unit: z.string().min(1),
  value: z.number(),
});
export type Observed = z.infer<typeof ObservedSchema>;

/** The message map of every protocol: the model's kinds plus `Observed`. */
export type WithKernelKinds<M extends MessageMap> = M & { Observed: Observed };

/**
 * The message kinds a model speaks, each with the zod schema that checks its payload at the
 * edges (replayed logs) and, in checked mode, on every publish.
 */
export interface Protocol<M extends MessageMap> {
  readonly schemas: { readonly [K in keyof M]: z.ZodType<M[K]> };
  readonly kinds: readonly (keyof M & string)[];
}

/**
 * Declares a protocol from one zod schema per message kind. Kind names are facts that happened
 * (`PriceQuoted`, `DemandPosted`); `Observed` is added by the kernel and may not be redefined.
 */
export function defineProtocol<S extends Record<string, z.ZodType<object>>>(
  schemas: S,
): Protocol<WithKernelKinds<{ [K in keyof S]: z.infer<S[K]> }>> {
  if ('Observed' in schemas) {
    throw new Error('defineProtocol: the kind "Observed" belongs to the kernel; rename yours');
  }
  const all = { ...schemas, Observed: ObservedSchema };
  return {
    schemas: all as never,
    kinds: Object.keys(all) as never,
  };
}

/** One message as it travelled on the bus: the payload plus where and when it was sent. */
export interface Envelope<
  M extends MessageMap = MessageMap,
  K extends keyof M & string = keyof M & string,
> {
  /** Position in the run's message sequence, from 0; gaps never occur. */
  readonly seq: number;
  /** The simulated year during which it was published. */
  readonly tick: number;
  /** The phase of the tick during which it was published, or `''` outside any phase. */
  readonly phase: string;
  /** Id of the publishing agent, or `'model'`. */
  readonly sender: string;
  readonly kind: K;
  readonly payload: M[K];
}

import { type Agent, formatValue, OrebusError } from '@orebus/core';
import type { z } from 'zod';
import type { MarketMessages } from '../protocol.js';

/** Where a rule is being added: which metal's market, and the run's years. */
export interface RuleContext {
  readonly metal: string;
  readonly startYear: number;
  readonly endYear: number;
  /** Index of this rule among the scenario's rules, for unique agent ids. */
  readonly index: number;
}

/**
 * An interaction rule: a named kind with a zod schema for its parameters and a factory of the
 * agents that carry it out. Rules act only through the bus, by publishing messages that the
 * other agents already understand (such as `SupplyRestricted`), or by adding agents that trade
 * (a stockpile that buys and sells). Adding a rule never means editing the market.
 */
export interface RuleDefinition<P extends { kind: string }> {
  readonly kind: P['kind'];
  /** One line for `orebus` listings. */
  readonly description: string;
  /** Checks the rule's parameters, including `kind`. */
  readonly schema: z.ZodType<P>;
  readonly create: (parameters: P, context: RuleContext) => Agent<object, MarketMessages>[];
}

/** A rule of unknown kind, or with parameters its schema refuses. */
export class RuleError extends OrebusError {
  constructor(path: string, value: unknown, problem: string) {
    super('E_RULE', `${path} = ${formatValue(value)}: ${problem}`, { path, value, problem });
  }
}

/** The rules a model can use, by kind. */
export class RuleRegistry {
  private readonly definitions = new Map<string, RuleDefinition<{ kind: string }>>();

  /** Adds a rule kind; throws if the kind is taken. Returns the registry for chaining. */
  register<P extends { kind: string }>(definition: RuleDefinition<P>): this {
    if (this.definitions.has(definition.kind)) {
      throw new RuleError('kind', definition.kind, 'a rule of this kind is already registered');
    }
    this.definitions.set(
      definition.kind,
      definition as unknown as RuleDefinition<{ kind: string }>,
    );
    return this;
  }

  /** Registered kinds with their descriptions, in registration order. */
  list(): { kind: string; description: string }[] {
    return [...this.definitions.values()].map(({ kind, description }) => ({ kind, description }));
  }

  /** The definition of a kind, if registered. */
  get(kind: string): RuleDefinition<{ kind: string }> | undefined {
    return this.definitions.get(kind);
  }

  /**
   * Checks `spec` against its kind's schema and creates the rule's agents. `path` names the
   * spec in error messages (e.g. `rules[0]`).
   */
  create(spec: unknown, context: RuleContext, path = 'rule'): Agent<object, MarketMessages>[] {
    const kind = (spec as { kind?: unknown } | null)?.kind;
    const definition = typeof kind === 'string' ? this.definitions.get(kind) : undefined;
    if (!definition) {
      throw new RuleError(
        `${path}.kind`,
        kind,
        `expected one of ${[...this.definitions.keys()].join(', ')}`,
      );
    }
    const parsed = definition.schema.safeParse(spec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = [path, ...issue.path.map(String)].join('.');
      throw new RuleError(field, valueAt(spec, issue.path), issue.message);
    }
    return definition.create(parsed.data, context);
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<PropertyKey, unknown> | undefined)?.[key];
  return at;
}

import type { z } from 'zod';

/** The parts of a zod schema's definition that finding an object's fields reads. */
interface Definition {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly getter?: () => z.ZodType;
}

// zod 4 keeps a schema's definition under `_zod.def`; should that change, no fields are named
// (the message says "no such field") rather than the check failing.
const definitionOf = (schema: z.ZodType): Definition =>
  (schema as unknown as { _zod?: { def?: Definition } })._zod?.def ?? { type: 'unknown' };

/** A plain object of fields: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields the object at `path` of a document may have, by `schema`, for naming them when the
 * document has one it may not: `data` (the document) picks the member of a union, by its
 * discriminator (`kind: sobol`) or, in a union without one, by the fields the object has.
 * Undefined where the path meets no object schema, or a union it cannot decide.
 */
export function schemaFieldsAt(
  schema: z.ZodType,
  path: readonly (string | number)[],
  data: unknown,
): string[] | undefined {
  let node: z.ZodType | undefined = schema;
  let value = data;
  for (const key of path) {
    node = objectOrCollection(node, value);
    if (node === undefined) return undefined;
    const definition = definitionOf(node);
    if (definition.type === 'object') node = definition.shape?.[String(key)];
    else if (definition.type === 'array') node = definition.element;
    else if (definition.type === 'record') node = definition.valueType;
    else return undefined;
    value = isRecord(value) || Array.isArray(value) ? (value as never)[key] : undefined;
    if (node === undefined) return undefined;
  }
  node = objectOrCollection(node, value);
  const definition = node === undefined ? undefined : definitionOf(node);
  return definition?.type === 'object' ? Object.keys(definition.shape ?? {}) : undefined;
}

/** `schema` without its wrappers (optional, default, pipe…), a union resolved by `value`. */
function objectOrCollection(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  let node = schema;
  for (;;) {
    const definition = definitionOf(node);
    switch (definition.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        node = definition.innerType!;
        break;
      case 'pipe':
        node = definition.in!;
        break;
      case 'lazy':
        node = definition.getter!();
        break;
      case 'union': {
        const member = memberFor(definition, value);
        if (member === undefined) return undefined;
        node = member;
        break;
      }
      default:
        return node;
    }
  }
}

/** The member of a union that `value` is meant to be, if that can be told. */
function memberFor(union: Definition, value: unknown): z.ZodType | undefined {
  if (!isRecord(value)) return undefined;
  const members = union.options ?? [];
  const discriminator = union.discriminator;
  if (discriminator !== undefined) {
    return members.find((member) =>
      (
        member as unknown as { _zod: { propValues?: Record<string, Set<unknown>> } }
      )._zod.propValues?.[discriminator]?.has(value[discriminator]),
    );
  }
  // Without a discriminator: the member that knows most of the value's fields, if only one does
  // (a member that cannot tell its own form, a union whose discriminator the value lacks, knows
  // none of them).
  let best: z.ZodType | undefined;
  let bestCount = -1;
  let tied = false;
  for (const member of members) {
    const resolved = objectOrCollection(member, value);
    const shape =
      resolved !== undefined && definitionOf(resolved).type === 'object'
        ? (definitionOf(resolved).shape ?? {})
        : undefined;
    const count = shape === undefined ? 0 : Object.keys(value).filter((key) => key in shape).length;
    if (count > bestCount) {
      best = shape === undefined ? undefined : resolved;
      bestCount = count;
      tied = false;
    } else if (count === bestCount) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}

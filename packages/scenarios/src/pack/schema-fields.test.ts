import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaFieldsAt } from './schema-fields.js';

const Rule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cut'), share: z.number() }),
  z.strictObject({ kind: z.literal('noise'), sd: z.number(), persistence: z.number().optional() }),
]);
const File = z.strictObject({
  name: z.string(),
  rules: z.array(Rule).default([]),
  shocks: z.array(z.union([Rule, z.strictObject({ metal: z.string(), rule: Rule })])).optional(),
  metals: z.record(z.string(), z.strictObject({ pack: z.string() })),
});

describe('schemaFieldsAt', () => {
  it('names the fields of the object at a path, through arrays, records and wrappers', () => {
    expect(schemaFieldsAt(File, [], {})).toEqual(['name', 'rules', 'shocks', 'metals']);
    expect(schemaFieldsAt(File, ['metals', 'Co'], { metals: { Co: {} } })).toEqual(['pack']);
  });

  it('picks the member of a discriminated union that the document names', () => {
    const data = { rules: [{ kind: 'cut' }, { kind: 'noise', sdd: 1 }] };

    expect(schemaFieldsAt(File, ['rules', 0], data)).toEqual(['kind', 'share']);
    expect(schemaFieldsAt(File, ['rules', 1], data)).toEqual(['kind', 'sd', 'persistence']);
    expect(schemaFieldsAt(File, ['rules', 2], data)).toBeUndefined();
  });

  it('picks the member of a plain union by the fields the object has, and not on a tie', () => {
    const data = {
      shocks: [{ metal: 'Co', rule: { kind: 'cut', share: 1 }, extra: 1 }, { kind: 'noise' }, {}],
    };

    expect(schemaFieldsAt(File, ['shocks', 0], data)).toEqual(['metal', 'rule']);
    expect(schemaFieldsAt(File, ['shocks', 0, 'rule'], data)).toEqual(['kind', 'share']);
    expect(schemaFieldsAt(File, ['shocks', 1], data)).toEqual(['kind', 'sd', 'persistence']);
    expect(schemaFieldsAt(File, ['shocks', 2], data)).toBeUndefined();
  });

  it('gives undefined where the path meets no object schema', () => {
    expect(schemaFieldsAt(File, ['name'], { name: 'x' })).toBeUndefined();
    expect(schemaFieldsAt(File, ['nothing', 'here'], {})).toBeUndefined();
  });
});

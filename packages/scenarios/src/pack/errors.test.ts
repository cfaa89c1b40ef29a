import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { COMMAND_LINE, formatScenarioError, ScenarioError } from './errors.js';
import { loadPack } from './pack.js';
import { copyLithiumPack, issuesOf, LITHIUM_PACK_DIR } from './pack.test-support.js';
import { parseScenario, resolveScenario, serializeScenario } from './resolve.js';

const pack = loadPack(LITHIUM_PACK_DIR);
const completeYaml = serializeScenario(resolveScenario(pack, 'S1-D1'), 'yaml');

/**
 * The complete S1-D1 scenario with the fields at the given dotted paths set (or, for
 * `undefined`, deleted), as YAML text.
 */
function editedScenario(edits: Record<string, unknown>): string {
  const document = parseYaml(completeYaml) as Record<string, unknown>;
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split('.');
    const parent = keys
      .slice(0, -1)
      .reduce((node, key) => node[key] as Record<string, unknown>, document);
    if (value === undefined) delete parent[keys.at(-1)!];
    else parent[keys.at(-1)!] = value;
  }
  return stringifyYaml(document);
}

function codesAndPaths(text: string, format: 'yaml' | 'json' = 'yaml') {
  return issuesOf(() => parseScenario(text, 'scenario.yaml', format)).map(({ code, path }) => ({
    code,
    path,
  }));
}

describe('scenario file errors', () => {
  it('reports an unknown field with its path and value', () => {
    const text = editedScenario({
      'parameters.market.SPRR': {
        value: 1,
        unit: '1',
        provenance: { kind: 'assumption', reason: 'x' },
      },
    });

    const issues = issuesOf(() => parseScenario(text, 'scenario.yaml', 'yaml'));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'unknown_field',
      file: 'scenario.yaml',
      path: 'parameters.market.SPRR',
    });
    expect(issues[0]!.line).toBeGreaterThan(0);
  });

  it('names the fields a misspelt field could have been, in parameters and in rules', () => {
    const text = editedScenario({
      'parameters.market.SPR.provenence': 'x',
      'parameters.rules.value': [{ kind: 'import-disruption', shre: 0.5, years: [2030] }],
    });

    const issues = issuesOf(() => parseScenario(text, 'scenario.yaml', 'yaml'));
    const allowed = (path: string) => issues.find((i) => i.path === path)?.allowed;

    expect(allowed('parameters.market.SPR.provenence')).toBe(
      'one of the fields value, unit, provenance, interpolation, uncertainty',
    );
    // Before: "no such field" (the parameter tree ends at the rules).
    expect(allowed('parameters.rules.value.0.shre')).toMatch(/^one of the fields kind, share, /);
  });

  it('reports a value of the wrong type', () => {
    const text = editedScenario({ 'parameters.producers.Con.value': 'high' });

    expect(codesAndPaths(text)).toEqual([
      { code: 'invalid_type', path: 'parameters.producers.Con.value' },
    ]);
  });

  it('reports out-of-range values, each with the offending value', () => {
    const text = editedScenario({
      'parameters.producers.Con.value': 1.5,
      'parameters.market.SPR.value': -0.1,
    });

    const issues = issuesOf(() => parseScenario(text, 'scenario.yaml', 'yaml'));

    expect(issues.map(({ code, path, value }) => ({ code, path, value }))).toEqual([
      { code: 'out_of_range', path: 'parameters.market.SPR.value', value: -0.1 },
      { code: 'out_of_range', path: 'parameters.producers.Con.value', value: 1.5 },
    ]);
  });

  it('reports shares that do not sum to 1', () => {
    const text = editedScenario({ 'parameters.producers.shares.value': [0.1, 0.1, 0.1, 0.1, 0.5] });

    expect(codesAndPaths(text)).toEqual([
      { code: 'sum_mismatch', path: 'parameters.producers.shares.value' },
    ]);
  });

  it('reports a unit other than the one the model expects', () => {
    const text = editedScenario({ 'parameters.producers.K2022.unit': 'kt Li' });

    expect(codesAndPaths(text)).toEqual([
      { code: 'unit_mismatch', path: 'parameters.producers.K2022.unit' },
    ]);
  });

  it('reports a path year outside the horizon', () => {
    const text = editedScenario({
      'parameters.ev.population.value': { 2022: 1.426e9, 2060: 1.2e9 },
    });

    expect(codesAndPaths(text)).toEqual([
      { code: 'year_outside_horizon', path: 'parameters.ev.population.value.2060' },
    ]);
  });

  it('reports a parameter missing from a complete scenario', () => {
    const text = editedScenario({ 'parameters.ess.logisticRate': undefined });

    expect(codesAndPaths(text)).toEqual([{ code: 'missing', path: 'parameters.ess.logisticRate' }]);
  });

  it('reports a missing provenance', () => {
    const text = editedScenario({ 'parameters.market.P0.provenance': undefined });

    expect(codesAndPaths(text)).toEqual([
      { code: 'missing', path: 'parameters.market.P0.provenance' },
    ]);
  });

  it('reports every YAML syntax error with its line', () => {
    const text = completeYaml.replace('orebus: scenario/1', 'orebus: [scenario/1');

    const issues = issuesOf(() => parseScenario(text, 'broken.yaml', 'yaml'));

    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.code === 'syntax' && issue.file === 'broken.yaml')).toBe(
      true,
    );
    expect(issues[0]!.line).toBeGreaterThan(0);
  });

  it('reports every problem of a declared uncertainty, each with its field and value', () => {
    const provenance = { kind: 'assumption', reason: 'test' };
    const text = editedScenario({
      // Not one number: a lifetime.
      'parameters.ev.lifetime.uncertainty': {
        distribution: { kind: 'uniform', min: 5, max: 20 },
        provenance,
      },
      // An invalid distribution: max below min.
      'parameters.market.SCP.uncertainty': {
        distribution: { kind: 'uniform', min: 0.5, max: 0.1 },
        provenance,
      },
      // Cannot give the stated value 22 600.
      'parameters.producers.K2022.uncertainty': {
        distribution: { kind: 'uniform', min: 10000, max: 20000 },
        provenance,
      },
      // Gives values below the parameter's range (SPR ≥ 0).
      'parameters.market.SPR.uncertainty': {
        distribution: { kind: 'triangular', min: -1, mode: 0.3, max: 1 },
        provenance,
      },
      // No provenance.
      'parameters.producers.Eco.uncertainty': {
        distribution: { kind: 'normal', mean: 1, sd: 0.1 },
      },
    });

    const issues = issuesOf(() => parseScenario(text, 'scenario.yaml', 'yaml'));
    const at = (path: string) => issues.filter((issue) => issue.path === path);

    expect(at('parameters.ev.lifetime.uncertainty')[0]?.allowed).toMatch(/one number/);
    expect(at('parameters.market.SCP.uncertainty.distribution.max')[0]).toMatchObject({
      value: 0.1,
    });
    expect(at('parameters.producers.K2022.uncertainty.distribution')[0]).toMatchObject({
      code: 'out_of_range',
    });
    expect(at('parameters.producers.K2022.uncertainty.distribution')[0]!.allowed).toMatch(
      /stated value 22600 .*10000 to 20000/,
    );
    expect(at('parameters.market.SPR.uncertainty.distribution')[0]!.allowed).toMatch(
      /within the parameter's range/,
    );
    expect(at('parameters.producers.Eco.uncertainty.provenance')).toHaveLength(1);
    expect(issues).toHaveLength(5);
  });

  it('reports a JSON syntax error', () => {
    const issues = issuesOf(() => parseScenario('{"orebus": "scenario/1",', 'broken.json', 'json'));

    expect(issues.map((issue) => issue.code)).toEqual(['syntax']);
  });

  it('reports every problem of a pack together, across its files', () => {
    const dir = copyLithiumPack();
    const s2 = join(dir, 'sides', 'S2.yaml');
    writeFileSync(s2, readFileSync(s2, 'utf8').replace('value: 0.14', 'value: fast'));
    writeFileSync(
      join(dir, 'sides', 'D2.yaml'),
      'orebus: scenario/1\nparameters: {ess: {capacity: 1}}\n',
    );

    const issues = issuesOf(() => loadPack(dir));

    expect(issues.map(({ code, file, path }) => ({ code, file, path }))).toEqual([
      { code: 'invalid_type', file: s2, path: 'parameters.producers.productivityRate.value' },
      {
        code: 'unknown_field',
        file: join(dir, 'sides', 'D2.yaml'),
        path: 'parameters.ess.capacity',
      },
    ]);
  });
});

describe('override errors', () => {
  const overrideIssues = (overrides: string[]) =>
    issuesOf(() => resolveScenario(pack, 'S1-D1', { overrides })).map(
      ({ code, file, path, value }) => ({
        code,
        file,
        path,
        value,
      }),
    );

  it('reports an unknown override path', () => {
    expect(overrideIssues(['producers.Conn=0.2'])).toEqual([
      { code: 'unknown_override', file: COMMAND_LINE, path: 'producers.Conn', value: '0.2' },
    ]);
  });

  it('reports a malformed override value', () => {
    expect(overrideIssues(['market.SPR=0.8x', 'producers.shares=a,b'])).toEqual([
      { code: 'malformed_override', file: COMMAND_LINE, path: 'market.SPR', value: '0.8x' },
      { code: 'malformed_override', file: COMMAND_LINE, path: 'producers.shares', value: 'a,b' },
    ]);
  });

  it('reports an override without a name', () => {
    expect(overrideIssues(['0.2']).map((issue) => issue.code)).toEqual(['malformed_override']);
  });

  it('reports out-of-range overrides and shares not summing to 1, all at once', () => {
    expect(overrideIssues(['producers.Con=1.2', 'producers.shares=0.2,0.2,0.2,0.2,0.3'])).toEqual([
      { code: 'out_of_range', file: COMMAND_LINE, path: 'producers.Con', value: 1.2 },
      {
        code: 'sum_mismatch',
        file: COMMAND_LINE,
        path: 'producers.shares',
        value: [0.2, 0.2, 0.2, 0.2, 0.3],
      },
    ]);
  });

  it('reports an enum override outside its options', () => {
    expect(overrideIssues(['producers.productivityMode=exponential'])[0]).toMatchObject({
      code: 'invalid_value',
      path: 'producers.productivityMode',
    });
  });

  it('reports overrides that contradict other parameters', () => {
    expect(overrideIssues(['ev.bevShare2050=0.5'])).toEqual([
      {
        code: 'inconsistent',
        file: COMMAND_LINE,
        path: 'parameters.ev.bevShare2050.value',
        value: 0.5,
      },
    ]);
  });

  it('reports an unknown combination and an unknown variant together', () => {
    const issues = issuesOf(() => resolveScenario(pack, 'S4-D1', { variant: 'nope' }));

    expect(issues.map((issue) => issue.code)).toEqual(['unknown_combination', 'unknown_variant']);
  });
});

describe('formatScenarioError', () => {
  it('puts every issue on its own line with file and path', () => {
    const error = new ScenarioError([
      {
        code: 'out_of_range',
        file: 'a.yaml',
        path: 'parameters.producers.Con.value',
        value: 2,
        allowed: 'x',
        line: 7,
      },
      { code: 'unknown_override', file: COMMAND_LINE, path: 'x.y', value: '1', allowed: 'y' },
    ]);

    const lines = formatScenarioError(error).split('\n');

    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`Rejected: 2 problems in a.yaml, ${COMMAND_LINE}`);
    expect(lines[3]).toContain('`orebus show` lists every parameter');
    expect(lines[1]).toContain('a.yaml:7 parameters.producers.Con.value');
    expect(lines[2]).toContain(`${COMMAND_LINE} x.y`);
  });

  it('gives a syntax error as the parser says it, not as a value that is not allowed', () => {
    const issues = issuesOf(() =>
      parseScenario('orebus: scenario/1\nparameters: {}\nparameters: {}\n', 'twice.yaml', 'yaml'),
    );

    const lines = formatScenarioError(new ScenarioError(issues)).split('\n');

    expect(lines).toEqual([
      'Rejected: 1 problem in twice.yaml',
      '  twice.yaml:3: Map keys must be unique; expected valid YAML (DUPLICATE_KEY)',
      'Fix the fields above and run again.',
    ]);
  });
});

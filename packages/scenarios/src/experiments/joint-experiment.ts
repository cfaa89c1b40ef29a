/**
 * Experiments on a joint pack (several metals on one bus): factors name their metal
 * (`Co.producers.Con`) or the chemistry rule (`priceResponse.elasticity`), outputs name their
 * agent (`market:Co`). A run sets its factors on the resolved joint combination (`assignJoint`)
 * where it can, and resolves the combination again with them as overrides where it cannot. One-at-a-time, Morris, Sobol', Monte Carlo and sweeps run as on one metal;
 * calibration and shocks do not.
 */
import { isJointAssignable, isJointPackDir, type JointScenario } from '../joint/joint-pack.js';
import {
  COMMAND_LINE,
  type ParameterRow,
  ScenarioError,
  type ScenarioIssue,
} from '../pack/index.js';
import type { Experiment } from './experiment-file.js';
import { type PlanBase, shockIssues } from './plan.js';

/** Whether `dir` holds a joint pack; kept per directory, as a run asks once per run. */
export function isJointPack(dir: string): boolean {
  let joint = jointDirs.get(dir);
  if (joint === undefined) {
    joint = isJointPackDir(dir);
    jointDirs.set(dir, joint);
  }
  return joint;
}
const jointDirs = new Map<string, boolean>();

/**
 * What planning reads of a joint combination: the joint pack's own rows (`priceResponse.…`)
 * and every metal's rows under its metal (`Li.market.SPR`), declared uncertainties included.
 */
export function jointPlanBase(scenario: JointScenario): PlanBase {
  const table: ParameterRow[] = [...scenario.table];
  for (const [metal, resolved] of scenario.scenarios) {
    for (const row of resolved.table) table.push({ ...row, path: `${metal}.${row.path}` });
  }
  return {
    table,
    parameters: { rules: [] },
    contentHash: scenario.contentHash,
    assignable: (path) => isJointAssignable(path, scenario.metals),
    rulesByMetal: new Map(
      scenario.metals.map((metal) => [metal, scenario.scenarios.get(metal)!.parameters.rules]),
    ),
  };
}

/**
 * Refuses what an experiment cannot do on a joint pack, every problem at once: a calibration
 * (it fits one metal's pack), a shock that names no metal of the pack (whose market would it
 * join?), an output without its agent (there is a market per metal) and a first-balanced-year
 * (it reads one market).
 *
 * @throws ScenarioError naming each field.
 */
export function refuseOnJointPack(experiment: Experiment, metals: readonly string[]): void {
  const issues: ScenarioIssue[] = [];
  const file = experiment.file || COMMAND_LINE;
  if (experiment.method.kind === 'calibration') {
    issues.push({
      code: 'invalid_value',
      file,
      path: 'method.kind',
      value: experiment.method.kind,
      allowed:
        'a method other than calibration on a joint pack (a calibration fits one metal’s pack)',
    });
  }
  experiment.outputs.forEach((output, i) => {
    if (output.kind === 'first-balanced-year') {
      issues.push({
        code: 'invalid_value',
        file,
        path: `outputs.${i}.kind`,
        value: output.kind,
        allowed: 'value or series on a joint pack (first-balanced-year reads a single market)',
      });
    } else if (output.agent === undefined) {
      issues.push({
        code: 'missing',
        file,
        path: `outputs.${i}.agent`,
        value: undefined,
        allowed: `the agent to read, e.g. ${metals.map((m) => `market:${m}`).join(', ')} (a joint pack has a market per metal)`,
      });
    }
  });
  issues.push(...shockIssues(experiment, metals, true));
  if (issues.length > 0) throw new ScenarioError(issues);
}

// Pattern P13: the one-at-a-time sensitivity test, paper section 3.3, figure 6.
import type { PatternResult, SensitivityParameter, SensitivityResult } from './series.js';
import { judge, notSupplied, percent } from './verdict.js';

/**
 * The parameters in the order the paper lists them. The paper reports SPR as the most ("SPR 是
 * 引起锂需求变动最剧烈的参数") and SCP as the least influential ("锂需求对于价格成本参数最不敏感").
 */
export const SENSITIVITY_PARAMETERS: readonly SensitivityParameter[] = [
  'a',
  'SCP',
  'SPR',
  'Eco',
  'Con',
];

const P13_TITLE = 'Sensitivity of the 2050 outcome: SPR moves it most, SCP least';

/**
 * The effect of one parameter: the larger of the two moves of the output (−5 % and +10 % runs)
 * from its base, relative to the base. With a base of zero the moves are taken absolute, which
 * keeps the ranking, the only thing P13 uses.
 */
export function sensitivityEffect(
  result: SensitivityResult,
  parameter: SensitivityParameter,
): number {
  const { minus5, plus10 } = result.effects[parameter];
  const move = Math.max(Math.abs(minus5 - result.base), Math.abs(plus10 - result.base));
  return result.base === 0 ? move : move / Math.abs(result.base);
}

/**
 * P13: of the five parameters, SPR has strictly the largest effect and SCP strictly the
 * smallest. The paper measures "total lithium demand in 2050", which its own equations make
 * independent of these parameters; callers should pass total supply in 2050 and say so in
 * `output`. Without a sensitivity result the pattern is not held and `missing` names it.
 */
export function checkP13(sensitivity?: SensitivityResult): PatternResult {
  if (sensitivity === undefined) return notSupplied('P13', P13_TITLE, ['sensitivity']);

  const effects = SENSITIVITY_PARAMETERS.map((parameter) => ({
    parameter,
    effect: sensitivityEffect(sensitivity, parameter),
  }));
  const ranked = [...effects].sort((x, y) => y.effect - x.effect);
  const spr = sensitivityEffect(sensitivity, 'SPR');
  const scp = sensitivityEffect(sensitivity, 'SCP');
  const others = effects.filter(({ parameter }) => parameter !== 'SPR' && parameter !== 'SCP');
  const metrics: Record<string, number | string | null> = { output: sensitivity.output };
  for (const { parameter, effect } of effects) metrics[`effect.${parameter}`] = effect;
  metrics.ranking = ranked.map(({ parameter }) => parameter).join(' > ');
  const ranking = ranked
    .map(({ parameter, effect }) => `${parameter} ${percent(effect)}`)
    .join(' > ');
  const measured = `${sensitivity.output}: ${ranking}`;

  return judge({ id: 'P13', title: P13_TITLE, measured, metrics }, [
    {
      holds: effects.every(({ parameter, effect }) => parameter === 'SPR' || effect < spr),
      failure: 'SPR is not strictly the most influential parameter',
      evidence: ranking,
    },
    {
      holds: others.every(({ effect }) => effect > scp) && scp < spr,
      failure: 'SCP is not strictly the least influential parameter',
      evidence: ranking,
    },
  ]);
}

import { InvalidArgumentError } from '../errors.js';
import { HashTag, hashWords, type Lanes, pushString } from './hash.js';

/**
 * The seed of one run: a non-negative safe integer or any string. The number 42 and the string
 * "42" are different seeds.
 */
export type Seed = number | string;

const TWO_POW_32 = 2 ** 32;
const TWO_POW_21 = 2 ** 21;

/** Throws `E_INVALID_ARGUMENT` unless `seed` is a non-negative safe integer or a string. */
export function assertSeed(seed: unknown, field = 'seed'): asserts seed is Seed {
  if (typeof seed === 'string') return;
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return;
  throw new InvalidArgumentError(field, seed, 'a non-negative safe integer or a string');
}

/** Appends a seed's words, with a tag saying which kind of seed it is. */
function pushSeed(words: number[], seed: Seed): void {
  if (typeof seed === 'string') {
    words.push(HashTag.stringSeed);
    pushString(words, seed);
  } else {
    words.push(HashTag.integerSeed, seed % TWO_POW_32, Math.floor(seed / TWO_POW_32));
  }
}

/** The 128-bit key of the root stream of `seed`; every stream key descends from it. */
export function rootKey(seed: Seed): Lanes {
  assertSeed(seed);
  const words: number[] = [];
  pushSeed(words, seed);
  return hashWords(words);
}

/**
 * The seed of run `index` of an experiment whose own seed is `experimentSeed`: a non-negative
 * integer below 2^53, so it is itself a valid `Seed`.
 *
 * Pure: the result depends only on the two arguments, so run 7 gets the same seed whether or not
 * runs 0 to 6 are ever made. Distinct indices give distinct seeds with overwhelming probability,
 * not with certainty (53 bits of hash output).
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if the seed is not a `Seed` or `index` is
 *   not a non-negative safe integer.
 */
export function deriveSeed(experimentSeed: Seed, index: number): number {
  assertSeed(experimentSeed, 'experimentSeed');
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidArgumentError('index', index, 'a non-negative safe integer');
  }

  const words: number[] = [HashTag.derivedSeed];
  pushSeed(words, experimentSeed);
  words.push(index % TWO_POW_32, Math.floor(index / TWO_POW_32));
  const [high, low] = hashWords(words);

  // 21 high bits from one lane and 32 from the next make 53 bits, the most a double holds exactly.
  return (high % TWO_POW_21) * TWO_POW_32 + low;
}

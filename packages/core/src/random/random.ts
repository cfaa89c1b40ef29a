import { InvalidArgumentError, NonFiniteNumberError } from '../errors.js';
import { HashTag, hashWords, type Lanes, pushString } from './hash.js';
import { rootKey, type Seed } from './seed.js';

/**
 * Everything needed to resume a stream exactly where it was: plain data that survives
 * `JSON.stringify`/`JSON.parse`. Lanes are unsigned 32-bit integers.
 */
export interface RandomState {
  /** Names the algorithms, so that a state saved by another version is refused, not misread. */
  readonly algorithm: typeof ALGORITHM;
  /** Stream names from the root down; empty for the root stream. */
  readonly path: readonly string[];
  /** The stream's key, from which its sub-streams are derived. Never changes. */
  readonly key: Lanes;
  /** The xoshiro128** state, which advances with every draw. */
  readonly state: Lanes;
  /** The second normal deviate of the last polar-method pair, if not yet used. */
  readonly spareNormal: number | null;
}

const ALGORITHM = 'xoshiro128**+murmur3-x86-128-words/1';

// Lets `createRandom` reach the private factory without making it part of the class's API.
let makeRoot: (key: Lanes) => Random;

const TWO_POW_26 = 2 ** 26;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < TWO_POW_32;
}

function isLanes(value: unknown): value is Lanes {
  return Array.isArray(value) && value.length === 4 && value.every(isUint32);
}

function assertFinite(field: string, value: number, where: string): void {
  if (!Number.isFinite(value)) throw new NonFiniteNumberError(field, value, where);
}

/**
 * One named stream of seeded pseudo-random numbers.
 *
 * Algorithm. A stream has an immutable 128-bit key and a 128-bit generator state. The root key
 * is a hash of the seed; the key of `stream(name)` is a hash of (parent key, name); the generator
 * state is a hash of the stream's own key. The hash is MurmurHash3_x86_128 over 32-bit words
 * (see `hash.ts`), with a distinct domain tag for each use. Draws come from xoshiro128**
 * (Blackman and Vigna, 2018), period 2^128 − 1.
 *
 * Determinism. A stream's draws depend only on the seed and its path of names: not on which
 * other streams exist, the order they were made in, or how much anyone has drawn from them,
 * including from its parent. Hence `root.stream('a').stream('b')` and `root.stream('a/b')` are
 * unrelated streams. Distinct paths give unrelated sequences with overwhelming probability; the
 * hash is not cryptographic and nothing here is fit for security.
 *
 * Limitation: `normal` and `lognormal` use `Math.log`, `Math.exp`, and `Math.sqrt`; ECMAScript
 * fixes only `Math.sqrt` to the bit, so those two draws are reproducible on one engine (Node's V8)
 * but could differ in the last bits on another. All other draws use integer and exactly rounded
 * arithmetic only.
 */
export class Random {
  /** Stream names from the root down, for diagnostics; empty for the root stream. */
  readonly path: readonly string[];
  readonly #key: Lanes;
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | null;

  private constructor(path: readonly string[], key: Lanes, state: Lanes, spare: number | null) {
    this.path = path;
    this.#key = key;
    [this.#s0, this.#s1, this.#s2, this.#s3] = state;
    this.#spareNormal = spare;
  }

  static {
    makeRoot = (key) => Random.#fromKey([], key);
  }

  static #fromKey(path: readonly string[], key: Lanes): Random {
    let state = hashWords([HashTag.generator, ...key]);
    // xoshiro's one forbidden state; a hash output hits it with probability 2^-128.
    if (state.every((lane) => lane === 0)) state = [1, 0, 0, 0];
    return new Random(path, key, state, null);
  }

  /**
   * Rebuilds a stream from `state()`'s output; the copy then draws exactly what the original
   * would have drawn next, and derives the same sub-streams.
   *
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `saved` is not a state written by this
   *   version, names a `field`.
   */
  static fromState(saved: RandomState): Random {
    if (saved === null || typeof saved !== 'object') {
      throw new InvalidArgumentError('state', saved, 'an object returned by Random#state()');
    }
    if (saved.algorithm !== ALGORITHM) {
      throw new InvalidArgumentError('state.algorithm', saved.algorithm, JSON.stringify(ALGORITHM));
    }
    if (!Array.isArray(saved.path) || !saved.path.every((name) => typeof name === 'string')) {
      throw new InvalidArgumentError('state.path', saved.path, 'an array of stream names');
    }
    if (!isLanes(saved.key)) {
      throw new InvalidArgumentError('state.key', saved.key, 'four unsigned 32-bit integers');
    }
    if (!isLanes(saved.state) || saved.state.every((lane) => lane === 0)) {
      throw new InvalidArgumentError(
        'state.state',
        saved.state,
        'four unsigned 32-bit integers, not all zero',
      );
    }
    const spare = saved.spareNormal;
    if (spare !== null && !(typeof spare === 'number' && Number.isFinite(spare))) {
      throw new InvalidArgumentError('state.spareNormal', spare, 'a finite number or null');
    }
    const key: Lanes = [...saved.key];
    const state: Lanes = [...saved.state];
    return new Random([...saved.path], key, state, spare);
  }

  /**
   * The sub-stream called `name`, starting at the beginning of its sequence. Each call returns a
   * new object, so calling twice with one name gives two copies that repeat each other's draws:
   * keep the stream, do not re-derive it every tick. Neither creating it nor drawing from this
   * stream changes what it draws.
   *
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `name` is empty.
   */
  stream(name: string): Random {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', name, 'a non-empty stream name');
    }
    const words: number[] = [HashTag.stream, ...this.#key];
    pushString(words, name);
    return Random.#fromKey([...this.path, name], hashWords(words));
  }

  /** A snapshot to pass to `Random.fromState`; later draws do not change it. */
  state(): RandomState {
    return {
      algorithm: ALGORITHM,
      path: [...this.path],
      key: [...this.#key],
      state: [this.#s0 >>> 0, this.#s1 >>> 0, this.#s2 >>> 0, this.#s3 >>> 0],
      spareNormal: this.#spareNormal,
    };
  }

  /** The next raw output of xoshiro128**: an integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result >>> 0;
  }

  /** An integer in [0, 2^53) from the high bits of two outputs (xoshiro's low bits are weaker). */
  #nextUint53(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return high * TWO_POW_26 + low;
  }

  /** Uniform in [0, 1) on the grid of multiples of 2^-53; consumes two 32-bit outputs. */
  next(): number {
    return this.#nextUint53() / TWO_POW_53;
  }

  /**
   * Uniform in [lo, hi). Where rounding of `lo + (hi − lo)·u` would give `hi`, returns `lo`
   * instead, which happens for at most a few of the 2^53 grid points.
   *
   * @throws NonFiniteNumberError (`E_NON_FINITE`) if a bound or `hi − lo` is not finite.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `hi < lo`.
   */
  uniform(lo = 0, hi = 1): number {
    assertFinite('lo', lo, 'Random#uniform');
    assertFinite('hi', hi, 'Random#uniform');
    if (hi < lo) throw new InvalidArgumentError('hi', hi, `at least lo = ${lo}`);
    const width = hi - lo;
    assertFinite('hi - lo', width, 'Random#uniform');
    if (width === 0) return lo;

    const x = lo + width * this.next();
    return x < hi ? x : lo;
  }

  /**
   * A uniform integer in [lo, hi], both ends included, without modulo bias (rejection sampling).
   * Ranges of up to 2^32 values use one 32-bit output per attempt, wider ones two.
   *
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if a bound is not a safe integer,
   *   `hi < lo`, or the range holds more than 2^53 values.
   */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo)) throw new InvalidArgumentError('lo', lo, 'a safe integer');
    if (!Number.isSafeInteger(hi)) throw new InvalidArgumentError('hi', hi, 'a safe integer');
    if (hi < lo) throw new InvalidArgumentError('hi', hi, `at least lo = ${lo}`);
    // Below 2^53 the difference of two safe integers is exact; at or above, it rounds to ≥ 2^53.
    if (hi - lo >= TWO_POW_53) {
      throw new InvalidArgumentError('hi - lo', hi - lo, 'less than 2^53');
    }
    const count = hi - lo + 1;

    // Draws at or above `limit` would make low residues more likely; redraw them instead.
    if (count <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % count);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return lo + (x % count);
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % count);
    for (;;) {
      const x = this.#nextUint53();
      if (x < limit) return lo + (x % count);
    }
  }

  /**
   * A normal deviate with the given mean and standard deviation, by Marsaglia's polar method.
   * The method makes deviates in pairs: the second is kept in the stream (and in `state()`) and
   * returned, scaled to that call's arguments, by the next call; so odd-numbered calls consume
   * uniforms and even-numbered ones do not.
   *
   * @throws NonFiniteNumberError (`E_NON_FINITE`) if an argument is not finite.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `sd < 0`.
   */
  normal(mean = 0, sd = 1): number {
    assertFinite('mean', mean, 'Random#normal');
    assertFinite('sd', sd, 'Random#normal');
    if (sd < 0) throw new InvalidArgumentError('sd', sd, 'a non-negative standard deviation');

    return mean + sd * this.#standardNormal();
  }

  #standardNormal(): number {
    const spare = this.#spareNormal;
    if (spare !== null) {
      this.#spareNormal = null;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spareNormal = v * scale;
    return u * scale;
  }

  /**
   * `exp(X)` for X normal with mean `mu` and standard deviation `sigma`: `mu` and `sigma` are the
   * parameters of the logarithm, not the mean and sd of the result. Shares `normal`'s spare.
   *
   * @throws as `normal`.
   */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * `true` with probability `p`. `p = 0` never and `p = 1` always gives `true`.
   *
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless 0 ≤ p ≤ 1.
   */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError('p', p, 'a probability in [0, 1]');
    return this.next() < p;
  }

  /**
   * One element of `items`, each index equally likely.
   *
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `items` is empty.
   */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvalidArgumentError('items', items, 'a non-empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A new array holding `items` in uniformly random order (Fisher–Yates); `items` is untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const result = items.slice();
    for (let i = result.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const held = result[i] as T;
      result[i] = result[j] as T;
      result[j] = held;
    }
    return result;
  }
}

/**
 * The root stream of a run's randomness. Give each agent and each mechanism its own stream,
 * `root.stream('agent:producer-1')`, rather than drawing from the root: then adding a stream never
 * shifts the draws of another.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless `seed` is a non-negative safe
 *   integer or a string.
 */
export function createRandom(seed: Seed): Random {
  return makeRoot(rootKey(seed));
}

/**
 * The keyed 128-bit hash behind stream derivation: MurmurHash3_x86_128's block and finalisation
 * steps, applied to a sequence of 32-bit words instead of bytes.
 *
 * Input is padded with zero words to a whole number of four-word blocks and always processed by
 * the block step (there is no separate tail step); the unpadded length in words is mixed into the
 * finalisation as in the original, so padding never makes two inputs collide. The output is
 * therefore not byte-compatible with published MurmurHash3 vectors, and it need not be: only
 * its avalanche matters here. It is not a cryptographic hash.
 */

/** Four unsigned 32-bit lanes of a 128-bit value, lane 0 first. */
export type Lanes = readonly [number, number, number, number];

/** Domain tags keep hashes made for different purposes apart even on equal payloads. */
export const HashTag = {
  integerSeed: 0x5eed_0001,
  stringSeed: 0x5eed_0002,
  stream: 0x5eed_0003,
  generator: 0x5eed_0004,
  derivedSeed: 0x5eed_0005,
} as const;

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x;
}

/** Hashes a sequence of 32-bit words (each taken modulo 2^32) to 128 bits. */
export function hashWords(words: readonly number[]): Lanes {
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;

  for (let i = 0; i < words.length; i += 4) {
    let k1 = (words[i] ?? 0) | 0;
    let k2 = (words[i + 1] ?? 0) | 0;
    let k3 = (words[i + 2] ?? 0) | 0;
    let k4 = (words[i + 3] ?? 0) | 0;

    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul((rotl(h1, 19) + h2) | 0, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul((rotl(h2, 17) + h3) | 0, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul((rotl(h3, 15) + h4) | 0, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul((rotl(h4, 13) + h1) | 0, 5) + 0x32ac3b17) | 0;
  }

  const length = words.length;
  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Appends a string to `words` injectively: its length in UTF-16 code units, then the code units
 * packed two to a word. The length prefix is what keeps "a" and "a\u0000" apart.
 */
export function pushString(words: number[], text: string): void {
  words.push(text.length);
  for (let i = 0; i < text.length; i += 2) {
    const low = text.charCodeAt(i);
    const high = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    words.push((low | (high << 16)) >>> 0);
  }
}

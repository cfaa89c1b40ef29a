export { createRandom, Random, type RandomState } from './random.js';
export { deriveSeed, type Seed } from './seed.js';

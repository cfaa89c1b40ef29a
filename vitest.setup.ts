import fc from 'fast-check';

// Every property without a seed of its own runs from this one, so a run of the suite is
// repeatable; change it (or set FC_SEED) to explore other inputs.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261203) });

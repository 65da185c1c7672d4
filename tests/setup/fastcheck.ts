import fc from 'fast-check';

// Property tests run with a fixed seed in `npm test`, so CI is reproducible and cannot pass or
// fail by luck. FC_SEED=random (or any number) explores other inputs locally; the long scripts in
// scripts/ do the broad random search.
const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: Number(seed ?? 20261122) });

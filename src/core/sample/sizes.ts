/**
 * Sample base sizes, apart from the generator so the first screen can offer them without
 * loading the generator (it is imported only when a sample is actually made).
 */
export interface SampleSize { clients: number; lines: number }
export const DEMO_SIZE: SampleSize = { clients: 500, lines: 25_000 };
export const BENCH_SIZE: SampleSize = { clients: 20_000, lines: 1_000_000 };

// Types for generate.mjs, which the benchmarks run as plain JavaScript.

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number;

/** Deterministic damaged newspaper text of about `targetBytes` UTF-8 bytes. */
export function generateDocument(targetBytes: number, seed?: number): Uint8Array;

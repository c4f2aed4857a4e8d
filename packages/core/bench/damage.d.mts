// Types for damage.mjs, which the benchmark runs as plain JavaScript.
import type { CleanOptions, CleanResult, Edit } from "../src/index.js";

export interface DamagedSample {
  damaged: string;
  expected: string;
  eligible?: boolean;
}

export interface Restoration {
  samples: number;
  eligible: number;
  restoredOfEligible: number;
  restored: number;
  partial: number;
  untouched: number;
  wrong: number;
  examples: Array<{ damaged: string; expected: string; out: string }>;
}

type Clean = (input: string, options?: CleanOptions) => CleanResult;

export function random(seed: number): () => number;
export function cleanSentences(corpusDir: string): string[];
export function shiftDamage(sentence: string, rand: () => number): DamagedSample;
export function annotationDamage(sentence: string, rand: () => number): DamagedSample;
export function cp1252Damage(sentence: string): DamagedSample;
export function lossyCp1252Damage(sentence: string): DamagedSample;
export function measureRestoration(clean: Clean, sentences: readonly string[], seed?: number): Record<string, Restoration>;
export function falseRepairs(clean: Clean, texts: readonly string[]): Edit[];

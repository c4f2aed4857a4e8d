/**
 * The one document model every pass reads and returns. Passes never mutate what they
 * receive: they return a new Document whose changed lines are new objects, and append
 * the edits they made, so each pass can be run and tested on its own.
 */

export type RuleId = "R0" | "R1" | "R2" | "R3" | "R4" | "R5";

export const RULES: readonly RuleId[] = ["R0", "R1", "R2", "R3", "R4", "R5"];

export const RULE_NAMES: Record<RuleId, string> = {
  R0: "encoding and markup repair",
  R1: "continuation markers",
  R2: "broken paragraph joins",
  R3: "repeated paragraphs",
  R4: "duplicated blocks",
  R5: "page furniture",
};

/** Where the kept twin of a removed duplicate stands. */
export interface TwinRef {
  /** Code-point offsets of the kept paragraph (or run of paragraphs) in the decoded input. */
  start: number;
  end: number;
  /** 1-based input line where it starts. */
  line: number;
  /** 0-based index of the kept paragraph in the cleaned output. */
  paragraph: number;
}

/** One edit, with its provenance: which rule, where in the input, what it took away and why. */
export interface Edit {
  rule: RuleId;
  /** What kind of edit within the rule, e.g. `jump-marker`, `join`, `near-duplicate`. */
  kind: string;
  /** Code-point offsets [start, end) in the decoded input (after a byte-order mark). */
  start: number;
  end: number;
  /** 1-based input line of `start`. */
  line: number;
  /** The input text this edit removed; for a join, what stood between the two parts. */
  text: string;
  reason: string;
  /** For R0 repairs: the text put in place of `text` (absent when it was simply removed). */
  replacement?: string;
  /** For joins: what was put between the parts ("" or " "). */
  joinedWith?: string;
  /** For duplicates: the kept twin and how alike the two are (1 = identical after normalisation). */
  keptAt?: TwinRef;
  similarity?: number;
}

/** A place the cleaner left alone on purpose, and why: the contract's "when in doubt, keep and warn". */
export interface Warning {
  rule: RuleId;
  kind: string;
  start: number;
  end: number;
  line: number;
  message: string;
}

/** A physical input line; `text` is what is left of it after inline edits. */
export interface Line {
  /** 1-based line number in the input. */
  readonly no: number;
  /** UTF-16 offset of the line's first character in the decoded input. */
  readonly start: number;
  /** Code-point offset of the same character. */
  readonly cpStart: number;
  /** The line as it stood in the input, without its line terminator. */
  readonly raw: string;
  /** What is left of the line: raw from `lead`, minus `deleted`, minus anything cut from its end. */
  readonly text: string;
  /** Index in `raw` of the text's first character, once a prefix (indent, marker) was cut. */
  readonly lead: number;
  /** Sorted, disjoint [from, to) ranges of `raw` (UTF-16 indices) that edits cut from inside the text. */
  readonly deleted: readonly (readonly [number, number])[];
  /** Set when a rule removed the whole line. */
  readonly removedBy?: RuleId | undefined;
  /** The raw line holds characters outside the BMP (so UTF-16 and code-point offsets differ). */
  readonly astral: boolean;
  /** A jump marker stood at the start of this line's text: it continues text printed elsewhere. */
  readonly wallBefore: boolean;
  /** A jump marker stood at its end: the text goes on elsewhere. */
  readonly wallAfter: boolean;
}

/**
 * A paragraph of the output: one or more input lines joined by R2. Only its first and last
 * line are kept (for offsets): the lines between are not needed once the text is joined.
 */
export interface Paragraph {
  readonly first: Line;
  readonly last: Line;
  /** The joined text, one paragraph, no line breaks. */
  readonly text: string;
  readonly removedBy?: RuleId;
}

/**
 * What the duplicate detector found, per paragraph (index into `paragraphs`), in typed
 * arrays so that a large document's candidates cost little memory. R3 and R4 decide on it.
 */
export interface RepeatCandidates {
  /** Length of each paragraph's comparison key (0 for removed paragraphs). */
  keyLength: Int32Array;
  /** 1 where the key is mostly CJK. */
  cjk: Uint8Array;
  /** FNV-1a of each key. */
  keyHash: Int32Array;
  /** How many shingles each paragraph sampled. */
  sampled: Int32Array;
  /** The first earlier paragraph with the same key hash, or -1. */
  exact: Int32Array;
  /** Candidates of paragraph j are docs[k], sharing shared[k] shingles, for k in [offsets[j], offsets[j + 1]). */
  offsets: Int32Array;
  docs: Int32Array;
  shared: Int32Array;
}

export interface Document {
  /** The decoded input text (byte-order mark removed). */
  readonly source: string;
  readonly lines: readonly Line[];
  /** Set by the join pass; before it every live line is its own paragraph. */
  readonly paragraphs?: readonly Paragraph[];
  /** Set by the duplicate detector, for R3 and R4. */
  readonly repeats?: RepeatCandidates;
  readonly edits: readonly Edit[];
  readonly warnings: readonly Warning[];
}

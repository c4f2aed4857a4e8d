/**
 * The one document model every pass reads and returns. Passes never mutate what they
 * receive: they return a new Document with new tables where they changed something, and
 * append the edits they made, so each pass can be run and tested on its own.
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

/**
 * The document's lines as a table: one row a physical input line, its number its index + 1.
 * Offsets are UTF-16 indices into `Document.source`. A large document has hundreds of
 * thousands of lines; typed columns cost a few bytes a line where objects cost a hundred,
 * and the garbage collector never has to copy them.
 */
export interface LineTable {
  readonly count: number;
  /** Where each line starts in the text. */
  readonly start: Int32Array;
  /** What is left of the line: text[from, to), minus `cuts`. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Low three bits: the rule that removed the line (`ruleCode`), 0 when none; plus `WALL_BEFORE`, `WALL_AFTER`, `JOINED_WITH_SPACE`. */
  readonly state: Uint8Array;
  /** For the few lines that an edit cut inside: sorted, disjoint [a, b) pairs of text offsets, flat. */
  readonly cuts: ReadonlyMap<number, readonly number[]>;
}

/** A jump marker stood at the start of the line's text: it continues text printed elsewhere. */
export const WALL_BEFORE = 8;
/** A jump marker stood at its end: the text goes on elsewhere. */
export const WALL_AFTER = 16;
/** R2 joined the line to the live line before it with a space (without it, with nothing). */
export const JOINED_WITH_SPACE = 32;
export const REMOVED_MASK = 7;

/** The rule as the tables store it: 1 + its index in RULES; 0 is "not removed". */
export function ruleCode(rule: RuleId): number {
  return RULES.indexOf(rule) + 1;
}

export function ruleOf(code: number): RuleId | undefined {
  return code === 0 ? undefined : RULES[code - 1];
}

/**
 * The paragraphs of the output: runs of input lines joined by R2, as a table. A paragraph is
 * its live lines from `first` to `last`, each joined to the one before as its
 * `JOINED_WITH_SPACE` bit says; `paragraphText` spells it out. The texts are not kept: made
 * when a pass reads them, they die young, where a kept copy of the whole document would be
 * carried from pass to pass and through every garbage collection.
 */
export interface ParagraphTable {
  readonly count: number;
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** The few paragraphs whose text a pass changed across its lines (R5 after R2), by index. */
  readonly rewritten: ReadonlyMap<number, string>;
  /** `ruleCode` of the rule that removed the paragraph, 0 when it is kept. */
  readonly removedBy: Uint8Array;
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
  /** 1 where the paragraph reads like a title (`isTitleLike`): R3 spares those. */
  titleLike: Uint8Array;
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

/** What an edit is, shared by every edit of its kind: passes make these once, as constants. */
export interface EditLabel {
  readonly rule: RuleId;
  readonly kind: string;
  readonly reason: string;
  /** For joins: what was put between the parts ("" or " "). */
  readonly joinedWith?: string;
}

/** What only some edits carry. Offsets are UTF-16 indices into `Document.source`. */
export interface EditExtra {
  /** The text the edit removed, where it is not the text between its offsets (a joined paragraph, a line with a cut inside). */
  text?: string;
  /** The kept twin of a removed duplicate: its span and its paragraph's index in the document. */
  twin?: { start: number; end: number; paragraph: number };
  similarity?: number;
}

/**
 * The edits one pass made, in the order it made them: for each, the index of its label and
 * four offsets (start, end, and the span of `source` that is the removed text), plus the
 * rare extras. The report turns them into `Edit`s once, at the end.
 */
export interface EditBatch {
  readonly count: number;
  /** The distinct labels of the batch's edits. */
  readonly labels: readonly EditLabel[];
  /** EDIT_FIELDS integers an edit: label index, start, end, textFrom, textTo. */
  readonly fields: Int32Array;
  /** By edit index. */
  readonly extras: ReadonlyMap<number, EditExtra>;
}

/** Integers an edit takes in `EditBatch.fields`. */
export const EDIT_FIELDS = 5;

/** A warning as a pass records it: like the report's, with UTF-16 offsets into `Document.source` and no line. */
export interface Notice {
  rule: RuleId;
  kind: string;
  start: number;
  end: number;
  message: string;
}

/** How the input lays out its text; see `docs/cleaning-rules.md`, "Input forms". */
export type InputForm = "hard-wrapped" | "paragraph-per-line" | "page-per-line" | "undetermined";

/** What a line is, as the whole document shows it (`gatherEvidence`). */
export const LineRole = {
  body: 0,
  markdownHeading: 1,
  label: 2,
  listEntry: 3,
  /** An unmarked line inside a run of list entries: the rest of a wrapped entry, or a translation. */
  listContinuation: 4,
  pageNumber: 5,
  runningHead: 6,
  signatureMark: 7,
  markdownImage: 8,
  pageComment: 9,
  webChrome: 10,
} as const;

/** Evidence about the whole document that the rules read, gathered once. */
export interface DocumentEvidence {
  readonly form: InputForm;
  /** The printed column's width in half-width cells, for hard-wrapped text. */
  readonly columnWidth?: number;
  /** A `LineRole` per line. */
  readonly role: Uint8Array;
}

export interface Document {
  /** The text the passes read: the decoded input after R0's text repairs. */
  readonly source: string;
  readonly lines: LineTable;
  /** Set by the evidence pass, before the rules that read it. */
  readonly evidence?: DocumentEvidence;
  /** Set by the join pass; before it every live line is its own paragraph. */
  readonly paragraphs?: ParagraphTable;
  /** Set by the duplicate detector, for R3 and R4. */
  readonly repeats?: RepeatCandidates;
  /** One batch a pass that edited, in pass order. */
  readonly edits: readonly EditBatch[];
  readonly warnings: readonly Notice[];
}

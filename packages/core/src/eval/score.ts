/**
 * The measure of a cleaner against hand-cleaned gold, the same one the project is judged by
 * (`docs/cleaning-rules.md`, "The measure"): paragraph F1 over exact paragraphs, improvement
 * over the input by insert/delete edit distance on code points (the ICDAR post-OCR
 * "% improvement"), and the characters of gold lost and of output left over. Pure: the CLI
 * reads the files and runs the cleaners.
 */

/** Paragraphs of a text: lines trimmed (ASCII and ideographic spaces), blank lines dropped, inner runs of spaces made one. */
export function paragraphsForScoring(text: string): string[] {
  return text
    .replace(/^\uFEFF/u, "")
    .split(/\r\n|\r|\n/u)
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, "").replace(/[ \t\u3000]+/gu, " "))
    .filter((l) => l.length > 0);
}

/**
 * Insert/delete edit distance between two code-point arrays: Myers' O((N+M)D) greedy walk in
 * O(N+M) memory, after the common prefix and suffix are set aside (they cost nothing and are
 * most of a good cleaner's output).
 */
export function editDistance(a: Int32Array, b: Int32Array): number {
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a[start] === b[start]) start++;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const max = n + m;
  if (max === 0) return 0;
  const v = new Int32Array(2 * max + 2);
  const off = max + 1;
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[start + x] === b[start + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return d;
    }
  }
  return max;
}

export interface ParagraphMatch {
  hit: number;
  precision: number;
  recall: number;
  f1: number;
  /** Output paragraphs found nowhere in gold, and gold paragraphs missing from the output. */
  extraParagraphs: string[];
  missedParagraphs: string[];
}

/** Paragraphs matched as multisets: each gold paragraph can be hit once. */
export function matchParagraphs(output: readonly string[], gold: readonly string[]): ParagraphMatch {
  const bag = new Map<string, number>();
  for (const g of gold) bag.set(g, (bag.get(g) ?? 0) + 1);
  let hit = 0;
  const extraParagraphs: string[] = [];
  for (const p of output) {
    const c = bag.get(p) ?? 0;
    if (c > 0) {
      bag.set(p, c - 1);
      hit++;
    } else extraParagraphs.push(p);
  }
  const missedParagraphs: string[] = [];
  for (const [g, c] of bag) for (let i = 0; i < c; i++) missedParagraphs.push(g);
  const precision = output.length > 0 ? hit / output.length : gold.length > 0 ? 0 : 1;
  const recall = gold.length > 0 ? hit / gold.length : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { hit, precision, recall, f1, extraParagraphs, missedParagraphs };
}

export interface Comparison extends ParagraphMatch {
  /** Edit distance to gold. */
  distance: number;
  /** Gold characters missing from the text, and the text's characters absent from gold. */
  lost: number;
  extra: number;
  paragraphs: number;
  goldParagraphs: number;
}

function codePoints(paragraphs: readonly string[]): Int32Array {
  const text = paragraphs.join("\n");
  const out = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    out[n++] = cp;
    if (cp > 0xffff) i++;
  }
  return out.subarray(0, n);
}

export function compareWithGold(text: string, gold: string): Comparison {
  const output = paragraphsForScoring(text);
  const goldParagraphs = paragraphsForScoring(gold);
  const match = matchParagraphs(output, goldParagraphs);
  const a = codePoints(output);
  const b = codePoints(goldParagraphs);
  const distance = editDistance(a, b);
  const common = (a.length + b.length - distance) / 2;
  return { ...match, distance, lost: b.length - common, extra: a.length - common, paragraphs: output.length, goldParagraphs: goldParagraphs.length };
}

export interface DocumentScore {
  name: string;
  /** The cleaner's output against gold, and the input's own. */
  output: Comparison;
  input: Comparison;
  /** 1 − distance(output, gold) / distance(input, gold): 1 is perfect, 0 no better than the input, below 0 harm. */
  improvement: number;
  /** Edits per rule, when the cleaner is this engine. */
  edits?: Record<string, number>;
}

export function scoreDocument(name: string, inputText: string, outputText: string, goldText: string, edits?: Record<string, number>): DocumentScore {
  const input = compareWithGold(inputText, goldText);
  const output = compareWithGold(outputText, goldText);
  const improvement = input.distance > 0 ? 1 - output.distance / input.distance : output.distance > 0 ? -1 : 1;
  return { name, output, input, improvement, edits };
}

export interface ScoreTotals {
  documents: number;
  /** Pooled over all paragraphs of all documents. */
  paraF1: number;
  baselineParaF1: number;
  /** Pooled: 1 − Σ distance(output) / Σ distance(input). */
  improvement: number;
  /** The mean of the documents' improvements: each document counts the same, however long. */
  meanImprovement: number;
  /** Documents whose output is further from gold than their input (paragraph F1 or distance). */
  worseThanInput: number;
  lost: number;
  baselineLost: number;
  extra: number;
  baselineExtra: number;
  edits?: Record<string, number>;
}

function pooledF1(rows: readonly Comparison[]): number {
  let hit = 0;
  let paragraphs = 0;
  let gold = 0;
  for (const r of rows) {
    hit += r.hit;
    paragraphs += r.paragraphs;
    gold += r.goldParagraphs;
  }
  const precision = paragraphs > 0 ? hit / paragraphs : 0;
  const recall = gold > 0 ? hit / gold : 0;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

export function totalScores(rows: readonly DocumentScore[]): ScoreTotals {
  const sum = (f: (r: DocumentScore) => number) => rows.reduce((s, r) => s + f(r), 0);
  let edits: Record<string, number> | undefined;
  for (const r of rows) {
    if (!r.edits) continue;
    edits ??= {};
    for (const [rule, n] of Object.entries(r.edits)) edits[rule] = (edits[rule] ?? 0) + n;
  }
  return {
    documents: rows.length,
    paraF1: pooledF1(rows.map((r) => r.output)),
    baselineParaF1: pooledF1(rows.map((r) => r.input)),
    improvement: 1 - sum((r) => r.output.distance) / Math.max(1, sum((r) => r.input.distance)),
    meanImprovement: rows.length > 0 ? sum((r) => r.improvement) / rows.length : 0,
    worseThanInput: rows.filter((r) => r.output.f1 < r.input.f1 || r.improvement < 0).length,
    lost: sum((r) => r.output.lost),
    baselineLost: sum((r) => r.input.lost),
    extra: sum((r) => r.output.extra),
    baselineExtra: sum((r) => r.input.extra),
    edits,
  };
}

import type { EditBatch, EditExtra, EditLabel } from "./model.js";
import type { LineTable } from "./model.js";
import { cutInside, lineText, textPosition } from "./lines.js";
import { IntColumn } from "../text/columns.js";

/**
 * Collects one pass's edits compactly: a shared label and four offsets each, in columns
 * that grow by doubling. A document can have a hundred thousand joins; as objects they
 * would live through every later pass.
 */
export class EditRecorder {
  private labels: EditLabel[] = [];
  private spans = new IntColumn(256);
  private extras = new Map<number, EditExtra>();

  get count(): number {
    return this.labels.length;
  }

  /** An edit of [start, end) whose removed text is source[textFrom, textTo). */
  add(label: EditLabel, start: number, end: number, textFrom = start, textTo = end, extra?: EditExtra): void {
    const k = this.labels.length;
    this.spans.push(start);
    this.spans.push(end);
    this.spans.push(textFrom);
    this.spans.push(textTo);
    this.labels.push(label);
    if (extra !== undefined) this.extras.set(k, extra);
  }

  /** An edit removing text[from, to) of line i (indices into its current text). */
  addLineEdit(source: string, lines: LineTable, i: number, from: number, to: number, label: EditLabel): void {
    const start = textPosition(lines, i, from);
    const end = textPosition(lines, i, to);
    // Across a cut made earlier, the removed text is the line's, not what stands between the offsets.
    if (cutInside(lines, i, start, end)) this.add(label, start, end, start, end, { text: lineText(source, lines, i).slice(from, to) });
    else this.add(label, start, end);
  }

  /**
   * Reverses the edits added since the count was `mark`: a pass that works a line from
   * right to left (so that earlier indices stay valid) still reports left to right.
   */
  reverseSince(mark: number): void {
    const spans = this.spans.view();
    for (let a = mark, b = this.labels.length - 1; a < b; a++, b--) {
      [this.labels[a], this.labels[b]] = [this.labels[b]!, this.labels[a]!];
      for (let f = 0; f < 4; f++) {
        const x = spans[a * 4 + f]!;
        spans[a * 4 + f] = spans[b * 4 + f]!;
        spans[b * 4 + f] = x;
      }
      const ea = this.extras.get(a);
      const eb = this.extras.get(b);
      this.extras.delete(a);
      this.extras.delete(b);
      if (eb !== undefined) this.extras.set(a, eb);
      if (ea !== undefined) this.extras.set(b, ea);
    }
  }

  /** Orders the edits by start, stably: for a pass that finds them out of input order. */
  sortByStart(): void {
    const n = this.labels.length;
    const old = this.spans.view();
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => old[a * 4]! - old[b * 4]!);
    const labels = order.map((k) => this.labels[k]!);
    const spans = new IntColumn(n * 4);
    const extras = new Map<number, EditExtra>();
    order.forEach((k, at) => {
      for (let f = 0; f < 4; f++) spans.push(old[k * 4 + f]!);
      const extra = this.extras.get(k);
      if (extra !== undefined) extras.set(at, extra);
    });
    this.labels = labels;
    this.spans = spans;
    this.extras = extras;
  }

  /** The pass's edits appended to those of the passes before it. */
  appendTo(batches: readonly EditBatch[]): readonly EditBatch[] {
    if (this.labels.length === 0) return batches;
    const batch: EditBatch = { count: this.labels.length, labels: this.labels, spans: this.spans.view(), extras: this.extras };
    return [...batches, batch];
  }
}

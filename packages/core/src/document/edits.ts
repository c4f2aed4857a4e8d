import type { EditBatch, EditExtra, EditLabel, RuleId } from "./model.js";
import type { LineTable } from "./model.js";
import { EDIT_FIELDS } from "./model.js";
import { cutInside, lineText, textPosition } from "./lines.js";
import { IntColumn } from "../text/columns.js";

const labels = new Map<string, EditLabel>();

/** The one label of a rule, kind and reason, made on first use: a label is shared by every edit of its kind. */
export function editLabel(rule: RuleId, kind: string, reason: string): EditLabel {
  const key = `${rule}\u0000${kind}\u0000${reason}`;
  let label = labels.get(key);
  if (label === undefined) labels.set(key, (label = { rule, kind, reason }));
  return label;
}

/**
 * Collects one pass's edits compactly: five integers each in one growing column (which
 * label, start, end, and the span of the removed text), the few distinct labels once, and
 * the rare extras aside. A document can have a hundred thousand joins; as objects they
 * would live through every later pass.
 */
export class EditRecorder {
  private labels: EditLabel[] = [];
  private labelIndex = new Map<EditLabel, number>();
  private fields: IntColumn;
  private extras = new Map<number, EditExtra>();

  /** `expected`: about how many edits the pass will make, when it can tell (R2: one a line at most). */
  constructor(expected = 64) {
    this.fields = new IntColumn(EDIT_FIELDS * expected);
  }

  get count(): number {
    return this.fields.length / EDIT_FIELDS;
  }

  /** An edit of [start, end) whose removed text is source[textFrom, textTo). */
  add(label: EditLabel, start: number, end: number, textFrom = start, textTo = end, extra?: EditExtra): void {
    let index = this.labelIndex.get(label);
    if (index === undefined) {
      index = this.labels.push(label) - 1;
      this.labelIndex.set(label, index);
    }
    if (extra !== undefined) this.extras.set(this.count, extra);
    this.fields.push(index);
    this.fields.push(start);
    this.fields.push(end);
    this.fields.push(textFrom);
    this.fields.push(textTo);
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
    const fields = this.fields.view();
    for (let a = mark, b = this.count - 1; a < b; a++, b--) {
      for (let f = 0; f < EDIT_FIELDS; f++) {
        const x = fields[a * EDIT_FIELDS + f]!;
        fields[a * EDIT_FIELDS + f] = fields[b * EDIT_FIELDS + f]!;
        fields[b * EDIT_FIELDS + f] = x;
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
    const old = this.fields.view();
    const order = Array.from({ length: this.count }, (_, k) => k).sort((a, b) => old[a * EDIT_FIELDS + 1]! - old[b * EDIT_FIELDS + 1]!);
    const fields = new IntColumn(old.length);
    const extras = new Map<number, EditExtra>();
    order.forEach((k, at) => {
      for (let f = 0; f < EDIT_FIELDS; f++) fields.push(old[k * EDIT_FIELDS + f]!);
      const extra = this.extras.get(k);
      if (extra !== undefined) extras.set(at, extra);
    });
    this.fields = fields;
    this.extras = extras;
  }

  /** The pass's edits appended to those of the passes before it. */
  appendTo(batches: readonly EditBatch[]): readonly EditBatch[] {
    if (this.count === 0) return batches;
    const batch: EditBatch = { count: this.count, labels: this.labels, fields: this.fields.view(), extras: this.extras };
    return [...batches, batch];
  }
}

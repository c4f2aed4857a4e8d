import type { Edit } from "@pagemend/core";

/**
 * Cuts a document's text into segments by the edits that touch it, so the page can colour
 * each piece by the rule that edited it. Pure, and linear in text plus edits (one sort of
 * the boundaries), so a report with 100,000 edits renders in one pass.
 */

/** An edit as the report stores it (offsets in code points of the decoded input). Types only: erased from the page's script. */
export type ReportEdit = Edit;

export interface Segment {
  /** UTF-16 indices into the text. */
  from: number;
  to: number;
  /** Indices of the edits covering this piece, the innermost (shortest) first. */
  edits: number[];
  /** Edits that start here (where a link to a kept twin goes). */
  starting: number[];
  /** Edits that end here (where an R0 replacement is shown). */
  ending: number[];
  /** A kept twin starts here: the target of the links from its removed copies (code-point offset). */
  twinTarget?: number;
}

/** Maps code-point offsets to UTF-16 indices; the identity when the text has no astral characters. */
export function codePointIndex(text: string): (offset: number) => number {
  if (!/[\ud800-\udbff]/.test(text)) return (offset) => Math.min(offset, text.length);
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    positions.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
  }
  positions.push(text.length);
  return (offset) => positions[Math.min(offset, positions.length - 1)]!;
}

export function segmentByEdits(text: string, edits: readonly ReportEdit[]): Segment[] {
  const toIndex = codePointIndex(text);
  const starts = new Map<number, number[]>();
  const ends = new Map<number, number[]>();
  const targets = new Map<number, number>();
  const span = edits.map((e) => ({ from: toIndex(e.start), to: Math.max(toIndex(e.end), toIndex(e.start)) }));
  const at = (map: Map<number, number[]>, key: number, value: number) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  span.forEach((s, i) => {
    at(starts, s.from, i);
    at(ends, s.to, i);
  });
  for (const e of edits) if (e.keptAt) targets.set(toIndex(e.keptAt.start), e.keptAt.start);
  const points = [...new Set([0, text.length, ...starts.keys(), ...ends.keys(), ...targets.keys()])].filter((p) => p <= text.length).sort((a, b) => a - b);

  const segments: Segment[] = [];
  const active = new Set<number>();
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    const startingHere = starts.get(p) ?? [];
    // An edit that removed nothing (an empty span) is a point: it gets a segment of its own.
    for (const i of startingHere) if (span[i]!.from === span[i]!.to) segments.push({ from: p, to: p, edits: [i], starting: [i], ending: [i] });
    const endingHere = (ends.get(p) ?? []).filter((i) => span[i]!.from !== span[i]!.to);
    for (const i of endingHere) active.delete(i);
    if (endingHere.length > 0) {
      const previous = segments[segments.length - 1];
      if (previous) previous.ending.push(...endingHere);
    }
    const opening = startingHere.filter((i) => span[i]!.from !== span[i]!.to);
    for (const i of opening) active.add(i);
    const next = points[k + 1];
    if (next === undefined || next === p) continue;
    const covering = [...active].sort((a, b) => span[a]!.to - span[a]!.from - (span[b]!.to - span[b]!.from));
    const segment: Segment = { from: p, to: next, edits: covering, starting: opening, ending: [] };
    const target = targets.get(p);
    if (target !== undefined) segment.twinTarget = target;
    segments.push(segment);
  }
  return segments;
}

export const RULE_LABELS: Readonly<Record<string, string>> = {
  R0: "encoding and markup repair",
  R1: "continuation markers",
  R2: "broken paragraph joins",
  R3: "repeated paragraphs",
  R4: "duplicated blocks",
  R5: "page furniture",
};

import type { TextRepair } from "../document/repair.js";
import { isStrayControl } from "../text/chars.js";

/** `isStrayControl`'s characters as a pattern: most texts have none, and a native scan says so at once. */
// eslint-disable-next-line no-control-regex
const ANY_STRAY_CONTROL = /[\x00-\x08\x0e-\x1a\x1c-\x1f]/;

/**
 * R0: control characters that no text means, a stray NUL from a bad export or a separator
 * from a terminal log. They go, each run reported; tab, line ends, vertical tab, form feed and
 * escape stay. Input with many of them is refused before (`inspectBytes`): it is not text.
 */
export function removeControlCharacters(text: string): TextRepair[] {
  const repairs: TextRepair[] = [];
  if (!ANY_STRAY_CONTROL.test(text)) return repairs;
  for (let i = 0; i < text.length; i++) {
    if (!isStrayControl(text.charCodeAt(i))) continue;
    const start = i;
    while (i + 1 < text.length && isStrayControl(text.charCodeAt(i + 1))) i++;
    repairs.push({ start, end: i + 1, replacement: "", kind: "control-character", reason: "a control character (a stray NUL or the like) that no text means" });
  }
  return repairs;
}

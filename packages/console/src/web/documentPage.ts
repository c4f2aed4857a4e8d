import { ActionList } from "./actionLog.js";
import { getJson, listen, postJson, type ActionRecord } from "./api.js";
import { append, byId, el, formatBytes } from "./dom.js";
import { RULE_LABELS, segmentByEdits, type ReportEdit, type Segment } from "./highlight.js";

interface StoredReport {
  engineVersion?: string;
  counts?: Record<string, number>;
  edits?: ReportEdit[];
  encoding?: { name: string; confidence?: number };
  job?: { cleanMs?: number; reason?: string };
}

interface DocumentView {
  key: string;
  size: number;
  source?: string;
  encoding?: string;
  cleaned?: string;
  report?: StoredReport;
  error?: { code: string; message: string; failedAt: string };
  notes: string[];
}

const key = new URLSearchParams(location.search).get("key") ?? "";
const actions = new ActionList(byId("actions"));

/** The reasons of the edits covering a piece, innermost first: the hover text. */
function describe(edits: readonly ReportEdit[], indices: readonly number[]): string {
  return indices
    .map((i) => {
      const e = edits[i]!;
      const twin = e.keptAt ? ` (kept copy at line ${e.keptAt.line}${e.similarity !== undefined && e.similarity < 1 ? `, ${Math.round(e.similarity * 100)}% alike` : ""})` : "";
      const replaced = e.replacement !== undefined ? ` → ${e.replacement}` : "";
      return `${e.rule} ${e.kind}: ${e.reason}${twin}${replaced}`;
    })
    .join("\n");
}

/** The nodes of a run of segments: plain text, edits coloured by rule, twin links and targets, R0 replacements. */
function renderSegments(source: string, edits: readonly ReportEdit[], segments: readonly Segment[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of segments) {
    if (segment.twinTarget !== undefined) fragment.append(el("span", { class: "twin-target", id: `at-${segment.twinTarget}` }));
    for (const i of segment.starting) {
      const e = edits[i]!;
      if (e.keptAt) fragment.append(el("a", { class: `twin-link ${e.rule}`, href: `#at-${e.keptAt.start}`, title: `go to the kept copy (line ${e.keptAt.line})` }, `↑ kept copy, line ${e.keptAt.line}`));
    }
    const text = source.slice(segment.from, segment.to);
    const innermost = segment.edits[0];
    if (innermost === undefined && segment.from !== segment.to) fragment.append(text);
    else if (innermost !== undefined) {
      const e = edits[innermost]!;
      const classes = ["edit", e.rule, `kind-${e.kind}`, /^\s*$/.test(text) ? "blank" : ""].join(" ");
      fragment.append(el("span", { class: classes, title: describe(edits, segment.edits), "data-rule": e.rule, "data-kind": e.kind }, text));
    }
    for (const i of segment.ending) {
      const replacement = edits[i]!.replacement;
      if (replacement) fragment.append(el("ins", { class: `replacement ${edits[i]!.rule}`, title: `put in place by ${edits[i]!.rule}` }, replacement));
    }
  }
  return fragment;
}

/** Characters of the input per chunk: a chunk is laid out as plain text until it comes near the view. */
const CHUNK_CHARS = 16_000;
/** Chunks drawn at once, before anything is scrolled. */
const FIRST_CHUNKS = 2;

/** What the page drew last: its observer (stopped before the next draw) and how to reveal a kept twin. */
let drawn: { observer?: IntersectionObserver; reveal: (id: string) => void } = { reveal: () => {} };

/**
 * The input with its edits, drawn a chunk at a time: every chunk starts as its plain text (one
 * text node, which the browser lays out fast) and gets its coloured edits when it scrolls near
 * the view. A page of 60,000 edits thus opens as fast as a plain text, and hiding a rule restyles
 * only what was drawn. A link to a kept twin draws the twin's chunk before it scrolls to it.
 */
function renderSource(container: HTMLElement, source: string, edits: readonly ReportEdit[]): void {
  drawn.observer?.disconnect();
  const segments = segmentByEdits(source, edits);
  const chunks: { element: HTMLElement; segments: Segment[]; drawn: boolean }[] = [];
  const chunkOfTarget = new Map<string, number>();
  let current: Segment[] = [];
  let size = 0;
  const close = () => {
    if (current.length === 0) return;
    const first = current[0]!.from;
    const last = current[current.length - 1]!.to;
    chunks.push({ element: el("span", { class: "chunk", "data-chunk": String(chunks.length) }, source.slice(first, last)), segments: current, drawn: false });
    current = [];
    size = 0;
  };
  for (const segment of segments) {
    if (segment.twinTarget !== undefined) chunkOfTarget.set(`at-${segment.twinTarget}`, chunks.length);
    current.push(segment);
    size += segment.to - segment.from;
    if (size >= CHUNK_CHARS) close();
  }
  close();
  const draw = (index: number) => {
    const chunk = chunks[index];
    if (!chunk || chunk.drawn) return;
    chunk.drawn = true;
    chunk.element.replaceChildren(renderSegments(source, edits, chunk.segments));
    chunk.element.dataset.drawn = "true";
  };
  container.replaceChildren(...chunks.map((c) => c.element));
  for (let i = 0; i < Math.min(FIRST_CHUNKS, chunks.length); i++) draw(i);
  let observer: IntersectionObserver | undefined;
  if (chunks.length > FIRST_CHUNKS) {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          draw(Number((entry.target as HTMLElement).dataset.chunk));
          observer?.unobserve(entry.target);
        }
      },
      { root: container, rootMargin: "2000px 0px" },
    );
    for (const chunk of chunks.slice(FIRST_CHUNKS)) observer.observe(chunk.element);
  }
  // A twin's chunk is drawn before the browser looks for its anchor.
  const reveal = (id: string) => {
    const index = chunkOfTarget.get(id);
    if (index !== undefined) draw(index);
  };
  drawn = { observer, reveal };
  if (location.hash) reveal(location.hash.slice(1));
}

// One listener for every draw: the link's default action (the jump) follows the reveal.
byId("source").addEventListener("click", (event) => {
  const href = (event.target as Element).closest?.("a.twin-link")?.getAttribute("href");
  if (href?.startsWith("#")) drawn.reveal(href.slice(1));
});

function renderLegend(counts: Record<string, number>): HTMLElement {
  const legend = el("div", { class: "legend" });
  for (const [rule, label] of Object.entries(RULE_LABELS)) {
    const box = el("input", { type: "checkbox", id: `show-${rule}` });
    box.checked = true;
    box.addEventListener("change", () => byId("source").classList.toggle(`hide-${rule}`, !box.checked));
    append(legend, el("label", { class: `swatch ${rule}`, for: `show-${rule}`, title: `show or hide ${label}` }, box, ` ${rule} ${label} `, el("b", {}, String(counts[rule] ?? 0))));
  }
  return legend;
}

async function load(): Promise<void> {
  const view = await getJson<DocumentView>("/api/document", { key });
  document.title = `${view.key} · pagemend`;
  byId("key").textContent = view.key;
  const report = view.report;
  const facts = [
    formatBytes(view.size),
    view.encoding ? `read as ${view.encoding}` : undefined,
    report?.engineVersion ? `engine ${report.engineVersion}` : undefined,
    report?.job?.cleanMs !== undefined ? `${report.job.cleanMs} ms` : undefined,
    report?.edits ? `${report.edits.length} edits` : undefined,
  ].filter(Boolean);
  byId("facts").textContent = facts.join(" · ");
  byId("notes").replaceChildren(...view.notes.map((n) => el("li", {}, n)));
  const download = byId<HTMLAnchorElement>("download");
  download.hidden = !report;
  download.setAttribute("href", `/api/report?key=${encodeURIComponent(key)}`);
  const errorBox = byId("error-record");
  errorBox.hidden = !view.error;
  if (view.error) errorBox.replaceChildren(el("strong", {}, `Not cleaned: ${view.error.code}`), " ", view.error.message);
  byId("legend-box").replaceChildren(renderLegend(report?.counts ?? {}));
  const source = byId("source");
  if (view.source === undefined) source.replaceChildren(el("span", { class: "muted" }, "(the input cannot be shown)"));
  else renderSource(source, view.source, report?.edits ?? []);
  byId("cleaned").replaceChildren(view.cleaned ?? el("span", { class: "muted" }, view.error ? "(no output: see above)" : "(not cleaned yet)"));
  document.body.dataset.loaded = "true";
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

function showError(error: unknown): void {
  const box = byId("error");
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

byId("replay").addEventListener("click", () => {
  const force = byId<HTMLInputElement>("replay-force").checked;
  void postJson<ActionRecord>("/api/replay", { key, force }).then((record) => actions.upsert(record), showError);
});
listen(
  (type, data) => {
    if (type === "action") actions.upsert(data as ActionRecord);
    // This page reloads only for its own key: the text of others does not concern it.
    if ((type === "job" && (data as { key?: string }).key === key) || type === "refresh") void load().catch(showError);
  },
  (live) => {
    byId("live").textContent = live ? "live" : "reconnecting…";
    byId("live").className = live ? "live on" : "live";
  },
);
void load().catch(showError);

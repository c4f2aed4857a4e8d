import { ActionList } from "./actionLog.js";
import { getJson, listen, postJson, type ActionRecord } from "./api.js";
import { append, byId, el, formatBytes } from "./dom.js";
import { RULE_LABELS, segmentByEdits, type ReportEdit } from "./highlight.js";

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

function renderSource(source: string, edits: readonly ReportEdit[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of segmentByEdits(source, edits)) {
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
  source.replaceChildren(view.source === undefined ? el("span", { class: "muted" }, "(the input cannot be shown)") : renderSource(view.source, report?.edits ?? []));
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

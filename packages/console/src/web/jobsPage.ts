import { ActionList } from "./actionLog.js";
import { getJson, listen, postJson, uploadFile, type ActionRecord, type JobSummary } from "./api.js";
import { byId, el, formatBytes, formatTime } from "./dom.js";
import { RULE_LABELS } from "./highlight.js";

interface Summary {
  label: string;
  engineVersion: string;
  rawBucket: string;
  cleanBucket: string;
  /** Null until the first count of the bucket is done. */
  objects: number | null;
  ingest: { waiting: number; inFlight: number };
  deadLetters: { waiting: number; inFlight: number; unreadable: { messageId: string; body?: string }[] };
  live: boolean;
}

const RULES = Object.keys(RULE_LABELS);
const PAGE_SIZE = 50;

/** Where the table is: the filters, and the cursors of the pages before this one. */
const view = { q: "", prefix: "", state: "", cursors: [] as (string | undefined)[], after: undefined as string | undefined, next: undefined as string | undefined };

const actions = new ActionList(byId("actions"));

async function loadSummary(): Promise<void> {
  const s = await getJson<Summary>("/api/summary");
  byId("where").textContent = `${s.label} · s3://${s.rawBucket} → s3://${s.cleanBucket} · engine ${s.engineVersion}`;
  byId("summary").replaceChildren(
    el("span", { class: "figure" }, el("b", {}, s.objects === null ? "counting…" : s.objects.toLocaleString()), " objects"),
    el("span", { class: "figure" }, el("b", {}, String(s.ingest.waiting + s.ingest.inFlight)), " in the ingest queue"),
    el("span", { class: `figure ${s.deadLetters.waiting + s.deadLetters.inFlight > 0 ? "alarm" : ""}`, id: "dlq-count" }, el("b", {}, String(s.deadLetters.waiting + s.deadLetters.inFlight)), " dead letters"),
  );
  const unreadable = byId("unreadable");
  unreadable.replaceChildren(
    ...s.deadLetters.unreadable.map((m) => el("li", {}, el("code", {}, m.messageId), " ", el("span", { class: "muted" }, m.body ?? ""))),
  );
  byId("unreadable-box").hidden = s.deadLetters.unreadable.length === 0;
}

/** Only the newest request may draw the table: an older answer (a refresh sent before a filter changed) is dropped. */
let latestRequest = 0;

async function loadJobs(): Promise<void> {
  const request = ++latestRequest;
  const page = await getJson<{ jobs: JobSummary[]; next?: string; scanned: number }>("/api/jobs", {
    after: view.after,
    q: view.q,
    prefix: view.prefix,
    state: view.state,
    limit: String(PAGE_SIZE),
  });
  if (request !== latestRequest) return;
  view.next = page.next;
  const body = byId("jobs-body");
  body.replaceChildren(...page.jobs.map(jobRow));
  if (page.jobs.length === 0) body.append(el("tr", {}, el("td", { class: "muted empty" }, view.q || view.state || view.prefix ? "No job matches on this page of keys." : "No objects yet: drop a file below.")));
  (byId("jobs-body").parentElement as HTMLElement).dataset.loaded = "true";
  byId<HTMLButtonElement>("previous").disabled = view.cursors.length === 0;
  byId<HTMLButtonElement>("next").disabled = !page.next;
  byId("page-info").textContent = `page ${view.cursors.length + 1}${page.scanned > page.jobs.length ? ` · ${page.scanned} keys looked at` : ""}`;
}

function jobRow(job: JobSummary): HTMLTableRowElement {
  const href = `/document?key=${encodeURIComponent(job.key)}`;
  const replay = el("button", { class: "small", type: "button", title: "Enqueue this key again (cleans again only if its output is not current)" }, "Replay");
  replay.addEventListener("click", () => void startAction("/api/replay", { key: job.key, force: false }));
  return el(
    "tr",
    { "data-key": job.key, "data-state": job.state },
    el("td", { class: "key" }, el("a", { href }, job.key)),
    el("td", {}, el("span", { class: `state ${job.state}`, title: job.detail ?? "" }, job.state)),
    el("td", { class: "num" }, formatBytes(job.size)),
    el("td", { class: "num" }, job.cleanMs === undefined ? "" : `${job.cleanMs} ms`),
    ...RULES.map((r) => el("td", { class: `num rule-count ${job.counts?.[r] ? r : ""}`, title: RULE_LABELS[r] }, job.counts?.[r] ? String(job.counts[r]) : "")),
    el("td", { class: "muted" }, formatTime(job.lastModified)),
    el("td", {}, replay),
  );
}

async function startAction(path: string, body: unknown): Promise<void> {
  try {
    actions.upsert(await postJson<ActionRecord>(path, body));
  } catch (error) {
    showError(error);
  }
}

function showError(error: unknown): void {
  const box = byId("error");
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

let refreshTimer: number | undefined;
/** Many events arrive together (a burst of uploads): one reload for all of them. */
function refreshSoon(): void {
  if (refreshTimer !== undefined) return;
  refreshTimer = window.setTimeout(() => {
    refreshTimer = undefined;
    void Promise.all([loadJobs(), loadSummary()]).catch(showError);
  }, 300);
}

function wireControls(): void {
  const form = byId<HTMLFormElement>("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    view.q = byId<HTMLInputElement>("search").value.trim();
    view.prefix = byId<HTMLInputElement>("prefix").value;
    view.state = byId<HTMLSelectElement>("state").value;
    view.cursors = [];
    view.after = undefined;
    void loadJobs().catch(showError);
  });
  byId<HTMLSelectElement>("state").addEventListener("change", () => form.requestSubmit());
  byId("next").addEventListener("click", () => {
    if (!view.next) return;
    view.cursors.push(view.after);
    view.after = view.next;
    void loadJobs().catch(showError);
  });
  byId("previous").addEventListener("click", () => {
    if (view.cursors.length === 0) return;
    view.after = view.cursors.pop();
    void loadJobs().catch(showError);
  });
  byId<HTMLFormElement>("reprocess-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void startAction("/api/reprocess", { prefix: byId<HTMLInputElement>("reprocess-prefix").value, force: byId<HTMLInputElement>("reprocess-force").checked });
  });
  byId("redrive").addEventListener("click", () => void startAction("/api/redrive", {}));

  const drop = byId("dropzone");
  const picker = byId<HTMLInputElement>("file-picker");
  const send = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) void uploadFile<ActionRecord>(file.name, file).then((record) => actions.upsert(record), showError);
  };
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    send(event.dataTransfer?.files ?? null);
  });
  picker.addEventListener("change", () => send(picker.files));
  byId("error").addEventListener("click", (event) => ((event.currentTarget as HTMLElement).hidden = true));
}

function buildTableHead(): void {
  byId("jobs-head").replaceChildren(
    el("tr", {}, el("th", {}, "key"), el("th", {}, "state"), el("th", {}, "size"), el("th", {}, "time"), ...RULES.map((r) => el("th", { class: "num", title: RULE_LABELS[r] }, r)), el("th", {}, "uploaded"), el("th", {})),
  );
}

buildTableHead();
wireControls();
listen(
  (type, data) => {
    if (type === "action") {
      const record = data as ActionRecord;
      actions.upsert(record);
      if (record.status !== "running") refreshSoon();
    } else refreshSoon();
  },
  (live) => {
    const badge = byId("live");
    badge.textContent = live ? "live" : "reconnecting…";
    badge.className = live ? "live on" : "live";
  },
);
void getJson<{ actions: ActionRecord[] }>("/api/actions").then((r) => actions.set(r.actions), showError);
void Promise.all([loadJobs(), loadSummary()]).catch(showError);

import { el, formatTime } from "./dom.js";
import type { ActionRecord } from "./api.js";

/** The session's actions, newest first, each with its progress and result. */
export class ActionList {
  private readonly records = new Map<string, ActionRecord>();

  constructor(private readonly list: HTMLElement) {}

  set(records: readonly ActionRecord[]): void {
    for (const record of [...records].reverse()) this.records.set(record.id, record);
    this.render();
  }

  upsert(record: ActionRecord): void {
    // The end of an action may be pushed before the answer to the request that started it arrives.
    if (record.status === "running" && this.records.get(record.id)?.status !== undefined && this.records.get(record.id)?.status !== "running") return;
    this.records.set(record.id, record);
    this.render();
  }

  private render(): void {
    const newest = [...this.records.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 20);
    this.list.replaceChildren(
      ...newest.map((r) =>
        el(
          "li",
          { class: `action ${r.status}`, "data-action": r.kind, "data-status": r.status },
          el("span", { class: `chip ${r.status}` }, r.status === "running" ? "running…" : r.status),
          " ",
          el("strong", {}, r.kind),
          " ",
          el("code", {}, r.subject),
          " ",
          el("span", { class: "muted" }, formatTime(r.finishedAt ?? r.startedAt)),
          r.message ? el("div", { class: "message" }, r.message) : undefined,
        ),
      ),
    );
    if (newest.length === 0) this.list.append(el("li", { class: "muted" }, "No actions yet in this session."));
  }
}

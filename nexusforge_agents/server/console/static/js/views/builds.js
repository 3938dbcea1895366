// The caller's builds: search, status filter, paging; open, cancel, delete.
import { del, get } from "../api.js";
import { announce, clear, formatTime, h, statusBadge } from "../dom.js";

const STATUSES = ["initializing", "analyzing", "generating_spec", "building", "optimizing", "deploying", "completed", "failed", "cancelled"];
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const PAGE = 10;

export async function render(main) {
  let skip = 0;
  const search = h("input", { id: "search", type: "search", maxlength: 200, placeholder: "Name, description or prompt" });
  const status = h("select", { id: "status" }, h("option", { value: "" }, "Any status"), STATUSES.map((s) => h("option", { value: s }, s.replace(/_/g, " "))));
  const body = h("tbody", {});
  const pageInfo = h("span", { class: "muted small", role: "status" });
  const previous = h("button", { type: "button", class: "secondary" }, "Previous");
  const next = h("button", { type: "button", class: "secondary" }, "Next");
  const filters = h(
    "form",
    { class: "filters", role: "search" },
    h("div", { class: "field" }, h("label", { for: "search" }, "Search"), search),
    h("div", { class: "field" }, h("label", { for: "status" }, "Status"), status),
    h("button", { type: "submit" }, "Search"),
  );

  async function act(row, method) {
    try {
      if (method === "delete" && !window.confirm("Delete this build and its files?")) return;
      const answer = await del(`/api/nexus-forge/build/${encodeURIComponent(row.session_id)}`);
      announce(answer.message);
      await load();
    } catch (exc) {
      announce(exc.message, "error");
    }
  }

  async function load() {
    const query = new URLSearchParams({ skip: String(skip), limit: String(PAGE + 1) });
    if (search.value.trim()) query.set("search", search.value.trim());
    if (status.value) query.set("status", status.value);
    let rows;
    try {
      rows = await get(`/api/nexus-forge/builds?${query}`);
    } catch (exc) {
      announce(exc.message, "error");
      return;
    }
    const more = rows.length > PAGE;
    rows = rows.slice(0, PAGE);
    clear(body);
    if (!rows.length) body.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, skip ? "No more builds." : "No builds match.")));
    for (const row of rows) {
      const name = row.app_name || row.prompt.slice(0, 80);
      const action = TERMINAL.has(row.status)
        ? h("button", { type: "button", class: "danger quiet small", "aria-label": `Delete ${name}`, onclick: () => act(row, "delete") }, "Delete")
        : h("button", { type: "button", class: "danger small", "aria-label": `Cancel ${name}`, onclick: () => act(row, "cancel") }, "Cancel");
      body.append(
        h(
          "tr",
          { dataset: { session: row.session_id } },
          h("td", {}, h("a", { href: `#/build/${encodeURIComponent(row.session_id)}` }, name), h("div", { class: "muted small clip" }, row.prompt)),
          h("td", {}, statusBadge(row.status), row.progress !== undefined && !TERMINAL.has(row.status) ? ` ${row.progress}%` : ""),
          h("td", { class: "small" }, formatTime(row.started_at)),
          h("td", {}, action),
        ),
      );
    }
    previous.disabled = skip === 0;
    next.disabled = !more;
    pageInfo.textContent = rows.length ? `Builds ${skip + 1}–${skip + rows.length}` : "";
  }

  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    skip = 0;
    load();
  });
  status.addEventListener("change", () => {
    skip = 0;
    load();
  });
  previous.addEventListener("click", () => {
    skip = Math.max(0, skip - PAGE);
    load();
  });
  next.addEventListener("click", () => {
    skip += PAGE;
    load();
  });
  main.append(
    h("div", { class: "row" }, h("h1", {}, "Builds"), h("a", { class: "button", href: "#/new" }, "New build")),
    filters,
    h("div", { class: "scroll" }, h("table", { class: "builds" }, h("caption", { class: "visually-hidden" }, "Your builds, newest first"), h("thead", {}, h("tr", {}, ["App", "Status", "Started", ""].map((t) => h("th", { scope: "col" }, t)))), body)),
    h("div", { class: "pager" }, previous, pageInfo, next),
  );
  await load();
  const timer = setInterval(() => {
    if (body.querySelector(".badge:not(.status-completed):not(.status-failed):not(.status-cancelled)")) load();
  }, 3000);
  return () => clearInterval(timer);
}

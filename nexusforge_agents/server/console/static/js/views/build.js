// One build: live progress (replayed for a finished build), then its results or its error.
import { del, get } from "../api.js";
import { announce, clear, formatTime, h, statusBadge } from "../dom.js";
import { follow, progressPanel } from "./progress.js";
import { resultsView } from "./results.js";
import { reviewPanel } from "./review.js";
import { reviseBox } from "./revise.js";

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export async function render(main, sessionId) {
  const build = await get(`/api/nexus-forge/build/${encodeURIComponent(sessionId)}`).catch((exc) => exc);
  if (build instanceof Error) {
    main.append(h("h1", {}, "Build"), h("p", { class: "error", role: "alert" }, build.message));
    return null;
  }
  const heading = h("h1", { id: "build-title" }, "Build");
  const badge = h("span", { class: "status" }, statusBadge(build.status));
  const actions = h("div", { class: "actions" });
  const details = h("p", { class: "muted small" }, `Session ${sessionId} · started ${formatTime(build.started_at)}`);
  const below = h("div", { class: "below" });
  const { panel, show, connection } = progressPanel();
  const reconnect = h("button", { type: "button", class: "quiet small", id: "reconnect" }, "Reconnect");
  const live = h("details", { class: "live card", open: !TERMINAL.has(build.status) }, h("summary", {}, "Progress"), panel, reconnect);
  let summary = null;
  main.append(h("div", { class: "row" }, heading, badge), details, actions, live, below);

  function drawActions(status) {
    clear(actions);
    if (!TERMINAL.has(status)) {
      actions.append(h("button", { type: "button", class: "danger", onclick: cancel }, "Cancel build"));
    } else {
      actions.append(h("button", { type: "button", class: "danger quiet", onclick: remove }, "Delete build"));
    }
  }
  async function cancel() {
    try {
      const answer = await del(`/api/nexus-forge/build/${encodeURIComponent(sessionId)}`);
      announce(answer.message);
    } catch (exc) {
      announce(exc.message, "error");
    }
  }
  async function remove() {
    if (!window.confirm("Delete this build and its files?")) return;
    try {
      await del(`/api/nexus-forge/build/${encodeURIComponent(sessionId)}`);
      announce("Build deleted");
      location.hash = "#/builds";
    } catch (exc) {
      announce(exc.message, "error");
    }
  }
  async function finish() {
    const done = await get(`/api/nexus-forge/build/${encodeURIComponent(sessionId)}`);
    clear(badge).append(statusBadge(done.status));
    document.body.dataset.buildStatus = done.status;
    drawActions(done.status);
    clear(below);
    live.open = done.status !== "completed";
    if (done.status === "awaiting_review") {
      showReview(await get(`/api/nexus-forge/build/${encodeURIComponent(sessionId)}/spec`), true);
    } else if (done.result) {
      heading.textContent = done.result.specification ? done.result.specification.name : "Build";
      below.append(resultsView(sessionId, done.result, summary));
      if (done.status === "completed") below.append(reviseBox(sessionId, revising));
    } else if (done.error) {
      below.append(h("div", { class: "error card", role: "alert" }, h("h2", {}, `Failed: ${done.error.error_code || "error"}`), h("pre", { class: "code" }, done.error.message || JSON.stringify(done.error, null, 2))));
    }
  }
  drawActions(build.status);
  document.body.dataset.buildStatus = build.status;
  let stream = null;
  let reviewing = null;
  // After an answer the build goes on: follow it again from the last event seen if its stream had ended.
  function showReview(spec, streamEnded) {
    if (reviewing) reviewing.remove();
    reviewing = reviewPanel(sessionId, spec, () => {
      reviewing.remove();
      reviewing = null;
      if (streamEnded) startFollowing(stream ? stream.lastSeq : 0);
    });
    below.prepend(reviewing);
  }
  function startFollowing(after) {
    stream = follow(sessionId, {
      connection,
      after,
      onEvent(event) {
        show(event);
        if (event.type === "build_completed") summary = event.summary;
        if (event.type === "spec_ready") showReview(event.spec, false);
        if (event.phase) {
          clear(badge).append(statusBadge(event.type === "build_completed" ? "completed" : event.type === "error" ? "failed" : event.phase));
        }
      },
      onEnd() {
        finish().catch((exc) => announce(exc.message, "error"));
      },
    });
  }
  function revising() {
    clear(below).append(h("p", { class: "muted", role: "status" }, "Revising: the new version appears here when it is ready."));
    live.open = true;
    drawActions("building");
    document.body.dataset.buildStatus = "revising";
    startFollowing(stream ? stream.lastSeq : 0);
  }
  startFollowing(0);
  reconnect.addEventListener("click", () => stream.drop());
  return () => stream.stop();
}

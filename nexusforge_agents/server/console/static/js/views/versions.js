// Iterate: the app's versions (one per build, revision or rollback), the diff of any version, rollback.
import { get, post } from "../api.js";
import { announce, clear, formatTime, h } from "../dom.js";

function diffLines(unified) {
  const pre = h("pre", { class: "code diff", tabindex: 0, "aria-label": "Unified diff" });
  for (const line of unified.split("\n")) {
    let css = "";
    if (line.startsWith("diff --git") || line.startsWith("+++") || line.startsWith("---")) css = "diff-file";
    else if (line.startsWith("@@")) css = "diff-hunk";
    else if (line.startsWith("+")) css = "diff-add";
    else if (line.startsWith("-")) css = "diff-del";
    pre.append(h("span", { class: css }, line), "\n");
  }
  return pre;
}

export function versionsView(sessionId) {
  const base = `/api/nexus-forge/build/${encodeURIComponent(sessionId)}`;
  const list = h("ol", { class: "versions", reversed: true, "aria-label": "Versions, newest first" });
  const diff = h("section", { class: "diff-view", "aria-live": "polite" });
  const box = h("div", { class: "iterate" }, h("h3", {}, "Versions"), list, diff);

  async function showDiff(version) {
    clear(diff).append(h("p", { class: "muted" }, "Loading the diff…"));
    try {
      const found = await get(`${base}/versions/${version.number}/diff`);
      const against = found.from_version ? `v${found.from_version}` : "the empty folder";
      clear(diff).append(
        h("h4", { id: "diff-title" }, `What v${found.to_version} changed against ${against}`),
        h("ul", { class: "inline small" }, found.files.map((f) => h("li", { class: `change-${f.change}` }, `${f.change}: ${f.path}`))),
        diffLines(found.unified),
      );
    } catch (exc) {
      clear(diff).append(h("p", { class: "error", role: "alert" }, exc.message));
    }
  }

  async function rollBack(version) {
    if (!window.confirm(`Make a new version whose files are those of v${version.number}? Nothing is lost.`)) return;
    try {
      const made = await post(`${base}/rollback`, { version: version.number });
      announce(`Rolled back: v${made.number} has the files of v${version.number}`);
      await load();
    } catch (exc) {
      announce(exc.message, "error");
    }
  }

  async function load() {
    let versions;
    try {
      versions = await get(`${base}/versions`);
    } catch (exc) {
      clear(list).append(h("li", { class: "error" }, exc.message));
      return;
    }
    clear(list);
    if (!versions.length) list.append(h("li", { class: "muted" }, "No versions yet: the first comes when the build completes."));
    const latest = versions.length ? versions[versions.length - 1].number : 0;
    for (const version of [...versions].reverse()) {
      list.append(
        h(
          "li",
          { class: "version card", dataset: { version: version.number } },
          h("div", { class: "row" }, h("strong", {}, version.tag), h("span", { class: "muted small" }, formatTime(version.created_at))),
          h("p", { class: "message" }, version.message),
          h("p", { class: "small muted" }, `${version.files_changed.length} file(s) changed · ${version.commit.slice(0, 10)}`),
          h(
            "div",
            { class: "actions" },
            h("button", { type: "button", class: "secondary small", "aria-label": `Diff of ${version.tag}`, onclick: () => showDiff(version) }, "Diff"),
            version.number === latest ? null : h("button", { type: "button", class: "quiet small", "aria-label": `Roll back to ${version.tag}`, onclick: () => rollBack(version) }, `Roll back to ${version.tag}`),
          ),
        ),
      );
    }
  }
  load();
  return box;
}

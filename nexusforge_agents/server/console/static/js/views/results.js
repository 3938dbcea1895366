// A completed build's results: spec, mockups, video, code, tests, features, the running app, the code zip.
import { blobUrl, post } from "../api.js";
import { announce, clear, h } from "../dom.js";
import { tabs } from "./tabs.js";
import { versionsView } from "./versions.js";

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

function specView(spec) {
  const stack = Object.entries(spec.tech_stack || {}).map(([k, v]) => `${k}: ${v}`).join(" · ");
  return h(
    "div",
    { class: "spec" },
    h("h3", {}, spec.name),
    h("p", {}, spec.description),
    h("p", { class: "muted" }, stack),
    h("h4", {}, "Features"),
    h("ul", {}, (spec.features || []).map((f) => h("li", {}, f))),
    h("h4", {}, "Pages"),
    h("ul", { class: "inline" }, (spec.ui_components || []).map((c) => h("li", {}, c))),
    h("h4", {}, "API"),
    h(
      "div",
      { class: "scroll" },
      h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Method"), h("th", { scope: "col" }, "Path"), h("th", { scope: "col" }, "What"))), h("tbody", {}, (spec.api_endpoints || []).map((e) => h("tr", {}, h("td", {}, e.method), h("td", {}, h("code", {}, e.path)), h("td", {}, e.description))))),
    ),
  );
}

function mockupsView(mockups) {
  const entries = Object.entries(mockups || {});
  if (!entries.length) return h("p", { class: "muted" }, "No mockups.");
  const list = h("ul", { class: "gallery mockups", role: "list" });
  for (const [name, url] of entries) {
    const image = h("img", { alt: `Mockup of ${name}`, width: 640, height: 400 });
    blobUrl(url).then((src) => (image.src = src)).catch((exc) => (image.alt = exc.message));
    const zoom = h("button", { type: "button", class: "zoom", "aria-label": `Enlarge the mockup of ${name}`, "aria-expanded": "false" }, image);
    zoom.addEventListener("click", () => {
      const large = zoom.classList.toggle("large");
      zoom.setAttribute("aria-expanded", large ? "true" : "false");
    });
    list.append(h("li", {}, h("figure", {}, zoom, h("figcaption", {}, name))));
  }
  return list;
}

async function videoView(url) {
  if (!url) return h("p", { class: "muted" }, "This build made no demo video (it was switched off).");
  const video = h("video", { controls: true, preload: "metadata", class: "demo", "aria-label": "Demo video" });
  video.src = await blobUrl(url);
  return h("div", {}, video);
}

function tree(paths, open) {
  const root = {};
  for (const path of paths) {
    let node = root;
    const parts = path.split("/");
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = path;
      else node = node[part] = node[part] && typeof node[part] === "object" ? node[part] : {};
    });
  }
  function draw(node) {
    const list = h("ul", { role: "list" });
    const names = Object.keys(node).sort((a, b) => (typeof node[b] === "object") - (typeof node[a] === "object") || a.localeCompare(b));
    for (const name of names) {
      const value = node[name];
      if (typeof value === "object") list.append(h("li", {}, h("details", {}, h("summary", {}, `${name}/`), draw(value))));
      else list.append(h("li", {}, h("button", { type: "button", class: "file", dataset: { path: value }, onclick: () => open(value) }, name)));
    }
    return list;
  }
  return h("nav", { class: "filetree", "aria-label": "Files" }, draw(root));
}

function codeView(files) {
  const paths = Object.keys(files || {}).sort();
  const title = h("h3", { class: "filename" }, "Choose a file");
  const code = h("code", {});
  const viewer = h("div", { class: "viewer" }, title, h("pre", { class: "code", tabindex: 0, "aria-label": "File contents" }, code));
  async function open(path) {
    title.textContent = path;
    clear(code).append(files[path]);
    try {
      const lit = await post("/console/api/highlight", { path, code: files[path] });
      clear(code).append(...lit.tokens.map(([css, text]) => (css ? h("span", { class: `tok-${css}` }, text) : text)));
      code.dataset.language = lit.language;
    } catch (exc) {
      announce(`Highlighting failed: ${exc.message}`, "error");
    }
  }
  return h("div", { class: "code-browser" }, tree(paths, open), viewer);
}

function testsView(tests, summary) {
  if (!tests) {
    return h("p", {}, summary && summary.tests_passed !== undefined ? `${summary.tests_passed} generated tests passed.` : "No test report was recorded.");
  }
  const rows = [
    ["Result", tests.passed ? "passed" : "failed"],
    ["Passed", tests.passed_count],
    ["Failed", tests.failed_count],
    ["Skipped", tests.skipped_count],
    ["Duration", `${tests.duration_s} s`],
  ];
  if (tests.browser) {
    const b = tests.browser;
    rows.push(["Browser tests", `${b.ran} ran, ${b.passed} passed, ${b.failed} failed, ${b.skipped} skipped`]);
    if (b.skip_reasons && b.skip_reasons.length) rows.push(["Skipped because", b.skip_reasons.join("; ")]);
  }
  return h(
    "div",
    { class: "tests" },
    h("table", { class: "facts" }, h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", {}, String(v)))))),
    h("details", {}, h("summary", {}, "Test output"), h("pre", { class: "code" }, tests.output || "")),
  );
}

function featuresView(features) {
  if (!features || !features.length) return h("p", { class: "muted" }, "No feature claims.");
  const built = features.filter((f) => f.status === "built").length;
  return h(
    "div",
    {},
    h("p", {}, `${built} of ${features.length} features built.`),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "features" },
        h("thead", {}, h("tr", {}, ["Feature", "Kind", "Status", "Shown by / reason"].map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          features.map((f) =>
            h(
              "tr",
              { dataset: { status: f.status } },
              h("td", {}, f.name),
              h("td", {}, f.kind),
              h("td", {}, h("span", { class: `badge feature-${f.status}` }, f.status.replace(/_/g, " "))),
              h("td", { class: "small" }, f.status === "built" ? [...(f.pages || []), ...(f.endpoints || [])].join(", ") : f.reason),
            ),
          ),
        ),
      ),
    ),
  );
}

function appView(sessionId, result) {
  const box = h("div", { class: "app-view" });
  const url = result.deployment_url;
  async function openFrame() {
    clear(box).append(h("p", { class: "muted" }, "Opening…"));
    try {
      const ticket = await post(`/console/api/apps/${encodeURIComponent(sessionId)}/ticket`, {});
      const frame = h("iframe", { title: `The running app of build ${sessionId}`, src: ticket.url, sandbox: "allow-scripts allow-forms allow-popups", class: "app-frame" });
      clear(box).append(h("p", { class: "small muted" }, `Served from ${url} through this server.`), frame);
    } catch (exc) {
      clear(box).append(h("p", { class: "error", role: "alert" }, exc.message));
    }
  }
  async function deployLocally(button) {
    button.disabled = true;
    try {
      const done = await post(`/api/nexus-forge/deploy/${encodeURIComponent(sessionId)}`, { environment: "local" });
      result.deployment_url = done.deployment_url;
      announce(done.message);
      clear(box).append(appView(sessionId, result));
    } catch (exc) {
      announce(exc.message, "error");
      button.disabled = false;
    }
  }
  if (url && LOOPBACK.test(url)) {
    box.append(h("p", {}, "The app runs on this machine."), h("button", { type: "button", onclick: openFrame }, "Open the running app"));
  } else if (url) {
    box.append(h("p", {}, "Deployed at ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url)));
  } else {
    const button = h("button", { type: "button" }, "Run it locally");
    button.addEventListener("click", () => deployLocally(button));
    box.append(h("p", {}, "The app is not running."), button);
  }
  return box;
}

async function downloadZip(url, name) {
  const href = await blobUrl(url);
  const link = h("a", { href, download: `${name || "app"}.zip`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

export function resultsView(sessionId, result, summary) {
  const zip = h("button", { type: "button", class: "secondary" }, "Download the code (zip)");
  zip.addEventListener("click", () => downloadZip(result.code_zip, (result.specification || {}).name).catch((exc) => announce(exc.message, "error")));
  const warnings = (result.warnings || []).length ? h("div", { class: "warning", role: "note" }, h("strong", {}, "Warnings: "), result.warnings.join(" ")) : null;
  return h(
    "section",
    { class: "results", "aria-labelledby": "results-title" },
    h("div", { class: "row" }, h("h2", { id: "results-title" }, "Results"), zip),
    h("p", { class: "muted small" }, `Built in ${result.build_time} by ${result.orchestrator} with ${(result.models_used || []).join(", ")}.`),
    warnings,
    tabs("Results", [
      ["spec", "Spec", () => specView(result.specification || {})],
      ["mockups", "Mockups", () => mockupsView(result.mockups)],
      ["video", "Video", () => videoView(result.demo_video)],
      ["code", "Code", () => codeView(result.code_files)],
      ["tests", "Tests", () => testsView(result.tests, summary)],
      ["features", "Features", () => featuresView(result.features)],
      ["app", "App", () => appView(sessionId, result)],
      ["versions", "Versions", () => versionsView(sessionId)],
    ]),
  );
}

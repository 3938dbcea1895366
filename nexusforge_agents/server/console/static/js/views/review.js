// Review the plan of a build started with "review the plan" (reviewSpec): pages, entities, features; edit the
// spec as JSON, approve it (as it is or edited) or reject it.
import { post, put } from "../api.js";
import { announce, clear, h } from "../dom.js";

function summary(spec) {
  return h(
    "div",
    { class: "plan" },
    h("h3", {}, spec.name),
    h("p", {}, spec.description),
    h("h4", {}, `Pages (${(spec.pages || []).length})`),
    h("ul", {}, (spec.pages || []).map((p) => h("li", {}, h("code", {}, p.route), ` ${p.title}`, p.elements ? h("span", { class: "muted small" }, ` · ${p.elements.length} elements`) : null))),
    h("h4", {}, `Entities (${(spec.entities || []).length})`),
    h("ul", {}, (spec.entities || []).map((e) => h("li", {}, h("strong", {}, e.name), ": ", (e.fields || []).map((f) => `${f.name} (${f.type}${f.required ? "" : ", optional"})`).join(", ")))),
    h("h4", {}, `Features (${(spec.features || []).length})`),
    h("ul", {}, (spec.features || []).map((f) => h("li", {}, typeof f === "string" ? f : `${f.name} (${f.kind})`))),
  );
}

// onDecided(action) is called once the plan was approved or rejected.
export function reviewPanel(sessionId, spec, onDecided) {
  const base = `/api/nexus-forge/build/${encodeURIComponent(sessionId)}`;
  const plan = h("div", {}, summary(spec));
  const editor = h("textarea", { id: "spec-json", rows: 18, spellcheck: "false", class: "mono", "aria-describedby": "spec-json-hint" });
  editor.value = JSON.stringify(spec, null, 2);
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const buttons = [];
  function busy(on) {
    for (const button of buttons) button.disabled = on;
  }
  function parsed() {
    try {
      return JSON.parse(editor.value);
    } catch (exc) {
      error.textContent = `The spec is not valid JSON: ${exc.message}`;
      error.hidden = false;
      return null;
    }
  }
  async function act(action) {
    error.hidden = true;
    const edited = action === "reject" ? null : parsed();
    if (action !== "reject" && edited === null) return;
    busy(true);
    try {
      if (action === "save") {
        const answer = await put(`${base}/spec`, edited);
        editor.value = JSON.stringify(answer.spec, null, 2);
        clear(plan).append(summary(answer.spec));
        announce("The edited plan is saved; approve it to build");
      } else if (action === "approve") {
        const changed = JSON.stringify(edited) !== JSON.stringify(spec);
        await post(`${base}/approve`, changed ? { spec: edited } : {});
        announce("Plan approved: building");
        onDecided("approve");
      } else {
        if (!window.confirm("Reject the plan? The build ends cancelled.")) return;
        await post(`${base}/reject`, {});
        announce("Plan rejected: the build is cancelled");
        onDecided("reject");
      }
    } catch (exc) {
      const where = exc.body && exc.body.details && exc.body.details.field ? ` (${exc.body.details.field})` : "";
      error.textContent = `${exc.message}${where}`;
      error.hidden = false;
    } finally {
      busy(false);
    }
  }
  const approve = h("button", { type: "button", onclick: () => act("approve") }, "Approve and build");
  const save = h("button", { type: "button", class: "secondary", onclick: () => act("save") }, "Save the edit");
  const reject = h("button", { type: "button", class: "danger quiet", onclick: () => act("reject") }, "Reject");
  buttons.push(approve, save, reject);
  return h(
    "section",
    { class: "review card", "aria-labelledby": "review-title" },
    h("h2", { id: "review-title" }, "Review the plan"),
    h("p", {}, "The build waits for you: approve the plan as it is, edit it first, or reject it."),
    plan,
    h(
      "details",
      {},
      h("summary", {}, "Edit the spec (JSON)"),
      h("label", { for: "spec-json" }, "Spec"),
      editor,
      h("p", { class: "hint", id: "spec-json-hint" }, "Saved edits are validated by the server; a bad edit changes nothing and names the field."),
      save,
    ),
    error,
    h("div", { class: "actions" }, approve, reject),
  );
}

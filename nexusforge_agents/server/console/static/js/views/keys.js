// API keys: create (the full key shown once), the masked list with last use, revoke.
import { del, get, post } from "../api.js";
import { announce, clear, formatTime, h } from "../dom.js";

const PERMISSIONS = ["build", "deploy", "read"];

export async function render(main) {
  const name = h("input", { id: "key-name", required: true, maxlength: 200 });
  const limit = h("input", { id: "key-limit", type: "number", min: 1, value: 100 });
  const checks = PERMISSIONS.map((p) => h("div", { class: "check" }, h("input", { type: "checkbox", id: `perm-${p}`, value: p, checked: p !== "deploy" }), h("label", { for: `perm-${p}` }, p)));
  const created = h("div", { class: "created", "aria-live": "polite" });
  const body = h("tbody", {});
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "card" },
    h("h2", {}, "Create a key"),
    h("div", { class: "field" }, h("label", { for: "key-name" }, "Name"), name),
    h("fieldset", { class: "inline" }, h("legend", {}, "Permissions"), checks),
    h("div", { class: "field" }, h("label", { for: "key-limit" }, "Requests per minute"), limit),
    error,
    h("button", { type: "submit" }, "Create key"),
  );

  async function load() {
    const keys = await get("/api/keys");
    clear(body);
    if (!keys.length) body.append(h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No API keys yet.")));
    for (const key of keys) {
      body.append(
        h(
          "tr",
          { dataset: { key: key.id } },
          h("td", {}, key.name),
          h("td", {}, h("code", {}, key.key)),
          h("td", { class: "small" }, key.permissions.join(", ")),
          h("td", { class: "small" }, formatTime(key.created_at)),
          h("td", { class: "small" }, key.last_used ? formatTime(key.last_used) : "never"),
          h("td", {}, h("button", { type: "button", class: "danger quiet small", "aria-label": `Revoke ${key.name}`, onclick: () => revoke(key) }, "Revoke")),
        ),
      );
    }
  }
  async function revoke(key) {
    if (!window.confirm(`Revoke the key "${key.name}"? Programs using it stop working at once.`)) return;
    try {
      await del(`/api/keys/${encodeURIComponent(key.id)}`);
      announce(`Key ${key.name} revoked`);
      await load();
    } catch (exc) {
      announce(exc.message, "error");
    }
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const permissions = checks.map((c) => c.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
    try {
      const key = await post("/api/keys", { name: name.value.trim(), permissions, rate_limit: Number(limit.value) });
      const value = h("code", { id: "new-key", class: "secret" }, key.key);
      const copy = h("button", { type: "button", class: "secondary small" }, "Copy");
      copy.addEventListener("click", () => navigator.clipboard.writeText(key.key).then(() => announce("Copied")).catch(() => announce("Copy failed: select the key and copy it", "error")));
      clear(created).append(h("div", { class: "card notice" }, h("p", {}, h("strong", {}, "Your new key. "), "It is shown only now: copy it."), value, " ", copy));
      name.value = "";
      await load();
    } catch (exc) {
      error.textContent = exc.message;
      error.hidden = false;
    }
  });
  main.append(
    h("h1", {}, "API keys"),
    form,
    created,
    h("h2", {}, "Your keys"),
    h("div", { class: "scroll" }, h("table", { class: "keys" }, h("thead", {}, h("tr", {}, ["Name", "Key", "Permissions", "Created", "Last used", ""].map((t) => h("th", { scope: "col" }, t)))), body)),
  );
  await load();
}

// New build: the prompt or a template, the contract's config toggles, a model per agent, a budget.
import { blobUrl, get, post } from "../api.js";
import { announce, clear, h } from "../dom.js";

const AGENTS = [
  ["spec", "Specification"],
  ["design", "Mockups"],
  ["video", "Demo video"],
  ["coder", "Code"],
  ["optimizer", "Optimizer"],
];
const TYPE_AGENTS = {
  specification: ["spec"],
  image_generation: ["design"],
  video_generation: ["video"],
  code_generation: ["coder"],
  optimization: ["optimizer"],
};

function field(id, label, control, hint) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
}

function check(id, label, checked, hint) {
  return h(
    "div",
    { class: "check" },
    h("input", { id, type: "checkbox", checked, "aria-describedby": hint ? `${id}-hint` : false }),
    h("label", { for: id }, label),
    hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null,
  );
}

function select(id, options, value) {
  const control = h("select", { id });
  for (const [optionValue, label, disabled] of options) {
    control.append(h("option", { value: optionValue, selected: optionValue === value, disabled: !!disabled }, label));
  }
  return control;
}

function modelSelects(models) {
  const box = h("fieldset", { class: "models" }, h("legend", {}, "Model per agent"));
  for (const [agent, label] of AGENTS) {
    const options = [["", "Server default"]];
    for (const model of models) {
      const agents = model.agents || TYPE_AGENTS[model.type] || [];
      if (!agents.includes(agent)) continue;
      const ok = model.status === "available";
      const note = ok ? "available" : `unavailable${model.env_var ? `: set ${model.env_var}` : ""}`;
      options.push([model.model_id, `${model.name} (${model.provider}) — ${note}`, !ok]);
    }
    box.append(field(`model-${agent}`, `${label} model`, select(`model-${agent}`, options, "")));
  }
  return box;
}

function templateGallery(templates, onPick) {
  const list = h("ul", { class: "gallery templates", role: "list" });
  for (const template of templates) {
    const image = h("img", { alt: `Preview of the ${template.name} template`, width: 320, height: 200, dataset: { preview: template.preview_image } });
    const button = h(
      "button",
      { type: "button", class: "template", "aria-pressed": "false", dataset: { template: template.id } },
      image,
      h("strong", {}, template.name),
      h("span", { class: "muted small" }, `${template.category} · ${template.estimated_build_time}`),
      h("span", { class: "small" }, template.description),
    );
    button.addEventListener("click", () => onPick(template, button));
    list.append(h("li", {}, button));
  }
  return list;
}

function readConfig(form) {
  const value = (id) => form.querySelector(`#${id}`).value;
  const checked = (id) => form.querySelector(`#${id}`).checked;
  const config = {
    useAdaptiveThinking: checked("adaptive"),
    enableVideoDemo: checked("video"),
    deployToCloudRun: checked("cloudrun"),
    techStack: { frontend: value("frontend"), backend: "fastapi", database: value("database") },
    styling: value("styling"),
  };
  if (!config.deployToCloudRun && checked("deploy-local")) config.deploy = "local";
  if (checked("review")) config.reviewSpec = true;
  if (value("authentication")) config.authentication = value("authentication");
  const models = {};
  for (const [agent] of AGENTS) if (value(`model-${agent}`)) models[agent] = value(`model-${agent}`);
  if (Object.keys(models).length) config.models = models;
  if (value("budget") !== "") config.maxCostUsd = Number(value("budget"));
  if (value("app-name").trim()) config.appName = value("app-name").trim();
  if (value("colors").trim()) config.colorScheme = value("colors").trim();
  return config;
}

export async function render(main) {
  main.append(h("h1", {}, "New build"));
  const [templates, catalog] = await Promise.all([
    get("/api/nexus-forge/templates").catch(() => []),
    get("/api/config/models").catch(() => ({ models: [] })),
  ]);
  let picked = null;
  const prompt = h("textarea", { id: "prompt", rows: 4, maxlength: 8000, required: true, "aria-describedby": "prompt-hint" });
  const templateNote = h("p", { class: "hint", hidden: true });
  const clearTemplate = h("button", { type: "button", class: "quiet", hidden: true }, "Clear template");
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit" }, "Start build");

  const gallery = templateGallery(templates, (template, button) => {
    for (const other of gallery.querySelectorAll("button.template")) other.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-pressed", "true");
    picked = template;
    prompt.value = template.example_prompt;
    templateNote.textContent = `Template: ${template.name}. Features: ${template.features.join(", ")}.`;
    templateNote.hidden = false;
    clearTemplate.hidden = false;
    prompt.focus();
  });
  clearTemplate.addEventListener("click", () => {
    picked = null;
    for (const other of gallery.querySelectorAll("button.template")) other.setAttribute("aria-pressed", "false");
    templateNote.hidden = true;
    clearTemplate.hidden = true;
  });

  // The previews (about 30 KB each) load when the gallery is first opened, not with the page.
  const templateBox = h("details", { class: "card" }, h("summary", {}, `Start from a template (${templates.length})`), gallery);
  templateBox.addEventListener("toggle", () => {
    for (const image of gallery.querySelectorAll("img[data-preview]")) {
      blobUrl(image.dataset.preview).then((url) => (image.src = url)).catch(() => (image.alt = "Preview unavailable"));
      image.removeAttribute("data-preview");
    }
  });
  const form = h(
    "form",
    { class: "new-build", novalidate: true },
    field("prompt", "Describe the app", prompt, "One sentence is enough; name the things it stores and what people do with them."),
    templateNote,
    clearTemplate,
    templateBox,
    h(
      "fieldset",
      { class: "grid" },
      h("legend", {}, "Options"),
      check("adaptive", "Adaptive thinking", true),
      check("review", "Review the plan before building", false, "The build waits after the spec: approve, edit or reject it."),
      check("video", "Demo video", true),
      check("deploy-local", "Run the app locally when built", true, "Needed to open it in the console."),
      check("cloudrun", "Deploy to Cloud Run", false, "Needs Cloud Run configured on the server."),
      field("frontend", "Front-end style", select("frontend", [["react", "React + Vite (single-page app)"], ["html", "Server-rendered HTML (no Node)"]], "react")),
      field("database", "Database", select("database", [["sqlite", "SQLite"], ["postgresql", "PostgreSQL"]], "sqlite")),
      field("styling", "Styling", select("styling", [["tailwind", "Tailwind"], ["css", "Plain CSS"]], "tailwind")),
      field("authentication", "Sign-in", select("authentication", [["", "As the prompt asks"], ["none", "None"], ["jwt", "JWT"], ["oauth2", "OAuth2"]], "")),
      field("app-name", "App name (optional)", h("input", { id: "app-name", maxlength: 80 })),
      field("colors", "Colours (optional)", h("input", { id: "colors", maxlength: 60, placeholder: "e.g. teal and white" })),
      field("budget", "Budget in USD (optional)", h("input", { id: "budget", type: "number", min: 0, step: "0.01", inputmode: "decimal" }), "The build stops before it would cost more."),
    ),
    modelSelects(catalog.models || []),
    error,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!prompt.value.trim() && !picked) {
      error.textContent = "Describe the app, or pick a template.";
      error.hidden = false;
      prompt.focus();
      return;
    }
    submit.disabled = true;
    try {
      const config = readConfig(form);
      const started =
        picked && prompt.value === picked.example_prompt
          ? await post("/api/nexus-forge/build/from-template", { template_id: picked.id, customizations: {}, config })
          : await post("/api/nexus-forge/build", { prompt: prompt.value, config });
      announce("Build started");
      location.hash = `#/build/${encodeURIComponent(started.session_id)}`;
    } catch (exc) {
      error.textContent = exc.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  clear(main).append(h("h1", {}, "New build"), form);
  prompt.focus();
}

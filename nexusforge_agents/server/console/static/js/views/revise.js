// Iterate: ask for a change to a finished build's app; the revision makes the next version, on the same stream.
import { post } from "../api.js";
import { announce, h } from "../dom.js";

// onStarted() is called once the server accepted the revision (the page then follows its events).
export function reviseBox(sessionId, onStarted) {
  const request = h("textarea", { id: "revision", rows: 3, maxlength: 8000, required: true, "aria-describedby": "revision-hint" });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit" }, "Revise");
  const form = h(
    "form",
    { class: "card revise", "aria-labelledby": "revise-title" },
    h("h2", { id: "revise-title" }, "Change the app"),
    h("label", { for: "revision" }, "What should change?"),
    request,
    h("p", { class: "hint", id: "revision-hint" }, "For example: add a due date to tasks; rename Project to Board; use green and white. Each revision is a new version; nothing is lost."),
    error,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!request.value.trim()) {
      error.textContent = "Say what should change.";
      error.hidden = false;
      request.focus();
      return;
    }
    submit.disabled = true;
    try {
      await post(`/api/nexus-forge/build/${encodeURIComponent(sessionId)}/revise`, { prompt: request.value });
      announce("Revision started");
      onStarted();
    } catch (exc) {
      error.textContent = exc.message;
      error.hidden = false;
      submit.disabled = false;
    }
  });
  return form;
}

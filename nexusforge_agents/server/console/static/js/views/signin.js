import { signIn } from "../api.js";
import { h } from "../dom.js";

export function render(main) {
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const email = h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const button = h("button", { type: "submit" }, "Sign in");
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in to Nexus Forge"),
    h("label", { for: "email" }, "Email"),
    email,
    h("label", { for: "password" }, "Password"),
    password,
    error,
    button,
    h(
      "p",
      { class: "muted small" },
      "The first admin's password is in initial-admin.txt under the server's home. You stay signed in until you reload this page.",
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.hidden = true;
    try {
      await signIn(email.value.trim(), password.value);
    } catch (exc) {
      error.textContent = exc.message;
      error.hidden = false;
      password.focus();
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  email.focus();
}

// Accessible tabs (WAI-ARIA tabs pattern): arrow keys, Home and End move between tabs; panels drawn lazily.
import { clear, h } from "../dom.js";

export function tabs(label, items) {
  const list = h("div", { role: "tablist", "aria-label": label, class: "tabs" });
  const panel = h("div", { role: "tabpanel", class: "tabpanel", tabindex: 0 });
  const buttons = items.map(([id, title], index) =>
    h("button", { type: "button", role: "tab", id: `tab-${id}`, "aria-selected": index === 0 ? "true" : "false", tabindex: index === 0 ? 0 : -1, "aria-controls": "tabpanel", dataset: { tab: id } }, title),
  );
  panel.id = "tabpanel";
  let drawn = 0;
  async function select(index, focus) {
    buttons.forEach((button, i) => {
      button.setAttribute("aria-selected", i === index ? "true" : "false");
      button.tabIndex = i === index ? 0 : -1;
    });
    if (focus) buttons[index].focus();
    panel.setAttribute("aria-labelledby", buttons[index].id);
    const mine = ++drawn;
    clear(panel).append(h("p", { class: "muted" }, "Loading…"));
    const content = await items[index][2]();
    if (mine === drawn) clear(panel).append(content);
  }
  buttons.forEach((button, index) => {
    button.addEventListener("click", () => select(index, false));
    button.addEventListener("keydown", (event) => {
      const last = buttons.length - 1;
      const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(next, true);
    });
    list.append(button);
  });
  select(0, false);
  return h("div", { class: "tabbed" }, list, panel);
}

// Admin metrics with charts; other accounts are refused (by the API, and told so here).
import { currentUser, get } from "../api.js";
import { h, svg } from "../dom.js";

function barChart(title, bars) {
  const width = 320;
  const row = 34;
  const max = Math.max(1, ...bars.map(([, v]) => v));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${bars.length * row}`, role: "img", "aria-label": `${title}: ${bars.map(([l, v]) => `${l} ${v}`).join(", ")}`, class: "chart" });
  bars.forEach(([label, value, css], i) => {
    const length = Math.round(((width - 130) * value) / max);
    chart.append(
      svg("text", { x: 0, y: i * row + 21, class: "chart-label" }, label),
      svg("rect", { x: 100, y: i * row + 6, width: Math.max(2, length), height: 20, rx: 3, class: `chart-bar ${css || ""}` }),
      svg("text", { x: 106 + length, y: i * row + 21, class: "chart-value" }, String(value)),
    );
  });
  return h("figure", { class: "card chart-card" }, h("figcaption", {}, title), chart);
}

function stat(label, value) {
  return h("div", { class: "stat card" }, h("span", { class: "muted small" }, label), h("strong", {}, value));
}

export async function render(main) {
  main.append(h("h1", {}, "Admin"));
  const me = currentUser();
  let data;
  try {
    data = await get("/api/metrics");
  } catch (exc) {
    main.append(h("p", { class: "error", role: "alert", id: "admin-refused" }, exc.status === 403 ? `Admins only: ${exc.message}` : exc.message));
    return null;
  }
  if (me.role !== "admin") return null;
  const { builds, performance, usage } = data;
  main.append(
    h("div", { class: "stats" }, stat("Success rate", `${Math.round(builds.success_rate * 100)}%`), stat("Average build", performance.avg_build_time), stat("Average response", performance.avg_response_time), stat("Uptime", performance.uptime)),
    h(
      "div",
      { class: "charts" },
      barChart("Builds", [["total", builds.total], ["successful", builds.successful, "ok"], ["failed", builds.failed, "bad"]]),
      barChart("Usage", [["active now", usage.active_sessions], ["today", usage.daily_builds], ["this month", usage.monthly_builds]]),
    ),
  );
  return null;
}

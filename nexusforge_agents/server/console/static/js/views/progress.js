// Live progress of one build over the WebSocket: replay from the last seq on every (re)connect, then live.
import { get, websocketUrl } from "../api.js";
import { h } from "../dom.js";

export const PHASES = ["analyzing", "generating_spec", "building", "optimizing", "deploying", "completed"];
const BUILDERS = [
  ["design", "Mockups"],
  ["video", "Demo video"],
  ["coder", "Code"],
];
const FINAL_CLOSE = new Set([1000, 4404, 4400, 1008]);

function agentCard(agent, label) {
  return h(
    "section",
    { class: "agent card", dataset: { agent }, "aria-labelledby": `agent-${agent}` },
    h("h3", { id: `agent-${agent}` }, label),
    h("dl", {}, h("dt", {}, "Model"), h("dd", { class: "model" }, "—"), h("dt", {}, "Tokens"), h("dd", { class: "tokens" }, "0"), h("dt", {}, "Cost"), h("dd", { class: "cost" }, "$0.0000")),
    h("p", { class: "last small muted" }, "Waiting…"),
  );
}

export function progressPanel() {
  const stepper = h("ol", { class: "phases", "aria-label": "Phases" }, PHASES.map((phase) => h("li", { dataset: { phase } }, phase.replace(/_/g, " "))));
  const bar = h("progress", { id: "build-progress", max: 100, value: 0, "aria-label": "Build progress" });
  const percent = h("span", { class: "percent" }, "0%");
  const connection = h("p", { class: "small muted connection", role: "status" }, "Connecting…");
  const agents = h("div", { class: "agents" }, BUILDERS.map(([agent, label]) => agentCard(agent, label)));
  const others = h("p", { class: "small muted others" });
  const log = h("ol", { class: "log", "aria-label": "Events", reversed: true });
  const total = h("p", { class: "total" }, "Total cost: $0.0000");
  const panel = h("section", { class: "progress-panel", "aria-label": "Live progress" }, stepper, h("div", { class: "bar" }, bar, percent), connection, agents, others, total, h("details", { open: true }, h("summary", {}, "Events"), log));
  const usage = {};
  const models = {};

  function agentModel(event) {
    if (!event.agent) return;
    if (event.model && event.model !== "starri" && event.model !== "offline") models[event.agent] = event.model;
    else if (event.model && !models[event.agent]) models[event.agent] = event.model;
    if (event.usage) usage[event.agent] = event.usage;
    const card = agents.querySelector(`[data-agent="${event.agent}"]`);
    if (card) {
      card.querySelector(".model").textContent = (event.usage && event.usage.models && event.usage.models.join(", ")) || models[event.agent] || "—";
      const used = usage[event.agent];
      if (used) {
        card.querySelector(".tokens").textContent = `${used.tokens_in} in / ${used.tokens_out} out`;
        card.querySelector(".cost").textContent = `$${Number(used.cost_usd).toFixed(4)}`;
      }
      card.querySelector(".last").textContent = event.message;
      card.classList.add("active");
    } else {
      const line = Object.keys(models).filter((a) => !BUILDERS.some(([b]) => b === a)).map((a) => `${a}: ${models[a]}`);
      others.textContent = line.length ? `Other agents — ${line.join(" · ")}` : "";
    }
    const spent = Object.values(usage).reduce((sum, u) => sum + Number(u.cost_usd || 0), 0);
    total.textContent = `Total cost: $${spent.toFixed(4)}`;
  }

  function show(event) {
    if (typeof event.progress === "number") {
      bar.value = event.progress;
      percent.textContent = `${event.progress}%`;
    }
    const phase = event.type === "build_completed" ? "completed" : event.phase;
    const index = PHASES.indexOf(phase);
    if (index >= 0) {
      stepper.querySelectorAll("li").forEach((li, i) => {
        li.classList.toggle("done", i < index || phase === "completed");
        li.classList.toggle("current", i === index && phase !== "completed");
        if (i === index) li.setAttribute("aria-current", "step");
        else li.removeAttribute("aria-current");
      });
    }
    if (event.type === "phase_completed" && event.results && Array.isArray(event.results.parallel_agents)) {
      for (const [agent] of BUILDERS) {
        if (event.results.parallel_agents.includes(agent)) continue;
        const card = agents.querySelector(`[data-agent="${agent}"]`);
        card.querySelector(".last").textContent = "Not part of this build (switched off).";
        card.classList.add("off");
      }
    }
    agentModel(event);
    const text = event.type === "error" ? `${event.error_code}: ${event.message}` : event.message || event.type.replace(/_/g, " ");
    log.prepend(h("li", { class: `event event-${event.type}` }, h("span", { class: "seq" }, `#${event.seq}`), " ", h("span", { class: "phase" }, (event.phase || "").replace(/_/g, " ")), " ", text));
  }
  return { panel, show, connection };
}

// Follows the build; calls onEvent for each new event (deduplicated by seq) and onEnd once the stream is over.
export function follow(sessionId, { onEvent, onEnd, connection, after = 0 }) {
  let lastSeq = after;
  let socket = null;
  let stopped = false;
  let attempt = 0;
  let timer = null;

  async function connect() {
    // A reconnect may come after the access token expired: one authenticated call refreshes it first.
    if (attempt > 0) await get("/auth/me").catch(() => null);
    if (stopped) return;
    socket = new WebSocket(websocketUrl(sessionId, lastSeq));
    socket.addEventListener("open", () => {
      attempt = 0;
      connection.textContent = lastSeq ? `Reconnected; replaying after event #${lastSeq}.` : "Connected.";
    });
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "connected") return;
      if (typeof event.seq === "number") {
        if (event.seq <= lastSeq) return;
        lastSeq = event.seq;
      }
      onEvent(event);
    });
    socket.addEventListener("close", (close) => {
      if (stopped) return;
      if (FINAL_CLOSE.has(close.code)) {
        connection.textContent = close.code === 1000 ? "The build has ended." : `Closed: ${close.reason || close.code}`;
        onEnd(close.code);
        return;
      }
      attempt += 1;
      const wait = Math.min(5000, 500 * 2 ** attempt);
      connection.textContent = `Connection lost; reconnecting in ${(wait / 1000).toFixed(1)} s…`;
      timer = setTimeout(connect, wait);
    });
  }
  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (socket) socket.close(1000);
    },
    // For tests and for a flaky network: drop the socket as a network failure would.
    drop() {
      if (socket) socket.close(4000, "dropped");
    },
    get lastSeq() {
      return lastSeq;
    },
  };
}

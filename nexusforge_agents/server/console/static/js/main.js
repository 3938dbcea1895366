// The console's shell: hash routes, the navigation, and sign-in gating. Each view is a module whose
// render(holder, params) draws into its own holder in <main> and may return a function that stops it (sockets,
// timers). A view still loading when the person moves on (a click on the nav while its requests wait) finishes
// into its detached holder and is stopped: it never draws over the view that replaced it.
import { currentUser, onSessionChange, signOut } from "./api.js";
import { announce, clear, h } from "./dom.js";

const ROUTES = [
  { pattern: /^\/signin$/, view: "signin", public: true },
  { pattern: /^\/new$/, view: "newbuild", title: "New build" },
  { pattern: /^\/builds$/, view: "builds", title: "Builds" },
  { pattern: /^\/build\/([^/]+)$/, view: "build", title: "Build" },
  { pattern: /^\/keys$/, view: "keys", title: "API keys" },
  { pattern: /^\/admin$/, view: "admin", title: "Admin" },
];
const NAV = [
  ["#/new", "New build"],
  ["#/builds", "Builds"],
  ["#/keys", "API keys"],
  ["#/admin", "Admin", (me) => me.role === "admin"],
];

let stopView = null;
let navigation = 0; // counts route() calls: a view whose navigation is not the latest is stale
let afterSignIn = "#/new";

function drawNav() {
  const nav = clear(document.getElementById("nav"));
  const me = currentUser();
  if (!me) return;
  const here = location.hash.split("?")[0];
  const list = h("ul", { class: "nav-list" });
  for (const [href, label, visible] of NAV) {
    if (visible && !visible(me)) continue;
    const current = here === href || (href === "#/builds" && here.startsWith("#/build/"));
    list.append(h("li", {}, h("a", { href, "aria-current": current ? "page" : false }, label)));
  }
  list.append(
    h("li", { class: "who" }, h("span", { class: "muted" }, me.email)),
    h("li", {}, h("button", { type: "button", class: "quiet", onclick: () => signOut().then(() => announce("Signed out")) }, "Sign out")),
  );
  nav.append(list);
}

async function route() {
  const mine = ++navigation;
  if (stopView) {
    stopView();
    stopView = null;
  }
  const path = (location.hash.replace(/^#/, "") || "/new").split("?")[0];
  const match = ROUTES.map((r) => [r, path.match(r.pattern)]).find(([, m]) => m);
  const main = document.getElementById("main");
  if (!match) {
    location.replace("#/new");
    return;
  }
  const [found, groups] = match;
  if (!found.public && !currentUser()) {
    afterSignIn = location.hash || "#/new";
    location.replace("#/signin");
    return;
  }
  if (found.public && currentUser()) {
    location.replace(afterSignIn);
    return;
  }
  drawNav();
  const holder = h("div", { class: "view" });
  clear(main).append(holder);
  document.title = `${found.title || "Sign in"} · Nexus Forge`;
  const module = await import(`./views/${found.view}.js`);
  if (mine !== navigation) return;
  const stop = (await module.render(holder, ...groups.slice(1).map(decodeURIComponent))) || null;
  if (mine !== navigation) {
    if (stop) stop();
    return;
  }
  stopView = stop;
  if (!main.contains(document.activeElement) || document.activeElement === main) main.focus({ preventScroll: true });
  document.body.dataset.view = found.view;
}

onSessionChange((session) => {
  if (!session) {
    afterSignIn = location.hash && location.hash !== "#/signin" ? location.hash : "#/new";
    location.hash = "#/signin";
  } else if (location.hash === "#/signin") {
    location.hash = afterSignIn;
  }
  drawNav();
});
window.addEventListener("hashchange", route);
route().then(() => {
  document.body.dataset.ready = "true";
  performance.mark("console-ready"); // benchmarks/console_load.py reads it: interactive, ms after navigation start
});

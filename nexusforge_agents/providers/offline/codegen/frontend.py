"""The generated React + Vite + TypeScript frontend: project files, the typed API client, styles and the app
shell; the pages themselves come from ``frontend_pages``."""

from __future__ import annotations

import html
import json

from ....schemas import AppSpec, ColorScheme, EntityField
from . import fields as F
from .frontend_pages import page_files, pages_of
from .templating import load, render

# Caret ranges that install and build on Node 20.19+ (checked with `npm install && npm run build`).
DEPENDENCIES = {"react": "^19.1.0", "react-dom": "^19.1.0", "react-router-dom": "^7.6.0"}
DEV_DEPENDENCIES = {
    "@types/react": "^19.1.0",
    "@types/react-dom": "^19.1.0",
    "@vitejs/plugin-react": "^5.0.0",
    "typescript": "^5.9.0",
    "vite": "^7.1.0",
}
TAILWIND_DEPENDENCIES = {"@tailwindcss/vite": "^4.1.0", "tailwindcss": "^4.1.0"}

_TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2023", "DOM", "DOM.Iterable"],
        "module": "ESNext",
        "moduleResolution": "bundler",
        "jsx": "react-jsx",
        "strict": True,
        "noEmit": True,
        "isolatedModules": True,
        "skipLibCheck": True,
        "noUnusedLocals": True,
        "noUnusedParameters": True,
        "noFallthroughCasesInSwitch": True,
        "types": ["vite/client"],
    },
    "include": ["src"],
}
_LIB_FILES = ("lib/store.ts", "lib/http.ts", "lib/fields.ts")


def uses_tailwind(spec: AppSpec) -> bool:
    return "tailwind" in spec.styling.lower()


def ts(value: object) -> str:
    """A JSON value as TypeScript source."""
    return json.dumps(value, ensure_ascii=False)


def frontend_files(spec: AppSpec) -> dict[str, str]:
    files = {
        "frontend/package.json": package_json(spec),
        "frontend/index.html": index_html(spec),
        "frontend/vite.config.ts": vite_config(spec),
        "frontend/tsconfig.json": json.dumps(_TSCONFIG, indent=2) + "\n",
        "frontend/src/vite-env.d.ts": '/// <reference types="vite/client" />\n',
        "frontend/src/main.tsx": load("frontend/main.tsx"),
        "frontend/src/index.css": stylesheet(spec),
        "frontend/src/types.ts": types_ts(spec),
        "frontend/src/api.ts": api_ts(spec),
        "frontend/src/site.ts": site_ts(spec),
        "frontend/src/App.tsx": app_tsx(spec),
    }
    files |= {f"frontend/src/{name}": load(f"frontend/{name}") for name in _LIB_FILES}
    files |= page_files(spec)
    return files


def package_json(spec: AppSpec) -> str:
    dev = DEV_DEPENDENCIES | (TAILWIND_DEPENDENCIES if uses_tailwind(spec) else {})
    package = {
        "name": spec.slug,
        "private": True,
        "version": "0.1.0",
        "type": "module",
        "engines": {"node": ">=20.19"},
        "scripts": {"dev": "vite", "build": "tsc && vite build", "preview": "vite preview"},
        "dependencies": DEPENDENCIES,
        "devDependencies": dict(sorted(dev.items())),
    }
    return json.dumps(package, indent=2) + "\n"


def index_html(spec: AppSpec) -> str:
    return f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="description" content="{html.escape(spec.description)}" />
    <meta name="theme-color" content="{spec.colors.primary}" />
    <title>{html.escape(spec.name)}</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
"""


def vite_config(spec: AppSpec) -> str:
    tailwind = uses_tailwind(spec)
    imports = 'import react from "@vitejs/plugin-react";\nimport { defineConfig } from "vite";\n'
    if tailwind:
        imports = 'import tailwindcss from "@tailwindcss/vite";\n' + imports
    plugins = "react(), tailwindcss()" if tailwind else "react()"
    return f"""{imports}
// The dev server forwards API calls and the live-updates WebSocket to the backend (uvicorn on port 8000).
export default defineConfig({{
  plugins: [{plugins}],
  server: {{
    proxy: {{
      "/api": "http://127.0.0.1:8000",
      "/ws": {{ target: "ws://127.0.0.1:8000", ws: true }},
    }},
  }},
}});
"""


def _on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#111827" if luminance > 0.4 else "#ffffff"


def stylesheet(spec: AppSpec) -> str:
    colors: ColorScheme = spec.colors
    return render(
        "frontend/tailwind.css" if uses_tailwind(spec) else "frontend/plain.css",
        BACKGROUND=colors.background,
        PRIMARY=colors.primary,
        TEXT=colors.text,
        ACCENT=colors.accent,
        ON_PRIMARY=_on(colors.primary),
    )


def types_ts(spec: AppSpec) -> str:
    out = (
        "// The API's data, one pair per entity: <Name>Input is what a client sends, <Name> what it gets back.\n"
        'import type * as http from "./lib/http";\n'
    )
    for e in spec.entities:
        body = "".join(f"  {f.name}: {F.ts_type(f)};\n" for f in e.fields)
        out += f"\nexport type {e.name}Input = {{\n{body}}};\nexport type {e.name} = http.Item & {e.name}Input;\n"
    return out


def _field_meta(field: EntityField) -> str:
    meta: dict[str, object] = {
        "name": field.name,
        "label": F.label(field.name),
        "type": field.type,
        "required": field.required,
    }
    if F.choices_of(field):
        meta["choices"] = F.choices_of(field)
    return "{ " + ", ".join(f"{key}: {ts(value)}" for key, value in meta.items()) + " }"


def api_ts(spec: AppSpec) -> str:
    lines = [
        f"// A typed client for every endpoint of the {spec.name} API.",
        'import * as http from "./lib/http";',
        *(['import { setToken } from "./lib/store";'] if spec.auth.enabled else []),
        'import type * as model from "./types";',
        "",
        "export const api = {",
        *(f'  {e.plural}: http.resource<model.{e.name}, model.{e.name}Input>("{e.plural}"),' for e in spec.entities),
        "};",
        "",
        "export const entityFields: Record<keyof typeof api, http.FieldMeta[]> = {",
    ]
    for e in spec.entities:
        lines += [f"  {e.plural}: [", *(f"    {_field_meta(f)}," for f in e.fields), "  ],"]
    lines += ["};", "", "export const entityLabels: Record<keyof typeof api, { one: string; many: string }> = {"]
    lines += [
        f"  {e.plural}: {{ one: {ts(F.entity_labels(e)[0])}, many: {ts(F.entity_labels(e)[1])} }},"
        for e in spec.entities
    ]
    lines += [
        "};",
        "",
        "export function health(): Promise<{ status: string; database: string }> {",
        '  return http.request("/api/health");',
        "}",
    ]
    parts = ["frontend/api/auth.ts"] if spec.auth.enabled else []
    parts.append("frontend/api/stats.ts" if spec.dashboard else "frontend/api/stats_computed.ts")
    parts += ["frontend/api/live.ts"] if spec.realtime else []
    return "\n".join(lines) + "\n" + "".join(load(part) for part in parts)


def site_ts(spec: AppSpec) -> str:
    pages = [
        {
            "name": info.name,
            "label": label,
            "route": info.route,
            "kind": info.kind,
            "nav": not (spec.auth.enabled and info.kind == "login"),
        }
        for info, label in pages_of(spec)
    ]
    rows = "".join("  { " + ", ".join(f"{key}: {ts(value)}" for key, value in page.items()) + " },\n" for page in pages)
    features = "".join(f"    {ts(feature)},\n" for feature in spec.feature_names)
    return (
        "// What the app is and which pages it has: the home page and the navigation read this.\n"
        f"export const APP = {{\n  name: {ts(spec.name)},\n  description: {ts(spec.description)},\n"
        f"  features: [\n{features}  ],\n}};\n\n"
        f"export const AUTH_ENABLED = {ts(spec.auth.enabled)};\n\n"
        "export const PAGES: { name: string; label: string; route: string; kind: string; nav: boolean }[] = [\n"
        f"{rows}];\n"
    )


def app_tsx(spec: AppSpec) -> str:
    pages = pages_of(spec)
    auth = spec.auth.enabled
    has_home = any(info.kind == "home" for info, _ in pages)
    router_names = ["BrowserRouter", *([] if has_home else ["Navigate"]), "NavLink", "Route", "Routes"]
    imports = [f'import {{ {", ".join(router_names)} }} from "react-router-dom";']
    imports += ['import { setToken, useToken } from "./lib/store";'] if auth else []
    imports += [
        f'import {info.name}Page from "./pages/{info.name}";' for info, _ in sorted(pages, key=lambda p: p[0].name)
    ]
    imports.append('import { APP, PAGES } from "./site";')
    routes = [f'          <Route path="{info.route}" element={{<{info.name}Page />}} />' for info, _ in pages]
    if not has_home:
        routes.append(f'          <Route path="/" element={{<Navigate to="{pages[0][0].route}" replace />}} />')
    account = (
        """
function AccountLink() {
  const token = useToken();
  if (!token) return <NavLink to="/login">Sign in</NavLink>;
  return (
    <button type="button" className="btn btn-link" onClick={() => setToken(null)}>
      Sign out
    </button>
  );
}
"""
        if auth
        else ""
    )
    return f"""// The app shell: a header with the navigation, and a route per page.
{chr(10).join(imports)}

function NotFound() {{
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p className="muted">Pick a page from the navigation above.</p>
    </section>
  );
}}
{account}
export default function App() {{
  return (
    <BrowserRouter>
      <header className="app-header">
        <span className="app-title">{{APP.name}}</span>
        <nav className="app-nav">
          {{PAGES.filter((page) => page.nav).map((page) => (
            <NavLink key={{page.route}} to={{page.route}} end={{page.route === "/"}}>
              {{page.label}}
            </NavLink>
          ))}}
        </nav>{chr(10) + "        <AccountLink />" if auth else ""}
      </header>
      <main className="app-main">
        <Routes>
{chr(10).join(routes)}
          <Route path="*" element={{<NotFound />}} />
        </Routes>
      </main>
    </BrowserRouter>
  );
}}
"""

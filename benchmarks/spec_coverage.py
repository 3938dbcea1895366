"""How well the offline spec engine reads the 51 WebGen-Bench dev prompts.

Coverage: the share of each prompt's content words (the eval harness's ``terms``: prompt boilerplate, generic UI
words and the palette sentence left out) that the spec carries, plus the capabilities the prompt asks for by name
(sign-in, charts, live updates) that the spec turns on. Two readings:

- **whole spec** (the headline): every user-meaningful text of the v2 spec counts — the app's name and
  description; entity names, plurals, descriptions, field names, labels and choices; feature names and
  acceptance criteria; page names, titles, purposes, element labels and options; roles, flows, data files;
  the endpoint paths. This is what the spec hands to the coder, the mockups and the tests.
- **structure only** (the eval harness's ``spec_coverage`` evaluator): entity, field and choice names, UI
  component names and endpoint paths; feature texts and descriptions do not count.

The spec is measured as a build sees it, with its page model (``ensure_pages``). Also printed per prompt: the
entities with their field counts, the feature kinds and the words not carried; then the aggregates and the
extraction time.

    python benchmarks/spec_coverage.py [path/to/dataset.jsonl] [--missing]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from nexusforge_agents.evals.evaluators.colors import palette_sentences
from nexusforge_agents.evals.evaluators.spec import coverage as structural_coverage
from nexusforge_agents.evals.evaluators.spec import requested_capabilities
from nexusforge_agents.evals.evaluators.text import covered, terms, vocabulary
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.schemas import AppSpec
from nexusforge_agents.spec_conventions import ensure_pages

DEFAULT_DATASET = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "webgen-bench-dev.jsonl"
GOAL = 0.80


def spec_texts(spec: AppSpec) -> list[str]:
    """Every user-meaningful text of the spec (not colours, styling or flags)."""
    texts = [spec.name, spec.description]
    for entity in spec.entities:
        texts += [entity.name, entity.plural, entity.description]
        for field in entity.fields:
            texts += [field.name, field.label, field.description, *(field.choices or [])]
    for feature in spec.features:
        texts += [feature.name, *feature.acceptance]
    for page in spec.pages:
        texts += [page.name, page.title, page.purpose]
        for element in page.elements:
            texts += [element.label, *element.options]
    for role in spec.roles:
        texts += [role.name, role.description, *role.can]
    for flow in spec.flows:
        texts += [flow.name, *flow.steps, *flow.acceptance]
    for file in spec.storage.files:
        texts += [file.path, file.line_format]
    texts += spec.ui_components
    texts += [endpoint.path for endpoint in spec.api_endpoints]
    return [t for t in texts if t]


def _enabled(spec: AppSpec, capability: str) -> bool:
    return {"auth": spec.auth.enabled, "dashboard": spec.dashboard, "realtime": spec.realtime}[capability]


def whole_spec_coverage(prompt: str, spec: AppSpec) -> tuple[float, list[str]]:
    """(share of the prompt's terms and named capabilities the whole spec carries, the terms it misses)."""
    body = prompt
    for sentence in palette_sentences(prompt):
        body = body.replace(sentence, " ")
    wanted = terms(body)
    vocab = vocabulary(*spec_texts(spec))
    missing = [t for t in wanted if not covered(t, vocab)]
    capabilities = requested_capabilities(body)
    honoured = [c for c in capabilities if _enabled(spec, c)]
    total = len(wanted) + len(capabilities)
    value = (len(wanted) - len(missing) + len(honoured)) / total if total else 1.0
    return value, missing


def main(path: Path, show_missing: bool) -> int:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    extract_spec(rows[0]["instruction"])  # warm imports out of the timing
    start = time.perf_counter()
    specs = [ensure_pages(extract_spec(row["instruction"])) for row in rows]
    elapsed = time.perf_counter() - start
    whole: list[float] = []
    structural: list[float] = []
    kinds: Counter[str] = Counter()
    print(f"{'id':<7} {'whole':>5} {'struct':>6} {'#f':>3}  entities")
    for row, spec in zip(rows, specs, strict=True):
        prompt = row["instruction"]
        value, missing = whole_spec_coverage(prompt, spec)
        narrow = structural_coverage(prompt, spec)["value"]
        whole.append(value)
        structural.append(narrow)
        kinds.update(f.kind for f in spec.features)
        entities = ", ".join(f"{e.name}({len(e.fields)})" for e in spec.entities)
        print(f"{row['id']:<7} {value:>5.0%} {narrow:>6.0%} {len(spec.features):>3}  {entities}")
        if show_missing and missing:
            print(f"{'':<7} not carried: {', '.join(missing)}")
    n = len(rows)
    mean_whole, mean_structural = sum(whole) / n, sum(structural) / n
    print()
    print(f"prompts: {n}")
    print(
        f"content words carried by the whole spec (mean): {mean_whole:.1%} "
        f"(min {min(whole):.0%}, max {max(whole):.0%}; goal >= {GOAL:.0%})"
    )
    print(f"prompts at or above {GOAL:.0%}: {sum(v >= GOAL for v in whole)}/{n}")
    print(f"structure only (the eval harness's spec_coverage, mean): {mean_structural:.1%}")
    print("feature kinds: " + ", ".join(f"{k}={v}" for k, v in kinds.most_common()))
    custom = kinds.get("custom", 0)
    print(f"features in the feature library: {sum(kinds.values()) - custom}/{sum(kinds.values())} (custom: {custom})")
    print(
        f"mean entities {sum(len(s.entities) for s in specs) / n:.1f}, mean features "
        f"{sum(len(s.features) for s in specs) / n:.1f}, relations "
        f"{sum(f.type == 'reference' for s in specs for e in s.entities for f in e.fields)}"
    )
    print(f"total extraction time: {elapsed * 1000:.0f} ms ({elapsed / n * 1000:.1f} ms per prompt)")
    return 0 if mean_whole >= GOAL else 1


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    raise SystemExit(main(Path(args[0]) if args else DEFAULT_DATASET, "--missing" in sys.argv))

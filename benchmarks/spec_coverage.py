"""How well the offline spec engine reads the 51 WebGen-Bench dev prompts.

Prints, per prompt: id, archetype, entities (with field counts), number of features and the colours parsed; then
aggregates: archetype spread, the share of prompts whose entities and features all come from the prompt itself
(each entity's name or most of its fields, and each feature, share a word stem with the prompt), the share of
colour-requesting prompts whose colours were parsed, and the total extraction time.

    python benchmarks/spec_coverage.py [path/to/dataset.jsonl]
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.offline.spec.naming import stem
from nexusforge_agents.schemas import AppSpec, ColorScheme

DEFAULT_DATASET = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "webgen-bench-dev.jsonl"
_STOP = frozenset("a an and or the of for to in on with by from as at be is are".split())  # noqa: SIM905


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def entities_from_prompt(spec: AppSpec, prompt: str) -> bool:
    words = _stems(prompt)
    for entity in spec.entities:
        name_hit = any(stem(w) in words for w in re.findall(r"[A-Z][a-z0-9]*", entity.name))
        field_hits = sum(any(stem(w) in words for w in f.name.split("_")) for f in entity.fields)
        if not (name_hit or field_hits * 2 > len(entity.fields)):
            return False
    return True


def features_from_prompt(spec: AppSpec, prompt: str) -> bool:
    words = _stems(prompt)
    return all(_stems(feature) & words for feature in spec.features)


def main(path: Path) -> int:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    extract_spec(rows[0]["instruction"])  # warm imports out of the timing
    start = time.perf_counter()
    specs = [extract_spec(row["instruction"]) for row in rows]
    elapsed = time.perf_counter() - start
    default = ColorScheme()
    archetypes: Counter[str] = Counter()
    own_entities = own_features = asks_colour = colour_parsed = 0
    print(f"{'id':<7} {'archetype':<20} {'#f':>3}  {'colours':<42} entities")
    for row, spec in zip(rows, specs, strict=True):
        prompt = row["instruction"]
        archetypes[spec.archetype] += 1
        own_entities += entities_from_prompt(spec, prompt)
        own_features += features_from_prompt(spec, prompt)
        wants_colour = bool(re.search(r"\bcolou?rs?\b|\bbackgrounds?\b|\blayout\b", prompt, re.IGNORECASE))
        parsed = (spec.colors.background, spec.colors.primary) != (default.background, default.primary)
        asks_colour += wants_colour
        colour_parsed += wants_colour and parsed
        colours = f"{spec.colors.source.get('background', '-')}/{spec.colors.source.get('primary', '-')}"
        colours = f"{colours} {spec.colors.background}/{spec.colors.primary}"
        entities = ", ".join(f"{e.name}({len(e.fields)})" for e in spec.entities)
        print(f"{row['id']:<7} {spec.archetype:<20} {len(spec.features):>3}  {colours:<42} {entities}")
    n = len(rows)
    print()
    print(f"prompts: {n}")
    print("archetype spread: " + ", ".join(f"{k}={v}" for k, v in archetypes.most_common()))
    print(f"distinct archetypes: {len(archetypes)}  custom: {archetypes.get('custom', 0)}")
    print(f"entities all drawn from the prompt: {own_entities}/{n} ({own_entities / n:.0%})")
    print(f"features all drawn from the prompt: {own_features}/{n} ({own_features / n:.0%})")
    print(f"colours parsed where asked: {colour_parsed}/{asks_colour} ({colour_parsed / max(asks_colour, 1):.0%})")
    print(
        f"mean entities {sum(len(s.entities) for s in specs) / n:.1f}, mean features "
        f"{sum(len(s.features) for s in specs) / n:.1f}"
    )
    print(f"total extraction time: {elapsed * 1000:.0f} ms ({elapsed / n * 1000:.1f} ms per prompt)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATASET))

"""The HTML report: headline table, inline SVG charts, per-case table, every UI-test verdict, and screenshots of
each built app's pages taken by the browser evaluator (linked as files of the case folders, relative to the
report, so the report stays small; keep it in the run folder)."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Any

from .charts import PALETTE, bar_chart, histogram, stacked_bar
from .dataset import Case
from .report import CASE_METRICS, VERDICTS, summarize, to_dataframe
from .results import CASES_DIR, EvalRun

_CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#0f172a;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}
td,th{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f5f9}.num{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:16px}
.v-YES{color:#16a34a}.v-PARTIAL{color:#b45309}.v-NO{color:#dc2626}.v-NOT_CHECKABLE{color:#64748b}
details{margin:4px 0}summary{cursor:pointer}small{color:#475569}
.shots{display:flex;flex-wrap:wrap;gap:12px}.shots figure{margin:0;width:320px}
.shots img{width:320px;border:1px solid #e2e8f0}.shots figcaption{font-size:12px;color:#475569}
"""
HEADLINE = (
    ("executability", "Executability", "{:.1%}"),
    ("spec_valid", "Spec validity", "{:.1%}"),
    ("spec_coverage", "Spec coverage (mean)", "{:.1%}"),
    ("colors", "Colours honoured (mean)", "{:.1%}"),
    ("frontend_build", "Frontend builds", "{:.1%}"),
    ("browser", "Browser checks passed (mean)", "{:.1%}"),
    ("claims", "Claimed features verified (mean)", "{:.1%}"),
    ("ui_accuracy", "UI-test accuracy (all tests)", "{:.1%}"),
    ("ui_checkable_accuracy", "UI-test accuracy (checkable tests)", "{:.1%}"),
    ("ui_tests", "UI tests", "{}"),
    ("build_failures", "Build failures", "{}"),
    ("build_seconds_mean", "Build time per case (s)", "{:.1f}"),
    ("calls", "Model calls", "{:.0f}"),
    ("tokens", "Tokens", "{:.0f}"),
    ("cost_usd", "Cost (USD)", "{:.4f}"),
    ("evaluator_errors", "Evaluator errors", "{}"),
)


def _fmt(value: Any, fmt: str) -> str:
    return "n/a" if value is None else fmt.format(value)


def charts(run: EvalRun) -> list[str]:
    """The report's charts as SVG strings (also handy in notebooks: ``IPython.display.SVG``)."""
    summary = summarize(run)
    if not summary.get("cases"):
        return []
    df = to_dataframe(run)
    rates = [(label, summary.get(key)) for key, label, fmt in HEADLINE[:7] if key in summary]
    out = [
        bar_chart([r[0] for r in rates], [r[1] for r in rates], title="Headline rates", max_value=1.0),
        stacked_bar({v: summary.get(f"ui_{v.lower()}", 0) for v in VERDICTS}, title="UI-test verdicts"),
    ]
    phases = {k: v for k, v in summary.get("phase_seconds_mean", {}).items() if v is not None}
    if phases:
        out.append(bar_chart(list(phases), list(phases.values()), title="Mean seconds per phase", fmt="{:.1f} s"))
    if "spec_coverage" in df:
        values = [float(v) for v in df["spec_coverage"].dropna()]
        out.append(histogram(values, title="Spec coverage per case"))
    return out


def html_report(run: EvalRun | str | Path, path: str | Path | None = None) -> str:
    """The report as one HTML string (written to ``path`` when given); no external files or scripts."""
    run = run if isinstance(run, EvalRun) else EvalRun.load(run)
    summary = summarize(run)
    meta = run.meta
    started = meta.get("started_at")
    when = dt.datetime.fromtimestamp(started).isoformat(timespec="seconds") if started else "?"
    wall = _fmt(meta.get("wall_seconds_last_session"), "{} s")
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>Eval {escape(run.name)}</title>",
        f"<style>{_CSS}</style></head><body><h1>Eval: {escape(run.name)}</h1>",
        f"<p>Dataset <b>{escape(str(meta.get('dataset')))}</b> ({escape(str(meta.get('dataset_source', '')))}), "
        f"provider <b>{escape(str(meta.get('provider')))}</b>, {summary.get('cases', 0)} cases, "
        f"started {when}, jobs {meta.get('jobs')}, wall time {wall}.</p>",
        "<h2>Summary</h2><table>",
    ]
    for key, label, fmt in HEADLINE:
        if key in summary:
            parts.append(f"<tr><th>{label}</th><td class='num'>{_fmt(summary[key], fmt)}</td></tr>")
    parts.append("</table><div class='charts'>" + "".join(charts(run)) + "</div>")
    parts.append(_case_table(run))
    parts.append(_ui_details(run))
    parts.append(_screenshots(run))
    parts.append("</body></html>")
    html = "".join(parts)
    if path is not None:
        Path(path).write_text(html, encoding="utf-8")
    return html


def _case_table(run: EvalRun) -> str:
    names = [n for n in CASE_METRICS if any(n in r.scores for r in run.results)]
    head = "".join(f"<th>{n}</th>" for n in names)
    rows = []
    for r in run.results:
        cells = []
        for n in names:
            score = r.scores.get(n)
            if score is None:
                cells.append("<td></td>")
                continue
            value = "error" if score.error else _fmt(score.value, "{:.2f}")
            cells.append(f"<td class='num' title='{escape(score.reason)}'>{value}</td>")
        build = r.build.get("build_time_seconds")
        rows.append(
            f"<tr><td>{escape(r.case_id)}</td><td>{escape(r.status)}</td>"
            f"<td class='num'>{_fmt(build, '{:.1f}')}</td>{''.join(cells)}"
            f"<td><small>{escape(r.prompt[:140])}</small></td></tr>"
        )
    return (
        "<h2>Cases</h2><p><small>Hover a value for its reason.</small></p><table><tr><th>case</th><th>status</th>"
        f"<th>build s</th>{head}<th>prompt</th></tr>{''.join(rows)}</table>"
    )


def _ui_details(run: EvalRun) -> str:
    blocks = []
    for r in run.results:
        score = r.scores.get("ui_tests")
        tests = score.details.get("tests", []) if score else []
        if score is None or not tests:
            continue
        rows = "".join(
            f"<tr><td>{escape(t['task'])}</td><td>{escape(t['kind'])}</td>"
            f"<td class='v-{t['verdict']}' style='color:{PALETTE[t['verdict']]}'>{t['verdict']}</td>"
            f"<td><small>{escape(t['reason'][:400])}</small></td></tr>"
            for t in tests
        )
        blocks.append(
            f"<details><summary>{escape(r.case_id)}: {escape(score.reason)}</summary><table>"
            f"<tr><th>task</th><th>kind</th><th>verdict</th><th>why</th></tr>{rows}</table></details>"
        )
    return "<h2>UI tests</h2>" + "".join(blocks) if blocks else ""


def _screenshots(run: EvalRun) -> str:
    """Each case's page screenshots (from the browser evaluator), with the page's check verdict."""
    blocks = []
    for r in run.results:
        score = r.scores.get("browser")
        shots: dict[str, str] = score.details.get("screenshots", {}) if score else {}
        if score is None or not shots:
            continue
        folder = f"{CASES_DIR}/{Case(id=r.case_id, prompt=r.prompt).folder_name}"
        problems = {c["name"]: c["problems"] for c in score.details.get("checks", []) if c["kind"] == "page"}
        figures = "".join(
            f"<figure><a href='{escape(folder)}/{escape(path)}'><img loading='lazy' alt='{escape(page)}' "
            f"src='{escape(folder)}/{escape(path)}'></a><figcaption>{escape(page)}: "
            f"{escape('; '.join(problems.get(page, [])) or 'title and element ids as the spec says')}"
            "</figcaption></figure>"
            for page, path in shots.items()
        )
        blocks.append(
            f"<details open><summary>{escape(r.case_id)}: {escape(score.reason[:200])}</summary>"
            f"<div class='shots'>{figures}</div></details>"
        )
    return "<h2>Screenshots of the built apps</h2>" + "".join(blocks) if blocks else ""

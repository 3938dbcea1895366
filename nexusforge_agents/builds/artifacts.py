"""Build artifacts as URLs this server serves: mockups, the demo video, a zip of the generated code.

Stored results keep server-relative paths (``/artifacts/{session_id}/mockups/Dashboard.png``); responses make
them absolute with the public URL (or the request's base URL), so a stored result survives a change of host.
Where the files themselves live (a shared folder, or Cloud Storage) is the ``ArtifactStore``'s business.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from ..schemas import BuildResult
from .artifact_store import ArtifactStore

ARTIFACTS_PREFIX = "/artifacts"
CODE_ZIP = "code.zip"


def artifact_path(session_id: str, rel: str) -> str:
    return f"{ARTIFACTS_PREFIX}/{session_id}/{rel}"


def _relative(path: str | None, root: Path) -> str | None:
    if not path:
        return None
    candidate = Path(path).resolve()
    return candidate.relative_to(root).as_posix() if candidate.is_relative_to(root) else None


def result_view(result: BuildResult, output_dir: Path) -> dict[str, Any]:
    """The contract's ``result`` with artifact paths this server serves, plus the code zip's path, the feature
    claims, the warnings and the report of the generated app's own tests."""
    view = result.contract_view()
    root = output_dir.resolve()
    mockups: dict[str, str] = {}
    for component, path in result.mockups.items():
        rel = _relative(path, root)
        if rel is not None:
            mockups[component] = artifact_path(result.session_id, rel)
    view["mockups"] = mockups
    video = _relative(result.demo_video, root)
    view["demo_video"] = artifact_path(result.session_id, video) if video else None
    view["code_zip"] = artifact_path(result.session_id, CODE_ZIP)
    # Beyond the contract: each spec feature built (with what shows it) or not (with why), and unsafe asks.
    view["features"] = [claim.model_dump() for claim in result.features]
    view["warnings"] = list(result.warnings)
    view["tests"] = result.tests.model_dump(mode="json") if result.tests else None
    return view


def served_files(result: dict[str, Any] | None) -> set[str]:
    """The relative paths under a build's folder that its artifact URLs name (nothing else is served)."""
    if not result:
        return set()
    paths = [*(result.get("mockups") or {}).values(), result.get("demo_video")]
    found = set()
    for path in paths:
        if path:
            parts = PurePosixPath(path).parts  # ('/', 'artifacts', session_id, ...)
            found.add(PurePosixPath(*parts[3:]).as_posix())
    return found


def artifact_source(
    session_id: str, rel: str, result: dict[str, Any] | None, output_dir: Path, root: Path
) -> Path | None:
    """Where a build wrote its artifact ``rel`` (``root``: the artifacts folder), or None if its result names no such
    artifact (nothing else of the build's folder is ever served)."""
    if rel == CODE_ZIP:
        return root / session_id / CODE_ZIP
    return output_dir / rel if rel in served_files(result) else None


def absolutize(result: dict[str, Any], base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    out = dict(result)
    out["mockups"] = {name: base + path for name, path in (result.get("mockups") or {}).items()}
    for key in ("demo_video", "code_zip"):
        if out.get(key):
            out[key] = base + out[key]
    return out


def write_code_zip(code_files: dict[str, str], target: Path, folder: str) -> Path:
    """A zip of the generated app under one top-level folder; written atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel, text in sorted(code_files.items()):
            archive.writestr(f"{folder}/{rel}", text)
    partial.replace(target)
    return target


def store_result(result: BuildResult, artifacts: ArtifactStore) -> dict[str, Any]:
    """The build-row columns a result sets (its view, the app's name and description), after writing its code zip
    and publishing its artifacts to the store: what a completed build stores, and what a rollback stores again for
    the version it restores."""
    spec = result.specification
    sid, output_dir = result.session_id, Path(result.output_dir)
    code_zip = write_code_zip(result.code_files, artifacts.root / sid / CODE_ZIP, spec.slug if spec else "app")
    view = result_view(result, output_dir)
    named = {rel: output_dir / rel for rel in served_files(view)}
    artifacts.publish(sid, {CODE_ZIP: code_zip, **{rel: path for rel, path in named.items() if path.is_file()}})
    return {
        "result": view,
        "app_name": spec.name if spec else None,
        "app_description": spec.description if spec else None,
    }


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)

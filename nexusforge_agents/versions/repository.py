"""An app folder's versions, kept as a git repository inside the folder (through dulwich: no git binary needed).

Every completed build, revision and rollback is a commit tagged ``v<n>`` whose message is the request that made
it. A rollback is a new commit whose tree is the old version's tree, so nothing is ever lost. The repository is
ordinary git: ``git log``, ``git diff v1 v2`` or any git tool read it as well.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from dulwich import porcelain
from dulwich.objects import Commit, ObjectID
from dulwich.patch import write_tree_diff
from dulwich.repo import Repo

from ..errors import InvalidInputError, VersionNotFoundError
from .models import TAG_PREFIX, FileChange, Version, VersionDiff, parse_version, tag_of

IDENTITY = b"Nexus Forge <versions@nexusforge.invalid>"
"""Author and committer of every version: fixed, so no user git configuration is needed or read for it."""

NOT_VERSIONED = """\
# Written by Nexus Forge: what is rebuilt, installed, cached or secret is never part of a version.
node_modules/
.venv/
venv/
__pycache__/
*.pyc
.pytest_cache/
.ruff_cache/
.mypy_cache/
frontend/dist/
demo/
*.db
*.db-journal
*.db-wal
*.db-shm
*.sqlite
*.sqlite3
.env
"""
"""Kept in ``.git/info/exclude`` (not the app's own ``.gitignore``, which belongs to the app and may be missing)."""

log = logging.getLogger(__name__)
MARKER = (b"nexusforge", b"versions")
_TAG_REF = re.compile(rb"^refs/tags/" + re.escape(TAG_PREFIX.encode()) + rb"([1-9][0-9]*)$")


def record_version(folder: str | Path, message: str) -> Version:
    """Commit the folder as it is now as the next version; a folder unchanged since its last version returns it."""
    message = _checked_message(message)
    with _locked(_open_or_init(folder)) as repo:
        return _record(repo, message)


def record_completed_build(folder: str | Path, request: str) -> Version | None:
    """The version a completed build or revision leaves in its folder (called once, where a build completes).

    A folder that is someone else's git repository (``--out`` into an existing project) keeps no versions: the
    build still completes, and the reason is logged.
    """
    try:
        return record_version(folder, request)
    except InvalidInputError as exc:
        log.warning("No version recorded: %s", exc.message)
        return None


def discard_changes(folder: str | Path) -> Version | None:
    """Put the folder back to its latest version: edited files restored, files added since removed (ignored ones,
    such as databases and ``node_modules``, stay). A revision that failed leaves the app as it was this way. None,
    touching nothing, when the folder has no versions."""
    repo = _open(folder)
    if repo is None:
        return None
    with _locked(repo):
        head = _head(repo)
        if head is None:
            return None
        porcelain.reset(repo, "hard", head)
        porcelain.clean(repo, repo.path)
        tags = _tags(repo)
        return _version(repo, max(tags), tags[max(tags)]) if tags else None


def history(folder: str | Path) -> list[Version]:
    """Every version of the app, oldest first (empty when the folder has none yet)."""
    repo = _open(folder)
    if repo is None:
        return []
    with contextlib.closing(repo):
        return [_version(repo, number, sha) for number, sha in sorted(_tags(repo).items())]


def get_version(folder: str | Path, version: str | int) -> Version:
    with contextlib.closing(_open_existing(folder)) as repo:
        number = parse_version(version)
        return _version(repo, number, _commit_of(repo, number))


def files_of(folder: str | Path, version: str | int) -> list[str]:
    """The paths of every file in ``version`` (sorted; ignored artefacts such as ``node_modules`` are never in one)."""
    with contextlib.closing(_open_existing(folder)) as repo:
        tree = _tree_of(repo, _commit_of(repo, parse_version(version)))
        entries = repo.object_store.iter_tree_contents(tree)
        return sorted(entry.path.decode("utf-8", "replace") for entry in entries if entry.path is not None)


def diff(folder: str | Path, a: str | int | None = None, b: str | int | None = None) -> VersionDiff:
    """What changed from version ``a`` to version ``b``.

    ``b`` defaults to the latest version and ``a`` to the one before ``b``; ``a`` before v1 is the empty folder.
    """
    with contextlib.closing(_open_existing(folder)) as repo:
        tags = _tags(repo)
        if not tags:
            raise VersionNotFoundError(f"{repo.path} has no versions yet.")
        to_number = parse_version(b) if b is not None else max(tags)
        from_number = parse_version(a) if a is not None else _previous(tags, to_number)
        old_tree = _tree_of(repo, _commit_of(repo, from_number)) if from_number is not None else None
        new_tree = _tree_of(repo, _commit_of(repo, to_number))
        return VersionDiff(
            from_version=from_number,
            to_version=to_number,
            files=_changes(repo, old_tree, new_tree),
            unified=_unified(repo, old_tree, new_tree),
        )


def rollback(folder: str | Path, version: str | int) -> Version:
    """Make a new version whose files are exactly those of ``version``; edits made since are saved first."""
    with _locked(_open_existing(folder)) as repo:
        number = parse_version(version)
        target_tree = _tree_of(repo, _commit_of(repo, number))
        _record(repo, f"Changes made in the folder before rolling back to {tag_of(number)}")
        worktree = repo.get_worktree()
        sha = worktree.commit(
            message=f"Roll back to {tag_of(number)}: {_message_of(repo, number)}".encode(),
            tree=target_tree,
            author=IDENTITY,
            committer=IDENTITY,
            no_verify=True,
            sign=False,
        )
        porcelain.reset(repo, "hard", sha)  # index and files follow; ignored files (node_modules...) stay
        return _tag_new(repo, sha)


def _record(repo: Repo, message: str) -> Version:
    porcelain.add(repo)
    tree = repo.open_index().commit(repo.object_store)
    head = _head(repo)
    tags = _tags(repo)
    if head is not None and tree == _tree_of(repo, head):
        tagged = [number for number, sha in tags.items() if sha == head]
        if tagged:
            return _version(repo, max(tagged), head)  # nothing changed since that version
    sha = repo.get_worktree().commit(
        message=message.encode(), author=IDENTITY, committer=IDENTITY, no_verify=True, sign=False
    )
    return _tag_new(repo, sha)


def _tag_new(repo: Repo, sha: ObjectID) -> Version:
    number = max(_tags(repo), default=0) + 1
    repo.refs[f"refs/tags/{tag_of(number)}".encode()] = sha
    return _version(repo, number, sha)


def _version(repo: Repo, number: int, sha: ObjectID) -> Version:
    commit = repo[sha]
    assert isinstance(commit, Commit)
    parent_tree = _tree_of(repo, commit.parents[0]) if commit.parents else None
    return Version(
        number=number,
        tag=tag_of(number),
        message=commit.message.decode("utf-8", "replace").strip(),
        created_at=datetime.fromtimestamp(commit.commit_time, UTC),
        commit=sha.decode("ascii"),
        files_changed=_changes(repo, parent_tree, commit.tree),
    )


def _changes(repo: Repo, old_tree: ObjectID | None, new_tree: ObjectID) -> list[FileChange]:
    changes = []
    for change in repo.object_store.tree_changes(old_tree, new_tree):
        (old_path, new_path), _, _ = change
        path = (new_path or old_path or b"").decode("utf-8", "replace")
        if old_path is None:
            kind = "added"
        elif new_path is None:
            kind = "deleted"
        else:
            kind = "modified"
        changes.append(FileChange(path=path, change=kind))
    return sorted(changes, key=lambda c: c.path)


def _unified(repo: Repo, old_tree: ObjectID | None, new_tree: ObjectID) -> str:
    out = io.BytesIO()
    write_tree_diff(out, repo.object_store, old_tree, new_tree)
    return out.getvalue().decode("utf-8", "replace")


def _tags(repo: Repo) -> dict[int, ObjectID]:
    found = {}
    for ref in repo.refs.allkeys():
        if match := _TAG_REF.match(ref):
            found[int(match.group(1))] = repo.refs[ref]
    return found


def _commit_of(repo: Repo, number: int) -> ObjectID:
    try:
        return repo.refs[f"refs/tags/{tag_of(number)}".encode()]
    except KeyError:
        latest = max(_tags(repo), default=0)
        known = f"it has v1 to v{latest}" if latest else "it has no versions yet"
        raise VersionNotFoundError(
            f"{repo.path} has no version {tag_of(number)} ({known}; `nexusforge history` lists them)."
        ) from None


def _message_of(repo: Repo, number: int) -> str:
    commit = repo[_commit_of(repo, number)]
    assert isinstance(commit, Commit)
    return commit.message.decode("utf-8", "replace").strip().splitlines()[0]


def _previous(tags: dict[int, ObjectID], number: int) -> int | None:
    return max((n for n in tags if n < number), default=None)


def _tree_of(repo: Repo, sha: ObjectID) -> ObjectID:
    commit = repo[sha]
    assert isinstance(commit, Commit)
    return commit.tree


def _head(repo: Repo) -> ObjectID | None:
    try:
        return repo.head()
    except KeyError:
        return None


def _checked_message(message: str) -> str:
    text = (message or "").strip()
    if not text:
        raise InvalidInputError("A version needs a message: the request that made it.")
    return text


def _folder(folder: str | Path) -> Path:
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise InvalidInputError(f"{path} is not a folder.")
    return path


def _open(folder: str | Path) -> Repo | None:
    path = _folder(folder)
    if not (path / ".git").exists():
        return None
    repo = Repo(str(path))
    if not _is_ours(repo):
        repo.close()
        raise InvalidInputError(
            f"{path} is a git repository Nexus Forge did not create; its versions are kept only in app folders "
            "it built."
        )
    return repo


def _open_existing(folder: str | Path) -> Repo:
    repo = _open(folder)
    if repo is None:
        raise VersionNotFoundError(f"{_folder(folder)} has no versions yet (it is recorded when a build completes).")
    return repo


def _open_or_init(folder: str | Path) -> Repo:
    repo = _open(folder)
    if repo is not None:
        return repo
    repo = Repo.init(str(_folder(folder)))
    config = repo.get_config()
    config.set(MARKER[0], MARKER[1], True)
    config.write_to_path()
    exclude = Path(repo.controldir(), "info", "exclude")
    exclude.parent.mkdir(parents=True, exist_ok=True)
    exclude.write_text(NOT_VERSIONED, encoding="utf-8")
    return repo


def _is_ours(repo: Repo) -> bool:
    return repo.get_config().get_boolean(MARKER[0], MARKER[1], False)


@contextlib.contextmanager
def _locked(repo: Repo) -> Iterator[Repo]:
    """One writer at a time per folder (a build's end, a revision and a rollback may race)."""
    with contextlib.closing(repo), open(Path(repo.controldir(), "nexusforge.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield repo

"""The record of every running local deployment: one JSON file per deployment under ``<home>/local-deployments``.

A record names the app's process (pid, port, its start time) and the process that started it (the owner). Any
process can stop a recorded app (the API deletes a build whose app a build worker started), and a server
starting up stops the apps whose owner died without stopping them (kill -9), instead of leaving them running.
A pid is only signalled while its start time still matches the record, so a recycled pid is never killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import time
from pathlib import Path

from pydantic import BaseModel, ValidationError

RECORDS_DIR = "local-deployments"
STOP_WAIT_S = 5.0


class LocalRecord(BaseModel):
    key: str
    url: str
    port: int
    pid: int
    pid_started: str | None
    app_dir: str
    owner_pid: int
    owner_started: str | None


def records_dir(home: Path) -> Path:
    return home / RECORDS_DIR


def process_started(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux ``/proc``); None where that is unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; the name before ")" may hold spaces


def is_same_process(pid: int, started: str | None) -> bool:
    """Whether ``pid`` is still the process that was recorded (alive, and not a newer one with its pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process: never ours to stop
    current = process_started(pid)
    return started is None or current is None or current == started


def _path(folder: Path, key: str) -> Path:
    return folder / (re.sub(r"[^\w.-]", "_", key) + ".json")


def write_record(folder: Path, record: LocalRecord) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _path(folder, record.key)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(record.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(path)


def remove_record(folder: Path, key: str, *, pid: int | None = None) -> None:
    """Forget ``key``'s record; with ``pid``, only if it still records that process (another process may have
    replaced this deployment, and its record, since)."""
    path = _path(folder, key)
    if pid is not None:
        try:
            if LocalRecord.model_validate_json(path.read_text(encoding="utf-8")).pid != pid:
                return
        except (OSError, ValueError):
            return
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def read_records(folder: Path) -> list[LocalRecord]:
    records = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            records.append(LocalRecord.model_validate(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, ValidationError):
            path.unlink(missing_ok=True)  # unreadable: a half-written record of a process we cannot identify
    return records


def stop_recorded(folder: Path, key: str) -> bool:
    """Stop the app recorded under ``key``, whichever process started it; True when one was running."""
    for record in read_records(folder):
        if record.key == key:
            stopped = terminate(record.pid, record.pid_started)
            remove_record(folder, key)
            return stopped
    return False


def stop_orphans(folder: Path, *, ending_owner: int | None = None) -> list[LocalRecord]:
    """Stop every recorded app whose owner is gone (it died without stopping it), and those of ``ending_owner``
    (a server shutting down); return what was stopped."""
    stopped = []
    for record in read_records(folder):
        if record.owner_pid != ending_owner and is_same_process(record.owner_pid, record.owner_started):
            continue  # its owner is alive and stops it itself (another server or CLI on this home)
        if terminate(record.pid, record.pid_started):
            stopped.append(record)
        remove_record(folder, record.key)
    return stopped


def terminate(pid: int, started: str | None, wait_s: float = STOP_WAIT_S) -> bool:
    """SIGTERM the app's process group (it runs in a session of its own), SIGKILL if it lingers."""
    if not is_same_process(pid, started):
        return False
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)  # polling: the process is not our child here, so there is nothing to wait() on
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    return True


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child, or it stays a zombie
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not _is_zombie(pid)  # a killed process that is not our child stays a zombie until its parent reaps it


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False

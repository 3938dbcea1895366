"""A scaled-out deployment on this machine for tests and the benchmark: ``nexusforge worker`` and
``nexusforge serve --api-only`` processes sharing one PostgreSQL database, one Redis key prefix and one home
folder (the shared artifact storage), every build's models being the ``tinywait`` plugin provider."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SOURCE = ROOT / "benchmarks" / "scale_provider"
AGENTS = ("spec", "design", "video", "coder", "optimizer")
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "correct-horse-battery-staple"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install_provider(target: Path) -> Path:
    """The tinywait plugin installed as a package would be (its entry point), into ``target`` for PYTHONPATH."""
    if not (target / "nexusforge_scale_provider").is_dir():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "--target",
                str(target),
                str(PROVIDER_SOURCE),
            ],
            check=True,
            capture_output=True,
        )
    return target


@dataclass
class Cluster:
    home: Path
    database_url: str
    redis_url: str
    redis_prefix: str
    plugins: Path
    wait_ms: int = 300
    lease_ttl_s: float = 8.0  # a loaded 2-core CI machine stalls event loops for seconds
    max_build_attempts: int = 3
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def call_log(self) -> Path:
        return self.home.parent / "tinywait-calls.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEXUSFORGE_") and k != "DATABASE_URL"}
        env.update(
            {
                "PYTHONPATH": os.pathsep.join([str(self.plugins), str(ROOT)]),
                "NEXUSFORGE_HOME": str(self.home),
                "NEXUSFORGE_DATABASE_URL": self.database_url,
                "NEXUSFORGE_REDIS_URL": self.redis_url,
                "NEXUSFORGE_REDIS_PREFIX": self.redis_prefix,
                "NEXUSFORGE_LEASE_TTL_S": str(self.lease_ttl_s),
                "NEXUSFORGE_LEASE_HEARTBEAT_S": str(self.lease_ttl_s / 3),
                "NEXUSFORGE_REAP_INTERVAL_S": "0.5",
                "NEXUSFORGE_DELIVERY_IDLE_S": "5",
                "NEXUSFORGE_MAX_BUILD_ATTEMPTS": str(self.max_build_attempts),
                "NEXUSFORGE_TINYWAIT_LOG": str(self.call_log),
                "NEXUSFORGE_ADMIN_EMAIL": ADMIN_EMAIL,
                "NEXUSFORGE_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "NEXUSFORGE_RATE_LIMIT_BUILD": "100000/hour",
                "NEXUSFORGE_INITIAL_CREDITS": "1000000",  # every build with a non-offline model costs a credit
                "NEXUSFORGE_RATE_LIMIT_BUILD_STATUS": "1000000/minute",
                "NEXUSFORGE_RATE_LIMIT_BUILDS_LIST": "100000/minute",
                "NEXUSFORGE_RATE_LIMIT_DEFAULT": "1000000/hour",
                "NEXUSFORGE_CHROMIUM": "/nonexistent",  # no browser tests: the app's own test only
                "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            }
        )
        env.update({f"NEXUSFORGE_MODEL_{agent.upper()}": f"tinywait:{self.wait_ms}" for agent in AGENTS})
        return env

    def _spawn(self, args: list[str], log_name: str, *, nice: int = 0) -> subprocess.Popen[bytes]:
        self.home.mkdir(parents=True, exist_ok=True)
        prefix = ["nice", "-n", str(nice)] if nice else []
        with (self.home.parent / log_name).open("ab") as log:
            proc = subprocess.Popen(
                [*prefix, sys.executable, "-m", "nexusforge_agents.cli", *args],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=bool(nice),  # its own scheduling group (below), as another machine would be
            )
        if nice:
            # With Linux autogroups (sched_autogroup_enabled=1) the CPU is shared equally between sessions whatever a
            # process's nice value: a niced process needs a session of its own whose group nice is lowered too.
            with contextlib.suppress(OSError):
                Path(f"/proc/{proc.pid}/autogroup").write_text(str(nice))
        self.processes.append(proc)
        return proc

    def worker(self, name: str, concurrency: int = 3, *, nice: int = 0) -> subprocess.Popen[bytes]:
        """``nice``: a lower CPU priority, in a session of its own (on one machine, so workers do not take the API's
        CPU, as they would not from another machine)."""
        args = ["worker", "--concurrency", str(concurrency), "--log-level", "info"]
        return self._spawn(args, f"worker-{name}.log", nice=nice)

    def api(self, name: str, timeout_s: float = 240, *, nice: int = 0) -> str:
        """``nexusforge serve --api-only`` on a free port; its base URL once /health answers. ``nice`` < 0 (root
        only): a higher CPU priority in a session of its own, standing in for an API on a machine of its own."""
        port = free_port()
        args = ["serve", "--api-only", "--port", str(port), "--log-level", "warning"]
        proc = self._spawn(args, f"api-{name}.log", nice=nice)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout_s
        while True:
            assert proc.poll() is None, self.log_tail(f"api-{name}.log")
            assert time.monotonic() < deadline, self.log_tail(f"api-{name}.log")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    return base
            time.sleep(0.2)

    def assert_running(self) -> None:
        """Every process started is still alive (a crash shows its log instead of a later timeout)."""
        for proc in self.processes:
            if proc.poll() is not None:
                name = next((a for a in proc.args if isinstance(a, str) and a in ("worker", "serve")), "process")
                raise AssertionError(f"a {name} process exited with {proc.returncode}:\n" + self.all_logs())

    def all_logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{self.log_tail(p.name)}" for p in sorted(self.home.parent.glob("*.log")))

    def log_tail(self, name: str) -> str:
        path = self.home.parent / name
        return path.read_text(errors="replace")[-4000:] if path.exists() else f"(no {name})"

    def spec_calls(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        if self.call_log.exists():
            for line in self.call_log.read_text().splitlines():
                capability, folder = line.split(" ", 1)
                if capability == "spec":
                    counts[folder] = counts.get(folder, 0) + 1
        return counts

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.processes.clear()

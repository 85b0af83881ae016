"""Database URLs of the run store: the default location, validation and safe display.

Two back-ends are supported, both through SQLAlchemy URLs:

* SQLite (the default): ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``, or
  ``sqlite://`` for a store in memory that lives as long as its :class:`~reeflow.storage.RunStore`;
* PostgreSQL with the psycopg 3 driver (extra ``reeflow[postgres]``):
  ``postgresql+psycopg://user:password@host:port/database``; ``postgresql://`` and
  ``postgres://`` are read as the same thing.

Without a URL the store uses the environment variable ``REEFLOW_DB`` when it is set, otherwise the
SQLite file ``runs.db`` in the user data directory (``platformdirs.user_data_dir("reeflow")``, e.g.
``~/.local/share/reeflow/runs.db`` on Linux). Passwords never appear in messages: they are shown
as ``***``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from reeflow.errors import InputError

__all__ = [
    "DB_ENV_VAR",
    "EXPECTED_FORMS",
    "default_database_url",
    "display_url",
    "parse_database_url",
    "sqlite_file",
]

DB_ENV_VAR = "REEFLOW_DB"
EXPECTED_FORMS = "sqlite:///path/to/runs.db or postgresql+psycopg://user@host:port/database"

_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@]*@")


def default_database_url() -> str:
    """Return the URL the run store uses when none is given.

    Returns
    -------
    str
        ``$REEFLOW_DB`` when that variable is set and not empty, else ``sqlite:///<user data
        directory>/runs.db``. Nothing is created here; the directory is made when the first run
        is recorded.
    """
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return from_env
    import platformdirs

    path = Path(platformdirs.user_data_dir("reeflow", appauthor=False)) / "runs.db"
    return f"sqlite:///{path.as_posix()}"


def display_url(url: str | URL) -> str:
    """Return ``url`` as text with any password replaced by ``***``."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return _PASSWORD_IN_URL.sub(r"\1***@", url)


def parse_database_url(url: str) -> URL:
    """Check a run-store URL and return it in the form SQLAlchemy connects with.

    Parameters
    ----------
    url : str
        A SQLite or PostgreSQL URL (see the module docstring).

    Returns
    -------
    sqlalchemy.engine.URL
        The URL with its driver made explicit (``postgresql://`` becomes ``postgresql+psycopg://``).

    Raises
    ------
    InputError
        When the text is not a URL, names another database or driver, or has an invalid port.
    """
    shown = display_url(url)
    text = url.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text.removeprefix("postgres://")
    try:
        parsed = make_url(text)
        port = parsed.port
    except (ArgumentError, ValueError) as exc:
        raise InputError(
            f"database URL {shown!r} is not a valid URL ({exc}); expected {EXPECTED_FORMS}"
        ) from None
    backend = parsed.get_backend_name()
    expected_driver = _DRIVERS.get(backend)
    if expected_driver is None:
        raise InputError(
            f"database URL {shown!r} names the unsupported database {backend!r}; "
            f"expected {EXPECTED_FORMS}"
        )
    if parsed.get_driver_name() != expected_driver:
        raise InputError(
            f"database URL {shown!r} names the driver {parsed.get_driver_name()!r}; "
            f"reeflow stores runs with {backend}+{expected_driver}: expected {EXPECTED_FORMS}"
        )
    if backend == "postgresql" and not parsed.database:
        raise InputError(
            f"database URL {shown!r} names no database; expected {EXPECTED_FORMS}"
        )
    if port is not None and not 0 < port < 65536:
        raise InputError(f"database URL {shown!r} has the port {port}, expected 1 to 65535")
    return parsed.set(drivername=f"{backend}+{expected_driver}")


def sqlite_file(url: URL) -> Path | None:
    """Return the file of a SQLite URL, or None for PostgreSQL and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)

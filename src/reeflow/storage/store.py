"""The run store: every ``reeflow run`` recorded in SQLite (default) or PostgreSQL.

A run is recorded with its scenario text and SHA-256, the reeflow version, the UTC time, the
converged flag, the overall element-balance closure and the whole results dict (JSON column); see
:mod:`reeflow.storage.models` for the schema and :mod:`reeflow.storage.urls` for the URLs.

Behaviour
---------
* The schema is created when the first run is recorded; the directories of a SQLite file are
  created then too. Reading a store that does not exist yet finds no runs and creates nothing.
* Every operation opens and closes its own connection (no pool), so a store object holds no file
  handle or server connection between calls; :meth:`RunStore.close` only matters for ``sqlite://``
  in memory.
* Failures of the database (unreachable server, unreadable file) raise
  :class:`~reeflow.errors.InputError` naming the URL without its password.

Example
-------
>>> from reeflow.storage import RunStore
>>> results = {"scenario": "demo", "converged": True, "balance": {"closure": 2e-12, "elements": {}},
...            "streams": {}, "products": {}, "warnings": []}
>>> with RunStore("sqlite://") as store:
...     run_id = store.record("demo", "name: demo\\n", results, version="0.1.0")
...     [(run.id, run.scenario_name, run.converged) for run in store.list()]
[(1, 'demo', True)]
"""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, StaticPool

from reeflow.errors import InputError
from reeflow.storage.diff import DEFAULT_ATOL, DEFAULT_RTOL, RunDiff, diff_runs
from reeflow.storage.models import SCHEMA_VERSION, Base, RunRecord, StoreFact
from reeflow.storage.records import SHORT_HASH_LENGTH, RunSummary, StoredRun
from reeflow.storage.results import json_safe, run_outcome
from reeflow.storage.urls import (
    DB_ENV_VAR,
    default_database_url,
    display_url,
    parse_database_url,
    sqlite_file,
)

__all__ = ["RunStore"]

_MAX_RUN_ID = 2**31 - 1  # INTEGER primary key on PostgreSQL
_MAX_NAME_LENGTH = 255


class RunStore:
    """Record, list, read and compare runs in one database.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL of the database; None uses :func:`~reeflow.storage.default_database_url`
        (``$REEFLOW_DB``, else ``runs.db`` in the user data directory).

    Attributes
    ----------
    url : str
        The URL as given, with its password shown as ``***``.

    Raises
    ------
    InputError
        When the URL is not a supported SQLite or PostgreSQL URL, or its driver is not installed.
    """

    def __init__(self, url: str | None = None) -> None:
        given = default_database_url() if url is None else url
        self._url = parse_database_url(given)
        self.url = display_url(given.strip())
        self._file = sqlite_file(self._url)
        self._engine = self._create_engine()
        self._schema_ready = False

    def _create_engine(self) -> Engine:
        in_memory = self._url.get_backend_name() == "sqlite" and self._file is None
        try:
            return create_engine(self._url, poolclass=StaticPool if in_memory else NullPool)
        except ImportError as exc:
            raise InputError(
                f"database URL {self.url!r} needs the {self._url.get_driver_name()} driver, "
                f"which is not installed ({exc}); install it with: pip install 'reeflow[postgres]'"
            ) from None

    def __repr__(self) -> str:
        return f"RunStore({self.url!r})"

    def __enter__(self) -> RunStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database engine (and the data of an in-memory store)."""
        self._engine.dispose()

    def record(
        self, scenario_name: str, scenario_text: str, results: Mapping[str, Any], *, version: str
    ) -> int:
        """Record one run and return its id.

        Parameters
        ----------
        scenario_name : str
            Name of the scenario (at most 255 characters).
        scenario_text : str
            The scenario file's text; its SHA-256 (UTF-8) is stored beside it.
        results : Mapping
            The results dict (``results.json`` contract); ``converged`` and ``balance.closure``
            are required. NaN and infinite numbers are stored as null.
        version : str
            reeflow version that produced the results.

        Returns
        -------
        int
            The new run's id.

        Raises
        ------
        InputError
            When the name or results do not fit the contract (nothing is written), or the
            database cannot be written.
        """
        if not scenario_name or len(scenario_name) > _MAX_NAME_LENGTH:
            raise InputError(
                f"scenario name {scenario_name!r} must have 1 to {_MAX_NAME_LENGTH} characters"
            )
        if not isinstance(results, Mapping):
            raise InputError(f"results is a {type(results).__name__}, expected a dict")
        safe_results = json_safe(results)
        converged, closure = run_outcome(safe_results)
        row = RunRecord(
            scenario_name=scenario_name,
            scenario_hash=hashlib.sha256(scenario_text.encode("utf-8")).hexdigest(),
            scenario_text=scenario_text,
            reeflow_version=version,
            created_at=datetime.now(UTC),
            converged=converged,
            closure=closure,
            results=safe_results,
        )
        with self._database_errors("written"):
            self._create_schema()
            with Session(self._engine) as session, session.begin():
                session.add(row)
                session.flush()
                return row.id

    def list(self, limit: int = 50) -> builtins.list[RunSummary]:
        """Return the most recent runs, newest first.

        Parameters
        ----------
        limit : int
            Largest number of runs returned (at least 1).
        """
        if limit < 1:
            raise InputError(f"limit is {limit}, expected a whole number of at least 1")
        columns = (
            RunRecord.id,
            RunRecord.scenario_name,
            RunRecord.scenario_hash,
            RunRecord.reeflow_version,
            RunRecord.created_at,
            RunRecord.converged,
            RunRecord.closure,
        )
        with self._database_errors("read"):
            if not self._exists():
                return []
            with Session(self._engine) as session:
                rows = session.execute(
                    select(*columns).order_by(RunRecord.id.desc()).limit(limit)
                ).all()
        return [
            RunSummary(
                id=row.id,
                scenario_name=row.scenario_name,
                scenario_hash=row.scenario_hash[:SHORT_HASH_LENGTH],
                version=row.reeflow_version,
                created_at=_as_utc(row.created_at),
                converged=row.converged,
                closure=row.closure,
            )
            for row in rows
        ]

    def get(self, run_id: int) -> StoredRun:
        """Return everything recorded about run ``run_id``.

        Raises
        ------
        InputError
            When no run has this id.
        """
        with self._database_errors("read"):
            row = None
            if self._exists() and 0 < run_id <= _MAX_RUN_ID:
                with Session(self._engine) as session:
                    row = session.get(RunRecord, run_id)
        if row is None:
            raise InputError(
                f"run {run_id} not found in {self.url}; `reeflow runs list` shows the recorded runs"
            )
        return StoredRun(
            id=row.id,
            scenario_name=row.scenario_name,
            scenario_hash=row.scenario_hash,
            version=row.reeflow_version,
            created_at=_as_utc(row.created_at),
            converged=row.converged,
            closure=row.closure,
            scenario_text=row.scenario_text,
            results=row.results,
        )

    def diff(
        self, id1: int, id2: int, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL
    ) -> RunDiff:
        """Compare run ``id2`` with run ``id1`` (see :mod:`reeflow.storage.diff`).

        Parameters
        ----------
        id1, id2 : int
            The reference run and the run compared with it.
        rtol, atol : float
            Relative tolerance and absolute tolerance (in each quantity's unit).
        """
        return diff_runs(self.get(id1), self.get(id2), rtol=rtol, atol=atol)

    def _exists(self) -> bool:
        """Whether the store has its table (of a schema this reeflow reads), without creating a
        SQLite file that is missing."""
        if self._schema_ready:
            return True
        if self._file is not None and not self._file.exists():
            return False
        if not inspect(self._engine).has_table(RunRecord.__tablename__):
            return False
        self._check_schema_version()
        return True

    def _create_schema(self) -> None:
        if self._schema_ready:
            return
        if self._file is not None:
            self._file.parent.mkdir(parents=True, exist_ok=True)
        self._check_schema_version()
        Base.metadata.create_all(self._engine)
        with Session(self._engine) as session, session.begin():
            if session.get(StoreFact, "schema_version") is None:  # new, or written before versioning (1)
                session.add(StoreFact(key="schema_version", value=str(SCHEMA_VERSION)))
        self._schema_ready = True

    def _check_schema_version(self) -> None:
        """Refuse a store whose schema is newer than this reeflow's (InputError naming both)."""
        if not inspect(self._engine).has_table(StoreFact.__tablename__):
            return  # a new store, or one written before versioning: schema 1
        with Session(self._engine) as session:
            fact = session.get(StoreFact, "schema_version")
        version = int(fact.value) if fact is not None else SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise InputError(
                f"run store {self.url} has schema version {version}, written by a newer reeflow; this reeflow "
                f"reads version {SCHEMA_VERSION}: upgrade reeflow, or record to another store with --db"
            )

    @contextmanager
    def _database_errors(self, action: str) -> Iterator[None]:
        """Turn database failures into an InputError naming the URL."""
        try:
            yield
        except DBAPIError as exc:
            reason = " ".join(str(exc.orig).split())
            raise InputError(
                f"run store {self.url} cannot be {action}: {reason}; check the URL "
                f"(--db or ${DB_ENV_VAR}) and that the database is reachable"
            ) from None
        except OSError as exc:
            raise InputError(f"run store {self.url} cannot be {action}: {exc}") from None


def _as_utc(moment: datetime) -> datetime:
    """Return ``moment`` as an aware UTC time (SQLite gives back naive UTC times)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

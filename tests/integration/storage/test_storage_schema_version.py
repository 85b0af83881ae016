"""The run store records its schema version and refuses a store of a newer schema, on SQLite and
PostgreSQL; a store written before versioning is read and then stamped as version 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from reeflow.errors import InputError
from reeflow.storage import RunStore
from reeflow.storage.models import SCHEMA_VERSION, Base, RunRecord, StoreFact

pytestmark = pytest.mark.integration

Results = Callable[..., dict[str, Any]]


def _facts(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return {f.key: f.value for f in session.scalars(select(StoreFact))}
    finally:
        engine.dispose()


def test_a_new_store_records_its_schema_version(store_url: str, results_factory: Results) -> None:
    with RunStore(store_url) as store:
        store.record("demo", "name: demo\n", results_factory(), version="0.1.0")
    assert _facts(store_url) == {"schema_version": str(SCHEMA_VERSION)}


def test_a_store_from_before_versioning_is_read_then_stamped(store_url: str, results_factory: Results) -> None:
    if store_url.startswith("sqlite:///"):
        Path(store_url.removeprefix("sqlite:///")).parent.mkdir(parents=True)
    engine = create_engine(store_url)
    Base.metadata.tables[RunRecord.__tablename__].create(engine)  # the runs table only
    engine.dispose()
    with RunStore(store_url) as store:
        assert store.list() == []
        store.record("demo", "name: demo\n", results_factory(), version="0.1.0")
        assert [run.scenario_name for run in store.list()] == ["demo"]
    assert _facts(store_url) == {"schema_version": "1"}


def test_a_newer_schema_is_refused_and_nothing_is_written(store_url: str, results_factory: Results) -> None:
    with RunStore(store_url) as store:
        store.record("demo", "name: demo\n", results_factory(), version="0.1.0")
    engine = create_engine(store_url)
    with Session(engine) as session, session.begin():
        session.get(StoreFact, "schema_version").value = str(SCHEMA_VERSION + 1)  # type: ignore[union-attr]
    engine.dispose()
    with RunStore(store_url) as store:
        with pytest.raises(InputError, match=f"schema version {SCHEMA_VERSION + 1}, written by a newer reeflow"):
            store.list()
        with pytest.raises(InputError, match="upgrade reeflow"):
            store.record("other", "name: other\n", results_factory(), version="0.1.0")
    engine = create_engine(store_url)
    with Session(engine) as session:
        assert session.scalars(select(RunRecord.scenario_name)).all() == ["demo"]
    engine.dispose()

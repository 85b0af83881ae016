"""The public names of reeflow.storage (the API that `reeflow run` and tools rely on)."""

from __future__ import annotations

import inspect

import pytest

import reeflow.storage

pytestmark = pytest.mark.unit


def test_public_names() -> None:
    assert sorted(reeflow.storage.__all__) == [
        "NumericDifference",
        "RunDiff",
        "RunStore",
        "RunSummary",
        "StoredRun",
        "default_database_url",
    ]
    assert all(hasattr(reeflow.storage, name) for name in reeflow.storage.__all__)


def test_run_store_signatures() -> None:
    store = reeflow.storage.RunStore
    assert str(inspect.signature(store.record)) == (
        "(self, scenario_name: 'str', scenario_text: 'str', results: 'Mapping[str, Any]', *, "
        "version: 'str') -> 'int'"
    )
    assert list(inspect.signature(store.list).parameters) == ["self", "limit"]
    assert inspect.signature(store.list).parameters["limit"].default == 50
    assert list(inspect.signature(store.get).parameters) == ["self", "run_id"]
    assert list(inspect.signature(store.diff).parameters)[:3] == ["self", "id1", "id2"]

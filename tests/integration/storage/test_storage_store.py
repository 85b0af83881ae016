"""RunStore round trips on SQLite and on a real PostgreSQL server (same test bodies)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reeflow.errors import InputError
from reeflow.storage import RunStore

pytestmark = pytest.mark.integration

xdg_only = pytest.mark.skipif(
    sys.platform != "linux", reason="platformdirs reads XDG_DATA_HOME on Linux only"
)

Results = Callable[..., dict[str, Any]]


def test_record_then_get_returns_what_was_recorded(
    store_url: str, results_factory: Results, scenario_text: str
) -> None:
    results = results_factory()
    before = datetime.now(UTC)
    with RunStore(store_url) as store:
        run_id = store.record("dong_pao_demo", scenario_text, results, version="0.1.0")
        run = store.get(run_id)
    after = datetime.now(UTC)

    assert isinstance(run_id, int)
    assert run.id == run_id
    assert run.scenario_name == "dong_pao_demo"
    assert run.scenario_text == scenario_text
    assert run.scenario_hash == hashlib.sha256(scenario_text.encode()).hexdigest()
    assert run.version == "0.1.0"
    assert run.converged is True
    assert run.closure == results["balance"]["closure"]
    assert run.results == results
    assert run.created_at.tzinfo is not None
    assert before.replace(microsecond=0) <= run.created_at <= after
    assert json.loads(json.dumps(run.to_dict()))["results"] == results


def test_list_is_newest_first_with_short_hashes_and_limit(
    store_url: str, results_factory: Results, scenario_text: str
) -> None:
    with RunStore(store_url) as store:
        assert store.list() == []
        ids = [
            store.record(f"case_{n}", scenario_text + f"# {n}\n", results_factory(), version="0.1.0")
            for n in range(3)
        ]
        runs = store.list()
        newest_two = store.list(limit=2)

    assert [run.id for run in runs] == ids[::-1]
    assert [run.scenario_name for run in runs] == ["case_2", "case_1", "case_0"]
    assert [run.id for run in newest_two] == ids[:0:-1]
    full_hash = hashlib.sha256((scenario_text + "# 0\n").encode()).hexdigest()
    assert runs[-1].scenario_hash == full_hash[:12]
    assert all(run.converged and run.closure == 3.2e-13 for run in runs)


def test_diff_finds_the_changed_recovery_and_scenario_line(
    store_url: str, results_factory: Results, scenario_text: str
) -> None:
    changed_text = scenario_text.replace("RE: 0.82", "RE: 0.78")
    base, changed = results_factory(), results_factory(recovery_factor=0.78 / 0.82)
    with RunStore(store_url) as store:
        first = store.record("dong_pao_demo", scenario_text, base, version="0.1.0")
        second = store.record("dong_pao_demo", changed_text, changed, version="0.1.1")
        comparison = store.diff(first, second)
        same = store.diff(first, first)

    assert "-  flotation: {type: component_splitter, recoveries: {RE: 0.82}}" in (
        comparison.scenario_diff
    )
    assert "+  flotation: {type: component_splitter, recoveries: {RE: 0.78}}" in (
        comparison.scenario_diff
    )
    found = {difference.quantity: difference for difference in comparison.differences}
    product_mass = found["products.mixed_oxide.mass_kg_per_h"]
    assert product_mass.unit == "kg/h"
    assert product_mass.run1 == base["products"]["mixed_oxide"]["mass_kg_per_h"]
    assert product_mass.run2 == changed["products"]["mixed_oxide"]["mass_kg_per_h"]
    assert product_mass.change is not None and product_mass.change < 0
    assert "products.mixed_oxide.REO_wt_pct" in found
    assert {"streams.tailings.mass_kg_per_h", "streams.leach_residue.mass_kg_per_h"} <= set(found)
    # The ore and acid feeds, the purity split and the closures are the same in both runs.
    assert not any(name.startswith(("streams.ore", "streams.acid")) for name in found)
    assert not any("relative_purity" in name or name.startswith("balance") for name in found)
    assert comparison.to_dict()["runs"][1]["version"] == "0.1.1"

    assert same.same_scenario and same.differences == ()


def test_unknown_run_id_is_an_input_error_naming_the_store(
    store_url: str, results_factory: Results, scenario_text: str
) -> None:
    with RunStore(store_url) as store:
        with pytest.raises(InputError, match=r"run 42 not found in .*`reeflow runs list`"):
            store.get(42)
        run_id = store.record("dong_pao_demo", scenario_text, results_factory(), version="0.1.0")
        with pytest.raises(InputError, match=rf"run {run_id + 1} not found"):
            store.diff(run_id, run_id + 1)
        with pytest.raises(InputError, match="run -1 not found"):
            store.get(-1)
        with pytest.raises(InputError, match=f"run {2**40} not found"):
            store.get(2**40)


def test_non_finite_numbers_and_numpy_values_are_stored_as_json(
    store_url: str, results_factory: Results, scenario_text: str
) -> None:
    results = results_factory(closure=math.nan)
    results["streams"]["ore"]["mass_kg_per_h"] = np.float64(math.inf)
    results["profile"] = np.array([1.0, 2.5])
    with RunStore(store_url) as store:
        stored = store.get(store.record("nan_case", scenario_text, results, version="0.1.0"))

    assert stored.closure is None
    assert stored.results["balance"]["closure"] is None
    assert stored.results["streams"]["ore"]["mass_kg_per_h"] is None
    assert stored.results["profile"] == [1.0, 2.5]


def test_results_outside_the_contract_are_refused_before_anything_is_written(
    store_url: str, results_factory: Results, scenario_text: str
) -> None:
    no_flag = results_factory()
    del no_flag["converged"]
    with RunStore(store_url) as store:
        with pytest.raises(InputError, match=r"results\.converged"):
            store.record("bad", scenario_text, no_flag, version="0.1.0")
        with pytest.raises(InputError, match=r"results\.streams\.ore\.source is a object"):
            bad_value = results_factory()
            bad_value["streams"]["ore"]["source"] = object()
            store.record("bad", scenario_text, bad_value, version="0.1.0")
        with pytest.raises(InputError, match="scenario name"):
            store.record("", scenario_text, results_factory(), version="0.1.0")
        assert store.list() == []


def test_reading_a_missing_sqlite_store_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "runs.db"
    with RunStore(f"sqlite:///{path}") as store:
        assert store.list() == []
        with pytest.raises(InputError, match="not found"):
            store.get(1)
    assert not (tmp_path / "not").exists()


def test_in_memory_sqlite_store_keeps_runs_while_open(
    results_factory: Results, scenario_text: str
) -> None:
    with RunStore("sqlite://") as store:
        run_id = store.record("memory", scenario_text, results_factory(), version="0.1.0")
        assert store.get(run_id).scenario_name == "memory"


@xdg_only
def test_default_store_is_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, results_factory: Results, scenario_text: str
) -> None:
    monkeypatch.delenv("REEFLOW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = RunStore()
    assert store.url == f"sqlite:///{tmp_path}/data/reeflow/runs.db"
    assert not (tmp_path / "data").exists()
    store.record("default", scenario_text, results_factory(), version="0.1.0")
    assert (tmp_path / "data" / "reeflow" / "runs.db").is_file()

    monkeypatch.setenv("REEFLOW_DB", f"sqlite:///{tmp_path}/env.db")
    assert RunStore().url == f"sqlite:///{tmp_path}/env.db"


def test_a_store_that_cannot_be_opened_is_an_input_error(tmp_path: Path) -> None:
    not_a_database = tmp_path / "runs.db"
    not_a_database.write_text("plain text, not SQLite")
    with pytest.raises(InputError, match=r"run store sqlite:///.*runs\.db cannot be read"):
        RunStore(f"sqlite:///{not_a_database}").list()

    unreachable = "postgresql+psycopg://reeflow:secret@127.0.0.1:1/runs"
    with pytest.raises(InputError, match=r"reeflow:\*\*\*@127\.0\.0\.1:1/runs") as caught:
        RunStore(unreachable).list()
    assert "secret" not in str(caught.value)

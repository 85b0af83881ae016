"""Comparison of runs and reading of the results contract, without a database."""

from __future__ import annotations

import doctest
import json
import math
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reeflow.storage.store
from reeflow.errors import InputError
from reeflow.storage import NumericDifference, StoredRun
from reeflow.storage.diff import diff_runs
from reeflow.storage.results import compared_quantities, json_safe, run_outcome

pytestmark = pytest.mark.unit


def results(
    *,
    product_kg_per_h: float = 1234.5,
    closure: float = 1e-13,
    streams: dict[str, float] | None = None,
) -> dict[str, Any]:
    """A small results dict: one product, two elements, the given stream mass flows (kg/h)."""
    stream_flows = {"ore": 50_000.0, "mixed_oxide": product_kg_per_h} if streams is None else streams
    return {
        "scenario": "unit_case",
        "converged": True,
        "balance": {
            "closure": closure,
            "elements": {
                "La": {"in_kg_per_h": 420.0, "out_kg_per_h": 420.0, "closure": closure},
                "Th": {"in_kg_per_h": 4.1, "out_kg_per_h": 4.1, "closure": 0.0},
            },
        },
        "streams": {
            name: {"source": None, "sink": None, "mass_kg_per_h": flow}
            for name, flow in stream_flows.items()
        },
        "products": {
            "mixed_oxide": {
                "mass_kg_per_h": product_kg_per_h,
                "REO_wt_pct": 92.4,
                "relative_purity": {"La2O3": 0.32, "CeO2": 0.53},
                "impurities_ppm": {"Th": 68.0},
            }
        },
        "warnings": [],
    }


def stored(run_id: int, data: dict[str, Any], text: str = "name: unit_case\n") -> StoredRun:
    return StoredRun(
        id=run_id,
        scenario_name="unit_case",
        scenario_hash="0" * 64,
        version="0.1.0",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        converged=True,
        closure=data["balance"]["closure"],
        scenario_text=text,
        results=data,
    )


def test_compared_quantities_cover_products_balance_and_streams_with_units() -> None:
    quantities = compared_quantities(results())
    assert quantities == {
        "products.mixed_oxide.mass_kg_per_h": (1234.5, "kg/h"),
        "products.mixed_oxide.REO_wt_pct": (92.4, "wt%"),
        "products.mixed_oxide.relative_purity.La2O3": (0.32, "fraction of TREO"),
        "products.mixed_oxide.relative_purity.CeO2": (0.53, "fraction of TREO"),
        "products.mixed_oxide.impurities_ppm.Th": (68.0, "ppm"),
        "balance.closure": (1e-13, "relative"),
        "balance.elements.La.closure": (1e-13, "relative"),
        "balance.elements.Th.closure": (0.0, "relative"),
        "streams.ore.mass_kg_per_h": (50_000.0, "kg/h"),
        "streams.mixed_oxide.mass_kg_per_h": (1234.5, "kg/h"),
    }


@pytest.mark.parametrize(
    ("relative_step", "reported"), [(0.5e-6, False), (0.99e-6, False), (2e-6, True), (0.1, True)]
)
def test_tolerance_boundary_on_a_product_mass(relative_step: float, reported: bool) -> None:
    changed = 1234.5 * (1 + relative_step)
    comparison = diff_runs(stored(1, results()), stored(2, results(product_kg_per_h=changed)))
    names = {difference.quantity for difference in comparison.differences}
    assert ("products.mixed_oxide.mass_kg_per_h" in names) is reported
    assert ("streams.mixed_oxide.mass_kg_per_h" in names) is reported


def test_closures_below_the_absolute_tolerance_count_as_equal() -> None:
    noise = diff_runs(stored(1, results(closure=1e-13)), stored(2, results(closure=6e-13)))
    assert noise.differences == ()
    worse = diff_runs(stored(1, results(closure=1e-13)), stored(2, results(closure=2e-9)))
    assert [d.quantity for d in worse.differences] == [
        "balance.closure",
        "balance.elements.La.closure",
    ]


def test_streams_only_in_one_run_are_differences_in_section_order() -> None:
    first = results(streams={"ore": 50_000.0, "recycle": 800.0})
    second = results(streams={"ore": 50_000.0, "bleed": 12.0}, product_kg_per_h=1000.0)
    comparison = diff_runs(stored(1, first), stored(2, second))
    assert [d.to_dict() for d in comparison.differences] == [
        {
            "quantity": "products.mixed_oxide.mass_kg_per_h",
            "unit": "kg/h",
            "run1": 1234.5,
            "run2": 1000.0,
            "change": -234.5,
            "relative_change": -234.5 / 1234.5,
        },
        {"quantity": "streams.recycle.mass_kg_per_h", "unit": "kg/h", "run1": 800.0,
         "run2": None, "change": None, "relative_change": None},
        {"quantity": "streams.bleed.mass_kg_per_h", "unit": "kg/h", "run1": None,
         "run2": 12.0, "change": None, "relative_change": None},
    ]  # fmt: skip


def test_relative_change_is_none_from_zero() -> None:
    difference = NumericDifference("products.p.impurities_ppm.U", "ppm", 0.0, 3.0)
    assert difference.change == 3.0
    assert difference.relative_change is None


def test_scenario_diff_is_unified_and_empty_for_the_same_text() -> None:
    base = stored(1, results(), "name: unit_case\nrate: 50 t/h\n")
    changed = stored(2, results(), "name: unit_case\nrate: 60 t/h\n")
    comparison = diff_runs(base, changed)
    assert comparison.scenario_diff.splitlines() == [
        "--- run 1 (unit_case)",
        "+++ run 2 (unit_case)",
        "@@ -1,2 +1,2 @@",
        " name: unit_case",
        "-rate: 50 t/h",
        "+rate: 60 t/h",
    ]
    assert not comparison.same_scenario
    assert diff_runs(base, base).same_scenario
    assert json.loads(json.dumps(comparison.to_dict()))["same_scenario"] is False


def test_json_safe_converts_numpy_and_non_finite_numbers() -> None:
    raw = {"a": (1, np.float64(2.5), np.int64(3)), "b": math.nan, "c": {"d": -math.inf, "e": True}}
    assert json_safe(raw) == {"a": [1, 2.5, 3], "b": None, "c": {"d": None, "e": True}}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"streams": {1: {}}}, r"results\.streams has the key 1 of type int"),
        ({"streams": {"s": {"flow": {1.0}}}}, r"results\.streams\.s\.flow is a set"),
    ],
)
def test_json_safe_names_the_path_of_what_json_cannot_hold(
    bad: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        json_safe(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"converged": "yes", "balance": {"closure": 0.0}}, r"results\.converged is 'yes'"),
        ({"converged": True}, r"results\.balance\.closure is missing"),
        ({"converged": True, "balance": {"closure": "small"}}, "closure is 'small'"),
    ],
)
def test_run_outcome_requires_the_contract(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        run_outcome(bad)


flows = st.floats(min_value=1e-6, max_value=1e7, allow_nan=False)
stream_flows = st.dictionaries(st.sampled_from(["ore", "leach", "cake", "oxide"]), flows, min_size=1)


@settings(max_examples=60, deadline=None)
@given(streams=stream_flows, product=flows)
def test_a_run_does_not_differ_from_itself(streams: dict[str, float], product: float) -> None:
    run = stored(1, results(streams=streams, product_kg_per_h=product))
    assert diff_runs(run, run).differences == ()


@settings(max_examples=60, deadline=None)
@given(
    first=stream_flows,
    second=stream_flows,
    product1=flows,
    product2=flows,
)
def test_diff_is_symmetric(
    first: dict[str, float], second: dict[str, float], product1: float, product2: float
) -> None:
    run1 = stored(1, results(streams=first, product_kg_per_h=product1))
    run2 = stored(2, results(streams=second, product_kg_per_h=product2))
    forward = {(d.quantity, d.run1, d.run2) for d in diff_runs(run1, run2).differences}
    backward = {(d.quantity, d.run2, d.run1) for d in diff_runs(run2, run1).differences}
    assert forward == backward


@settings(max_examples=60, deadline=None)
@given(
    streams=stream_flows,
    data=st.data(),
    factor=st.one_of(st.floats(1.00001, 10.0), st.floats(0.1, 0.99999)),
)
def test_a_changed_stream_is_the_only_difference(
    streams: dict[str, float], data: st.DataObject, factor: float
) -> None:
    name = data.draw(st.sampled_from(sorted(streams)))
    changed = streams | {name: streams[name] * factor}
    comparison = diff_runs(stored(1, results(streams=streams)), stored(2, results(streams=changed)))
    assert [(d.quantity, d.run1, d.run2) for d in comparison.differences] == [
        (f"streams.{name}.mass_kg_per_h", streams[name], changed[name])
    ]


def test_store_docstring_example_runs() -> None:
    outcome = doctest.testmod(reeflow.storage.store, optionflags=doctest.ELLIPSIS)
    assert outcome.attempted > 0
    assert outcome.failed == 0

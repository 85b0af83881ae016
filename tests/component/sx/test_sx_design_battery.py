"""Design of plain extraction batteries (``scrubbing: 0``, no scrub liquor) and of cascades with
nothing to split."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reeflow.errors import InputError
from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design

pytestmark = pytest.mark.component

Builder = Callable[..., dict[str, Any]]  # the la_ce fixture of tests/plugins/sx_cascades.py
#: The La/Ce case as a plain extraction battery: six stages, no scrubbing section, no scrub liquor.
BATTERY: dict[str, Any] = {"sections": {"extraction": 6, "scrubbing": 0}, "scrub": None}


@pytest.mark.parametrize("target", ["recovery:loaded_organic:Ce=0.99", "purity:raffinate:La=0.99"])
def test_a_battery_stays_a_battery_when_no_target_needs_scrubbing(la_ce: Builder, target: str) -> None:
    """Regression: the design added a 1-stage scrubbing section and a scrub liquor to the file."""
    result = design(load_cascade(la_ce(**BATTERY)), [target])
    assert result.cascade.scrubbing == 0 and result.cascade.scrub_flow == 0.0
    out = result.to_dict()
    assert out["scrub"] is None and out["sections"]["scrubbing"] == 0
    check = simulate(load_cascade(result.cascade.to_file_dict()))
    kind, outlet, rest = target.split(":")
    component, value = rest.split("=")
    split = check.split[component]
    assert split is not None
    achieved = check.purity[outlet][component] if kind == "purity" else split[outlet]
    assert achieved >= float(value) * (1 - 1e-12)
    # one extraction stage fewer misses the target at the same organic flow
    n = result.cascade.extraction - 1
    fewer = simulate(result.cascade.replace(extraction=n, feed_stage=n))
    fewer_split = fewer.split[component]
    assert fewer_split is not None
    short = fewer.purity[outlet][component] if kind == "purity" else fewer_split[outlet]
    assert short < float(value)


def test_a_purer_organic_product_adds_a_scrubbing_section(la_ce: Builder) -> None:
    result = design(load_cascade(la_ce(**BATTERY)), ["purity:loaded_organic:Ce=0.99", "purity:raffinate:La=0.99"])
    assert result.cascade.scrubbing >= 1 and result.cascade.scrub_flow > 0.0
    assert result.result.purity["loaded_organic"]["Ce"] >= 0.99


def test_a_single_component_has_nothing_to_split(la_ce: Builder) -> None:
    data = la_ce(**BATTERY, components=["Nd"], feed__concentration={"Nd": "0.1 mol/L"}, equilibrium__D={"Nd": 2.0})
    with pytest.raises(InputError, match=r"one component \(Nd\); simulate it"):
        design(load_cascade(data), ["recovery:loaded_organic:Nd=0.999"])

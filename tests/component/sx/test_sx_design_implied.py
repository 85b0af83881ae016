"""Targets that all pull one way: the design adds the other product's recovery the theory implies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design

pytestmark = pytest.mark.component

Builder = Callable[..., dict[str, Any]]  # the la_ce fixture of tests/plugins/sx_cascades.py


def recovery(result: Any, cascade: Any, outlet: str, component: str) -> float:
    i = cascade.components.index(component)
    return float(result.outlet_flows[outlet][i] / cascade.total_input()[i])


@pytest.mark.parametrize(
    ("targets", "outlet", "component"),
    [
        (("purity:raffinate:La=0.999", "recovery:loaded_organic:Ce=0.99"), "raffinate", "La"),
        (("purity:loaded_organic:Ce=0.999", "recovery:raffinate:La=0.99"), "loaded_organic", "Ce"),
    ],
)
def test_one_sided_targets_keep_both_products(la_ce: Builder, targets: tuple[str, str], outlet: str,
                                              component: str) -> None:
    cascade = load_cascade(la_ce())
    found = design(cascade, targets)
    (implied,) = found.implied_targets
    assert (implied.kind, implied.outlet, implied.component) == ("recovery", outlet, component)
    assert 0.9 < implied.value < 1.0
    confirmed = simulate(found.cascade)
    # the product no target held back still takes the theory's share of its key: without the
    # implied target, extracting (or scrubbing) everything met both targets with an empty product
    assert recovery(confirmed, found.cascade, outlet, component) >= implied.value
    for text, value in found.achieved.items():
        required = next(t.value for t in found.targets + found.implied_targets if t.text == text)
        assert value >= required
    assert set(found.to_dict()["implied_targets"]) == {implied.text}


def test_targets_pulling_both_ways_imply_nothing(la_ce: Builder) -> None:
    found = design(load_cascade(la_ce()), ["purity:raffinate:La=0.999", "purity:loaded_organic:Ce=0.999"])
    assert found.implied_targets == ()
    assert found.to_dict()["implied_targets"] == {}


def test_a_battery_keeps_its_one_sided_design(la_ce: Builder) -> None:
    battery = load_cascade(la_ce(sections__scrubbing=0, scrub=None))
    found = design(battery, ["purity:raffinate:La=0.99", "recovery:loaded_organic:Ce=0.9"])
    assert found.implied_targets == ()
    assert found.cascade.scrubbing == 0

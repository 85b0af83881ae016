"""Design of saponified mass-action circuits: the theory's organic loading and the early stop of
variants whose recycled organic saturates the extractant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reeflow.errors import ConvergenceError
from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design
from reeflow.unitops.sx.shortcut import feed_loading

pytestmark = pytest.mark.component

CIRCUIT = Path(__file__).resolve().parents[3] / "examples" / "sx" / "la_ce_p507_circuit.yaml"


def _circuit(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(CIRCUIT.read_text(encoding="utf-8"))
    for path, value in changes.items():
        block, key = path.split("__")
        data[block][key] = value
    return data


def test_theory_loading_of_a_saponified_organic_is_its_saponified_capacity() -> None:
    """At 0.15 mol/L feed acid the acid form of P507 alone loads a few per cent of what the 36 %
    saponified organic carries through the extraction section, s c(HA)/3 = 0.18 mol/L."""
    cascade = load_cascade(_circuit(feed__acidity="0.15 mol/L"))
    assert feed_loading(cascade) == pytest.approx(0.36 * 1500.0 / 3.0, rel=1e-12)  # mol/m³
    result = simulate(cascade)
    extraction = slice(0, cascade.extraction)
    assert result.organic[extraction].sum(axis=1) == pytest.approx(180.0, rel=0.05)


def test_saponified_design_at_a_strong_feed_acid_reports_flows_above_the_minimum() -> None:
    """Regression: with the loading taken at the feed's acidity the theory's minimum organic flow
    was 1608 L/min for a 1 L/min feed (designed flow 0.0045 x that minimum, 520 simulations)."""
    targets = ("purity:raffinate:La=0.999", "purity:strip_liquor:Ce=0.999")
    result = design(load_cascade(_circuit(feed__acidity="0.15 mol/L")), targets)
    assert 1.0 < result.flow_ratio["organic"] < 2.0
    check = simulate(load_cascade(result.cascade.to_file_dict()))
    assert check.purity["raffinate"]["La"] >= 0.999 * (1 - 1e-9)
    assert check.purity["strip_liquor"]["Ce"] >= 0.999 * (1 - 1e-9)


def test_a_saturated_recycle_stops_after_the_first_attempt_with_the_same_diagnosis() -> None:
    """The shipped circuit with 9 L/min of organic (1.3 times its own, still below the 9.6 L/min the
    feed and scrub can neutralise): the strip cannot carry the metal."""
    cascade = load_cascade(_circuit(organic__flow="9 L/min"))
    with pytest.raises(ConvergenceError) as full:
        simulate(cascade)
    with pytest.raises(ConvergenceError) as early:
        simulate(cascade, stop_saturated_recycle=True)
    assert early.value.diagnostics["iterations"] <= 61 < full.value.diagnostics["iterations"]
    for error in (full.value, early.value):
        assert "saturated at stage 1" in str(error)


@pytest.mark.parametrize("organic", ["6.94317 L/min", "5 L/min", "7.5 L/min"])
def test_the_early_stop_leaves_converged_circuits_unchanged(organic: str) -> None:
    cascade = load_cascade(_circuit(organic__flow=organic))
    plain = simulate(cascade)
    early = simulate(cascade, stop_saturated_recycle=True)
    assert early.iterations == plain.iterations
    assert (early.aqueous == plain.aqueous).all() and (early.organic == plain.organic).all()

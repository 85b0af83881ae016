"""Mass balance of every component closed to 1e-9 for all three equilibrium models and topologies."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.component

SYMBOLS = ["La", "Ce", "Pr", "Nd", "Sm", "Gd"]

LANGMUIR = {"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "11 L/mol", "Pr": "22 L/mol"}}
CONSTANT = {"model": "constant_distribution", "D": {"La": 0.4, "Ce": 2.2, "Pr": 4.0}}
MASS_ACTION = {"model": "mass_action", "K": {"La": 0.01, "Ce": 0.06, "Pr": 0.12}, "extractant": "1.0 mol/L", "saponification": 0.3}


def _case(equilibrium: dict[str, Any], stripping: int = 0, recycle: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "balance",
        "components": ["La", "Ce", "Pr"],
        "sections": {"extraction": 9, "scrubbing": 7, "stripping": stripping},
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.3 mol/L", "Ce": "0.4 mol/L", "Pr": "0.2 mol/L"}, "acidity": "0.05 mol/L"},
        "organic": {"flow": "3.5 L/min", "recycle": recycle},
        "scrub": {"flow": "0.4 L/min", "concentration": {"Pr": "0.05 mol/L"}, "acidity": "1.5 mol/L"},
        "equilibrium": equilibrium,
    }
    if stripping:
        strip_model = (
            {"model": "constant_distribution", "D": {"La": 0.005, "Ce": 0.02, "Pr": 0.04}}
            if equilibrium["model"] != "mass_action"
            else None
        )
        data["strip"] = {"flow": "0.8 L/min", "acidity": "4 mol/L"}
        if strip_model:
            data["strip"]["equilibrium"] = strip_model
    return data


@pytest.mark.parametrize("equilibrium", [CONSTANT, LANGMUIR, MASS_ACTION], ids=lambda e: e["model"])
@pytest.mark.parametrize(("stripping", "recycle"), [(0, False), (5, False), (5, True)])
def test_every_component_balance_closes(equilibrium: dict[str, Any], stripping: int, recycle: bool) -> None:
    cascade = load_cascade(_case(equilibrium, stripping, recycle))
    result = simulate(cascade)
    total_in = cascade.total_input()
    total_out = sum(result.outlet_flows.values())
    np.testing.assert_allclose(total_out, total_in, rtol=1e-9)
    assert result.balance_closure < 1e-9
    assert set(result.outlet_flows) == set(cascade.outlets)
    for symbol, split in result.split.items():
        assert split is not None
        assert sum(split.values()) == pytest.approx(1.0, abs=1e-9), symbol
        assert all(-1e-12 <= v <= 1 + 1e-12 for v in split.values())
    assert np.all(result.aqueous > 0) and np.all(result.organic > 0)


def test_mass_action_proton_balance_closes() -> None:
    """H⁺ is conserved: acid in + fresh-organic protons = acid out + loaded-organic protons."""
    cascade = load_cascade(_case(MASS_ACTION))
    result = simulate(cascade)
    assert result.acidity is not None and result.free_extractant is not None
    model = cascade.equilibrium
    protons_in = cascade.feed_flow * cascade.feed_acidity + cascade.scrub_flow * cascade.scrub_acidity
    protons_in += cascade.organic_flow * model.organic_inlet(cascade.organic_concentration)[-1]  # type: ignore[attr-defined]
    loaded = result.organic[-1]
    protons_out = result.outlet_volumes["raffinate"] * result.acidity[0]
    protons_out += cascade.organic_flow * (2 * result.free_extractant[-1] + 3 * loaded.sum())
    assert protons_out == pytest.approx(protons_in, rel=1e-9)
    extractant = result.free_extractant + 3 * result.organic.sum(axis=1)
    np.testing.assert_allclose(extractant, model.dimer_total, rtol=1e-10)  # type: ignore[attr-defined]


def test_component_without_input_is_exactly_zero() -> None:
    data = _case(LANGMUIR)
    data["feed"]["concentration"] = {"La": "0.3 mol/L", "Ce": "0.4 mol/L"}
    data["scrub"]["concentration"] = {}
    result = simulate(load_cascade(data))
    assert result.split["Pr"] is None
    assert np.all(result.aqueous[:, 2] == 0) and np.all(result.organic[:, 2] == 0)
    assert result.purity["raffinate"]["Pr"] == 0.0


@st.composite
def _random_cascades(draw: st.DrawFn) -> dict[str, Any]:
    n_c = draw(st.integers(1, 5))
    comps = SYMBOLS[:n_c]
    model = draw(st.sampled_from(["constant_distribution", "competitive_langmuir"]))
    extraction = draw(st.integers(1, 40))
    scrubbing = draw(st.integers(0, 40))
    stripping = draw(st.integers(0, 6))
    ratios = [draw(st.floats(1.2, 6.0)) for _ in comps]
    base = draw(st.floats(0.05, 3.0))
    values = list(np.cumprod([base] + ratios[1:]))
    equilibrium: dict[str, Any]
    if model == "constant_distribution":
        equilibrium = {"model": model, "D": dict(zip(comps, values, strict=True))}
    else:
        capacity = draw(st.floats(0.05, 0.4))
        equilibrium = {"model": model, "capacity": f"{capacity} mol/L", "K": {c: f"{v * 5} L/mol" for c, v in zip(comps, values, strict=True)}}
    data: dict[str, Any] = {
        "name": "random",
        "components": comps,
        "sections": {"extraction": extraction, "scrubbing": scrubbing, "stripping": stripping},
        "feed": {
            "flow": f"{draw(st.floats(0.2, 5.0))} L/min",
            "concentration": {c: f"{draw(st.just(0.0) | st.floats(1e-9, 1.0))} mol/L" for c in comps},
            "stage": draw(st.integers(1, extraction + scrubbing)),
        },
        "organic": {"flow": f"{draw(st.floats(0.2, 10.0))} L/min", "recycle": stripping > 0 and draw(st.booleans())},
        "scrub": {"flow": f"{draw(st.floats(0.02, 3.0))} L/min"},
        "equilibrium": equilibrium,
    }
    data["feed"]["concentration"][comps[0]] = "0.2 mol/L"
    if stripping:
        data["strip"] = {
            "flow": f"{draw(st.floats(0.2, 3.0))} L/min",
            "equilibrium": {"model": "constant_distribution", "D": {c: draw(st.floats(0.001, 0.3)) for c in comps}},
        }
    return data


@settings(max_examples=60, deadline=None)
@given(data=_random_cascades())
def test_random_feasible_cascades_close_and_split(data: dict[str, Any]) -> None:
    cascade = load_cascade(data)
    result = simulate(cascade)
    assert result.balance_closure < 1e-9
    for split in result.split.values():
        if split is None:
            continue
        assert all(-1e-12 <= v <= 1.0 + 1e-12 for v in split.values())
        assert sum(split.values()) == pytest.approx(1.0, abs=1e-9)
    for purity in result.purity.values():
        assert sum(purity.values()) == pytest.approx(1.0, abs=1e-12) or sum(purity.values()) == 0.0

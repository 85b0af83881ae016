"""Mass-action cascades with the shipped P507 constants: balances and the direction of acid effects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from reeflow.errors import ConvergenceError, ScenarioError
from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design

pytestmark = pytest.mark.component


def _la_ce(scrub_acid: str, saponification: float = 0.0, feed_acid: str = "0.01 mol/L") -> dict[str, Any]:
    return {
        "name": "La/Ce, mass action, P507-HCl",
        "components": ["La", "Ce"],
        "sections": {"extraction": 10, "scrubbing": 10},
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}, "acidity": feed_acid},
        "organic": {"flow": "3 L/min"},
        "scrub": {"flow": "0.3 L/min", "acidity": scrub_acid},
        "equilibrium": {"model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L", "saponification": saponification},
    }


def test_stronger_scrub_acid_returns_more_metal_to_the_raffinate() -> None:
    loaded = []
    for acid in ("0.5 mol/L", "1 mol/L", "2 mol/L", "4 mol/L"):
        result = simulate(load_cascade(_la_ce(acid)))
        assert result.balance_closure < 1e-9
        split = result.split["Ce"]
        assert split is not None
        loaded.append(split["loaded_organic"])
    assert loaded == sorted(loaded, reverse=True)


def test_profiles_obey_the_mass_action_law_and_extractant_balance() -> None:
    cascade = load_cascade(_la_ce("1 mol/L", saponification=0.1, feed_acid="0.5 mol/L"))
    result = simulate(cascade)
    assert result.acidity is not None and result.free_extractant is not None
    k = np.array([1.0e-6, 6.0e-6])  # p507_hcl La, Ce
    expected = k * result.aqueous * ((result.free_extractant / result.acidity) ** 3)[:, None]
    np.testing.assert_allclose(result.organic, expected, rtol=1e-10)
    np.testing.assert_allclose(result.free_extractant + 3 * result.organic.sum(axis=1), 750.0, rtol=1e-10)
    assert np.all(result.acidity > 0)


def test_mass_action_needs_a_constant_for_every_component() -> None:
    data = _la_ce("1 mol/L")
    data["components"] = ["La", "Fe"]
    data["feed"]["concentration"] = {"La": "0.5 mol/L", "Fe": "0.1 mol/L"}
    with pytest.raises(ScenarioError, match="equilibrium.K"):
        load_cascade(data)


@pytest.mark.parametrize("recycle", [False, True])
def test_saponified_circuit_with_stripping_converges_and_closes(recycle: bool) -> None:
    data = _la_ce("1 mol/L", saponification=0.36)
    data["sections"]["stripping"] = 5
    data["strip"] = {"flow": "0.5 L/min", "acidity": "5 mol/L"}
    data["organic"]["recycle"] = recycle
    result = simulate(load_cascade(data))
    assert result.balance_closure < 1e-9
    split = result.split["Ce"]
    assert split is not None and split["strip_liquor"] > 0.5  # saponified P507 carries Ce to the strip liquor
    purity = result.purity["strip_liquor"]["Ce"]
    assert purity > result.purity["raffinate"]["Ce"]


def test_p204_heavy_rare_earths_follow_the_extraction_order() -> None:
    data = {
        "name": "Dy/Ho/Y, mass action, P204-HCl",
        "components": ["Dy", "Ho", "Y"],
        "sections": {"extraction": 10, "scrubbing": 10},
        "feed": {"flow": "1 L/min", "concentration": {"Dy": "0.1 mol/L", "Ho": "0.1 mol/L", "Y": "0.3 mol/L"}, "acidity": "1 mol/L"},
        "organic": {"flow": "2 L/min"},
        "scrub": {"flow": "0.3 L/min", "acidity": "3 mol/L"},
        "equilibrium": {"model": "mass_action", "system": "p204_hcl", "extractant": "1.0 mol/L"},
    }
    result = simulate(load_cascade(data))
    assert result.balance_closure < 1e-9
    loaded = [result.split[s]["loaded_organic"] for s in ("Dy", "Ho", "Y")]  # type: ignore[index]
    assert loaded == sorted(loaded)


CIRCUIT = Path(__file__).resolve().parents[3] / "examples" / "sx" / "la_ce_p507_circuit.yaml"


def test_an_organic_flow_the_strip_cannot_carry_is_diagnosed_as_saturation() -> None:
    """Shipped circuit with the organic flow raised from 6.94 to 9 L/min at a fixed strip acid (below
    the 9.6 L/min the feed and scrub can neutralise, test_sx_feasibility): the recycled organic
    returns loaded and saturates stage 1; the error says so."""
    data = yaml.safe_load(CIRCUIT.read_text())
    data["organic"]["flow"] = "9 L/min"
    with pytest.raises(ConvergenceError, match=r"saturated at stage 1 .*recycled organic brings"):
        simulate(load_cascade(data))


def test_saponified_circuit_with_acid_scrub_strip_and_recycle_is_designed() -> None:
    """The shipped circuit: the organic-flow search meets flows the strip acid cannot carry (no
    steady state the solver reaches) and designs around them."""
    targets = ("purity:raffinate:La=0.9999", "purity:strip_liquor:Ce=0.9999")
    result = design(load_cascade(CIRCUIT), targets)
    check = simulate(load_cascade(result.cascade.to_file_dict()))
    assert check.balance_closure < 1e-9
    assert check.purity["raffinate"]["La"] >= 0.9999 * (1 - 1e-9)
    assert check.purity["strip_liquor"]["Ce"] >= 0.9999 * (1 - 1e-9)
    assert result.cascade.stripping == 6 and result.cascade.recycle

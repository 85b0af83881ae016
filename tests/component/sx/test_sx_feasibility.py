"""Saponified mass-action cascades: the site balance that decides whether a steady state exists.

Regression: a saponified organic bringing more Na+/NH4+ sites than the feed and scrub could fill
ran 401 iterations and was reported as a saturated recycle ("strip more"), which cannot help.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import ConvergenceError
from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.component

CIRCUIT = Path(__file__).resolve().parents[3] / "examples" / "sx" / "la_ce_p507_circuit.yaml"


def _site_balance(data: dict[str, Any]) -> tuple[float, float]:
    """Na+/NH4+ sites the organic brings and H+ + 3 RE the feed and scrub bring, mol/min, from the
    file's own numbers (flows in L/min, concentrations in mol/L)."""

    def number(text: str) -> float:
        return float(text.split()[0])

    feed, scrub, eq = data["feed"], data["scrub"], data["equilibrium"]
    sites = number(data["organic"]["flow"]) * number(eq["extractant"]) * eq["saponification"]
    supply = number(feed["flow"]) * (
        number(feed["acidity"]) + 3 * sum(number(c) for c in feed["concentration"].values())
    )
    supply += number(scrub["flow"]) * (
        number(scrub["acidity"]) + 3 * sum(number(c) for c in scrub.get("concentration", {}).values())
    )
    return sites, supply


def test_circuit_whose_saponification_outruns_the_feed_and_scrub_is_refused_at_once() -> None:
    data = yaml.safe_load(CIRCUIT.read_text(encoding="utf-8"))
    data["organic"]["flow"] = "10 L/min"
    sites, supply = _site_balance(data)
    assert sites > supply
    remedy = r"no steady state.*lower organic\.flow or equilibrium\.saponification"
    with pytest.raises(ConvergenceError, match=remedy) as error:
        simulate(load_cascade(data))
    diagnostics = error.value.diagnostics  # mol/s; the file's mol/L x L/min is mol/min
    assert diagnostics["saponified_sites_mol_s"] * 60.0 == pytest.approx(sites, rel=1e-12)
    assert diagnostics["acid_and_metal_supply_mol_s"] * 60.0 == pytest.approx(supply, rel=1e-12)


def _battery(organic: float, saponification: float, feed_acid: float, scrub_acid: float) -> dict[str, Any]:
    return {
        "name": "La/Ce/Nd, saponified P507",
        "components": ["La", "Ce", "Nd"],
        "sections": {"extraction": 5, "scrubbing": 3},
        "feed": {
            "flow": "1 L/min",
            "concentration": {"La": "0.2 mol/L", "Ce": "0.15 mol/L", "Nd": "0.05 mol/L"},
            "acidity": f"{feed_acid} mol/L",
        },
        "organic": {"flow": f"{organic} L/min"},
        "scrub": {"flow": "0.3 L/min", "acidity": f"{scrub_acid} mol/L"},
        "equilibrium": {
            "model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L", "saponification": saponification,
        },
    }


@settings(max_examples=25, deadline=None)
@given(
    organic=st.floats(0.5, 4.0),
    saponification=st.floats(0.0, 0.45),
    feed_acid=st.floats(0.01, 0.3),
    scrub_acid=st.floats(0.5, 3.0),
)
def test_raffinate_carries_what_the_saponified_sites_leave_of_the_feed_and_scrub(
    organic: float, saponification: float, feed_acid: float, scrub_acid: float
) -> None:
    """A_1 (h_1 + 3 sum x_1) = F (h_F + 3 sum c_F) + S (h_S + 3 sum c_S) - O c_HA s; a case refused has
    that right-hand side zero or negative."""
    data = _battery(organic, saponification, feed_acid, scrub_acid)
    sites, supply = _site_balance(data)
    try:
        result = simulate(load_cascade(data))
    except ConvergenceError as error:
        assert sites >= supply, str(error)
        return
    assert sites < supply
    assert result.acidity is not None
    raffinate = 1.3 * (result.acidity[0] + 3.0 * float(np.sum(result.aqueous[0]))) / 1000.0  # mol/min
    assert raffinate == pytest.approx(supply - sites, rel=1e-8)

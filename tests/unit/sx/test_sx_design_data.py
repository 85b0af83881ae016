"""The separation-factor data file and the shipped SX examples that use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reeflow.data import load_yaml
from reeflow.unitops.sx import load_cascade

pytestmark = pytest.mark.unit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "sx"


def entries() -> list[tuple[str, dict[str, Any]]]:
    data = load_yaml("sx_separation_factors.yaml")
    out = [(f"{system}/{pair}", entry) for system, pairs in data["separation_factors"].items() for pair, entry in pairs.items()]
    out += [(f"capacity/{name}", entry) for name, entry in data["capacities"].items()]
    return out


@pytest.mark.parametrize(("name", "entry"), entries())
def test_every_number_says_where_it_comes_from(name: str, entry: dict[str, Any]) -> None:
    sources = load_yaml("sx_separation_factors.yaml")["sources"]
    assert entry["value"] > 0
    assert entry["status"] in ("literature", "derived", "assumed")
    assert entry["source"] in sources
    if entry["status"] == "assumed":
        assert entry["assumed"].strip()
    if entry["status"] == "derived":
        assert entry["derivation"].strip()


@pytest.mark.parametrize(("example", "pair", "light", "heavy"), [
    ("la_ce_p507.yaml", "Ce/La", "La", "Ce"),
    ("pr_nd_p507.yaml", "Nd/Pr", "Pr", "Nd"),
])
def test_examples_use_the_cited_separation_factor_and_capacity(example: str, pair: str, light: str, heavy: str) -> None:
    data = load_yaml("sx_separation_factors.yaml")
    cascade = load_cascade(EXAMPLES / example)
    model = cascade.equilibrium
    k = dict(zip(cascade.components, model.K))  # type: ignore[attr-defined]
    assert k[heavy] / k[light] == pytest.approx(data["separation_factors"]["P507-HCl"][pair]["value"], rel=1e-12)
    capacity_mol_per_l = model.capacity / 1000.0  # type: ignore[attr-defined]
    assert capacity_mol_per_l == pytest.approx(data["capacities"]["P507-saponified"]["value"], rel=1e-12)
    assert "sx_separation_factors.yaml" in (EXAMPLES / example).read_text()


def test_capacity_derivation_matches_its_stated_inputs() -> None:
    """Q = c(HA) · s / 3 with c(HA) = 1.5 mol/L and s = 0.36."""
    assert load_yaml("sx_separation_factors.yaml")["capacities"]["P507-saponified"]["value"] == pytest.approx(1.5 * 0.36 / 3)

"""Shipped mass-action constants: every element La–Lu and Y, each K with its basis and provenance."""

from __future__ import annotations

import pytest

from reeflow.data import load_yaml
from reeflow.errors import DataError
from reeflow.unitops.sx import extractant_constants, extractant_systems

pytestmark = pytest.mark.unit

ELEMENTS = ["La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Y"]


@pytest.mark.parametrize("system", ["p507_hcl", "p204_hcl"])
def test_every_rare_earth_has_a_sourced_or_labelled_constant(system: str) -> None:
    data = load_yaml(f"extractants/{system}.yaml")
    assert data["sources"]
    for symbol in ELEMENTS:
        entry = data["constants"][symbol]
        assert entry["K"] > 0
        assert entry["basis"] in {"measured", "fitted", "derived", "assumed"}
        reason = {"measured": "source", "fitted": "source", "derived": "derivation", "assumed": "assumed"}[entry["basis"]]
        assert entry[reason], symbol
        factor = entry.get("separation_factor")
        if factor is not None:
            assert factor["basis"] in {"literature", "assumed"}
            assert factor.get("source") or factor.get("assumed")


@pytest.mark.parametrize("system", ["p507_hcl", "p204_hcl"])
def test_constants_follow_the_extraction_order(system: str) -> None:
    data = load_yaml(f"extractants/{system}.yaml")
    constants = extractant_constants(system)
    values = [constants[symbol] for symbol in data["extraction_order"]]
    assert values == sorted(values)
    assert set(constants) == set(ELEMENTS)


def test_derived_constants_match_their_stated_separation_factors() -> None:
    data = load_yaml("extractants/p507_hcl.yaml")
    order = data["extraction_order"]
    for previous, current in zip(order, order[1:], strict=False):
        factor = data["constants"][current]["separation_factor"]["value"]
        ratio = data["constants"][current]["K"] / data["constants"][previous]["K"]
        assert ratio == pytest.approx(factor, rel=2e-3), current
    assert data["constants"]["Nd"]["separation_factor"]["basis"] == "literature"


def test_unknown_system_names_the_shipped_ones() -> None:
    assert set(extractant_systems()) >= {"p507_hcl", "p204_hcl"}
    with pytest.raises(DataError, match="p507_hcl"):
        extractant_constants("p999_hno3")

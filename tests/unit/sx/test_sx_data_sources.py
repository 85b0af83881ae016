"""One source of truth for P507 separation factors, and literature labels that name a source."""

from __future__ import annotations

import pytest

from reeflow.data import load_yaml

pytestmark = pytest.mark.unit


def _neighbour_pairs() -> list[tuple[str, str]]:
    order = load_yaml("extractants/p507_hcl.yaml")["extraction_order"]
    return list(zip(order, order[1:], strict=False))


@pytest.mark.parametrize("pair", sorted(load_yaml("sx_separation_factors.yaml")["separation_factors"]["P507-HCl"]))
def test_example_factors_equal_the_mass_action_neighbour_ratios(pair: str) -> None:
    """Every P507 factor of sx_separation_factors.yaml is the same number, with the same status,
    as the neighbour ratio of the mass-action constants in extractants/p507_hcl.yaml."""
    heavy, light = pair.split("/")
    entry = load_yaml("sx_separation_factors.yaml")["separation_factors"]["P507-HCl"][pair]
    assert (light, heavy) in _neighbour_pairs()
    constant = load_yaml("extractants/p507_hcl.yaml")["constants"][heavy]["separation_factor"]
    assert constant["value"] == entry["value"]
    assert constant["basis"] == entry["status"]


@pytest.mark.parametrize("system", ["p507_hcl", "p204_hcl"])
def test_literature_factors_cite_a_listed_source(system: str) -> None:
    data = load_yaml(f"extractants/{system}.yaml")
    for symbol, entry in data["constants"].items():
        factor = entry.get("separation_factor")
        if factor is not None and factor["basis"] == "literature":
            key = factor["source"].split(":")[0].strip()
            assert key in data["sources"], (symbol, key)


def test_p507_literature_factors_are_the_ones_read_at_their_sources() -> None:
    constants = load_yaml("extractants/p507_hcl.yaml")["constants"]
    literature = {s: e["separation_factor"]["value"] for s, e in constants.items()
                  if e.get("separation_factor", {}).get("basis") == "literature"}
    assert literature == {"Pr": 2.28, "Nd": 1.4}

"""elements.yaml: H to U complete, and atomic weights spot-checked against IUPAC/CIAAW 2021."""

from __future__ import annotations

import pytest

from reeflow.data import load_yaml
from reeflow.species import atomic_weight, elements

pytestmark = pytest.mark.unit

# Abridged standard atomic weights, IUPAC/CIAAW 2021 (Prohaska et al., Pure Appl. Chem. 94 (2022)
# 573, doi:10.1515/pac-2019-0603, Table 2), typed here independently of the data file.
CIAAW_2021 = {
    "H": 1.0080, "C": 12.011, "N": 14.007, "O": 15.999, "F": 18.998, "Na": 22.990, "P": 30.974, "S": 32.06,
    "Cl": 35.45, "Ca": 40.078, "Fe": 55.845, "Ni": 58.693, "Y": 88.906, "Ba": 137.33, "La": 138.91,
    "Ce": 140.12, "Pr": 140.91, "Nd": 144.24, "Sm": 150.36, "Eu": 151.96, "Gd": 157.25, "Tb": 158.93,
    "Dy": 162.50, "Er": 167.26, "Yb": 173.05, "Lu": 174.97, "Pb": 207.2, "Bi": 208.98, "Th": 232.04,
    "Pa": 231.04, "U": 238.03,
}
# Elements without a standard atomic weight: mass number of the isotope used instead.
NO_STANDARD_WEIGHT = {"Tc": 97, "Pm": 145, "Po": 209, "At": 210, "Rn": 222, "Fr": 223, "Ra": 226, "Ac": 227}


def test_h_to_u_complete_in_order() -> None:
    table = elements()
    assert [e.Z for e in table.values()] == list(range(1, 93))
    assert next(iter(table)) == "H" and list(table)[-1] == "U"


def test_symbols_and_names_unique() -> None:
    table = elements()
    assert len({e.name for e in table.values()}) == 92
    assert all(sym == e.symbol for sym, e in table.items())


@pytest.mark.parametrize(("symbol", "weight"), sorted(CIAAW_2021.items()))
def test_atomic_weight_matches_ciaaw(symbol: str, weight: float) -> None:
    assert atomic_weight(symbol) == pytest.approx(weight, abs=1e-9)


@pytest.mark.parametrize(("symbol", "mass_number"), sorted(NO_STANDARD_WEIGHT.items()))
def test_elements_without_standard_weight_are_assumed(symbol: str, mass_number: int) -> None:
    row = load_yaml("elements.yaml")["elements"][symbol]
    assert row["atomic_weight"] == mass_number
    assert "assumed" in row and "source" not in row


def test_elements_with_standard_weight_cite_ciaaw() -> None:
    rows = load_yaml("elements.yaml")["elements"]
    cited = {sym for sym, row in rows.items() if row.get("source") == "ciaaw2021"}
    assert cited == set(rows) - set(NO_STANDARD_WEIGHT)


def test_atomic_weights_increase_with_z_except_known_inversions() -> None:
    # Ar/K, Co/Ni, Te/I and Th/Pa are the classic inversions of the periodic table
    table = list(elements().values())
    inversions = {(a.symbol, b.symbol) for a, b in zip(table, table[1:]) if b.atomic_weight < a.atomic_weight}
    assert inversions == {("Ar", "K"), ("Co", "Ni"), ("Te", "I"), ("Th", "Pa")}

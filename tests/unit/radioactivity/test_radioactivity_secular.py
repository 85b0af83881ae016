"""Radium in secular equilibrium: each isotope carries its series head's activity in the ore."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.radioactivity import (
    ore_with_radium,
    radium_activities,
    radium_isotope_fractions,
    secular_radium,
    specific_activity,
)
from reeflow.species import atomic_weight, default_database

pytestmark = pytest.mark.unit

DB = default_database()


@settings(max_examples=50, deadline=None)
@given(uranium=st.floats(1e-9, 1.0), thorium=st.floats(1e-9, 1.0))
def test_radium_activity_equals_its_parents(uranium: float, thorium: float) -> None:
    """mol U and mol Th → Bq of U-238 and Th-232; the secular radium has the same Bq per isotope."""
    moles = {"U": uranium, "Th": thorium}
    fractions = radium_isotope_fractions(moles)
    assert fractions is not None and sum(fractions.values()) == pytest.approx(1.0)
    radium_kg = sum(secular_radium(moles).values()) * atomic_weight("Ra") / 1000.0
    per_kg = {n.name: n.specific_activity for n in radium_activities(fractions)}
    parent_bq = {
        "Ra226": uranium * atomic_weight("U") / 1000.0 * specific_activity("U238"),
        "Ra228": thorium * atomic_weight("Th") / 1000.0 * specific_activity("Th232"),
    }
    for nuclide, bq in parent_bq.items():
        assert radium_kg * per_kg[nuclide] == pytest.approx(bq, rel=1e-12)


def test_no_radium_without_uranium_and_thorium() -> None:
    assert radium_isotope_fractions({"U": 0.0, "Th": 0.0}) is None
    assert ore_with_radium({"SiO2": 1.0}, DB, "RaSO4") == {"SiO2": 1.0}


def test_ore_gains_its_radium_as_the_carrier_and_stays_normalised() -> None:
    mineralogy = {"UO2": 0.01, "SiO2": 0.99}
    with_radium = ore_with_radium(mineralogy, DB, "RaSO4")
    assert sum(with_radium.values()) == pytest.approx(1.0, abs=1e-15)
    uranium_mol = 0.01 / DB["UO2"].molar_mass
    expected = secular_radium({"U": uranium_mol})["Ra226"] * DB["RaSO4"].molar_mass
    assert with_radium["RaSO4"] == pytest.approx(expected / (1.0 + expected), rel=1e-12)

"""Progeny in secular equilibrium: each followed member carries its series head's activity in the ore."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.radioactivity import (
    ore_with_radium,
    progeny,
    progeny_activities,
    progeny_fractions,
    secular_progeny,
    specific_activity,
)
from reeflow.species import atomic_weight, default_database

pytestmark = pytest.mark.unit

DB = default_database()
HEAD = {"U": "U238", "Th": "Th232"}


@settings(max_examples=50, deadline=None)
@given(uranium=st.floats(1e-9, 1.0), thorium=st.floats(1e-9, 1.0))
def test_progeny_activity_equals_its_head(uranium: float, thorium: float) -> None:
    """mol U and mol Th → Bq of U-238 and Th-232; every followed progeny in the ore has the same Bq as
    its head (radium as the secular amount, thorium and uranium isotopes within the ore's Th and U)."""
    moles = {"U": uranium, "Th": thorium}
    fractions = progeny_fractions(moles)
    assert fractions is not None and set(fractions) == {m.name for m in progeny()}
    element_kg = {"U": uranium * atomic_weight("U") / 1000.0, "Th": thorium * atomic_weight("Th") / 1000.0,
                  "Ra": sum(secular_progeny(moles)[m.name] for m in progeny() if m.element == "Ra")
                  * atomic_weight("Ra") / 1000.0}
    per_kg = {n.name: n.specific_activity for n in progeny_activities(fractions)}
    for member in progeny():
        head_bq = element_kg[member.parent_element] * specific_activity(HEAD[member.parent_element])
        assert element_kg[member.element] * per_kg[member.name] == pytest.approx(head_bq, rel=1e-12)
    radium = [m.name for m in progeny() if m.element == "Ra"]
    assert sum(fractions[name] for name in radium) == pytest.approx(1.0)


def test_secular_uranium_234_is_the_natural_abundance() -> None:
    """Natural uranium is in secular equilibrium: U-234 is 0.0054(5) % of it (Meija et al., Pure Appl.
    Chem. 88 (2016) 293, the abundance table of data/nuclides.yaml's ciaaw_iso)."""
    fractions = progeny_fractions({"U": 1.0, "Th": 0.0})
    assert fractions is not None
    assert fractions["U234"] == pytest.approx(5.4e-5, abs=0.5e-5)


def test_thorium_230_follows_the_ores_uranium_to_thorium_ratio() -> None:
    """Th-230 is U-238 progeny but thorium: its share of the thorium scales with n(U)/n(Th)."""
    low = progeny_fractions({"U": 0.01, "Th": 1.0})
    high = progeny_fractions({"U": 0.1, "Th": 1.0})
    assert low is not None and high is not None
    assert high["Th230"] / low["Th230"] == pytest.approx(10.0, rel=1e-12)
    assert high["Th228"] == pytest.approx(low["Th228"], rel=1e-12)


def test_no_radium_without_uranium_and_thorium() -> None:
    assert progeny_fractions({"U": 0.0, "Th": 0.0}) is None
    assert ore_with_radium({"SiO2": 1.0}, DB, "RaSO4") == {"SiO2": 1.0}


def test_ore_gains_its_radium_as_the_carrier_and_stays_normalised() -> None:
    mineralogy = {"UO2": 0.01, "SiO2": 0.99}
    with_radium = ore_with_radium(mineralogy, DB, "RaSO4")
    assert sum(with_radium.values()) == pytest.approx(1.0, abs=1e-15)
    uranium_mol = 0.01 / DB["UO2"].molar_mass
    expected = secular_progeny({"U": uranium_mol})["Ra226"] * DB["RaSO4"].molar_mass
    assert with_radium["RaSO4"] == pytest.approx(expected / (1.0 + expected), rel=1e-12)

"""Unit operations: conservation on random inlets, model equations, and parameter errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import ScenarioError
from reeflow.species import default_database
from reeflow.streams import Stream, element_balance
from reeflow.unitops import ComponentSplitter, Mixer, SolidLiquidSeparator, Splitter, StoichiometricReactor

pytestmark = pytest.mark.component

DB = default_database()
BAKE = {
    "reactions": [
        {"equation": "2 {RE}CO3F + 3 H2SO4(aq) -> {RE}2(SO4)3(aq) + 2 HF(g) + 2 CO2(g) + 2 H2O",
         "for_each": ["La", "Ce", "Nd"], "conversion": 0.95},
        {"equation": "CaF2 + H2SO4(aq) -> CaSO4 + 2 HF(g)", "conversion": "90 %"},
    ],
    "gas_outlet": True,
}

amounts = st.floats(0.0, 10.0, allow_subnormal=False)


def ore(la: float, ce: float, caf2: float, acid: float, water: float) -> Stream:
    return Stream.from_mass_flows("in", DB, {"LaCO3F": la, "CeCO3F": ce, "CaF2": caf2, "H2SO4(aq)": acid,
                                            "H2O": water, "SiO2": 1.0})


@given(amounts, amounts, amounts, amounts, amounts)
@settings(max_examples=60, deadline=None)
def test_reactor_conserves_elements_for_any_feed(la, ce, caf2, acid, water) -> None:
    unit = StoichiometricReactor("bake", BAKE, DB)
    feed = ore(la, ce, caf2, acid, water)
    out = unit.run([feed])
    assert element_balance([feed], out.values()).closure <= 1e-12
    assert all(np.all(s.molar_flows >= 0) for s in out.values())
    assert out["off_gas"].phase_mass_flows()["solid"] == 0.0


def test_reactor_extent_follows_conversion_of_the_key_reactant() -> None:
    unit = StoichiometricReactor("bake", BAKE, DB)
    feed = ore(1.0, 0.0, 0.0, 10.0, 1.0)
    out = unit.run([feed])["out"]
    n_in = feed.molar_flows[DB.position("LaCO3F")]
    assert out.molar_flows[DB.position("LaCO3F")] == pytest.approx(0.05 * n_in, rel=1e-12)
    assert out.molar_flows[DB.position("La2(SO4)3(aq)")] == pytest.approx(0.95 * n_in / 2, rel=1e-12)
    assert unit.warnings == []


def test_reactor_short_of_reagent_warns_and_stays_non_negative() -> None:
    unit = StoichiometricReactor("bake", BAKE, DB)
    out = unit.run([ore(5.0, 0.0, 0.0, 0.1, 1.0)])["out"]
    assert out.molar_flows[DB.position("H2SO4(aq)")] == 0.0
    assert any("limited by H2SO4(aq)" in w for w in unit.warnings)


def test_unbalanced_reaction_is_an_input_error_naming_the_element() -> None:
    with pytest.raises(ScenarioError, match=r"units\.bake\.parameters\.reactions\.0.*does not balance O"):
        StoichiometricReactor("bake", {"reactions": [
            {"equation": "LaCO3F + H2SO4(aq) -> LaCl3(aq) + CO2(g)", "conversion": 1}]}, DB)


def test_unknown_species_suggests_close_matches() -> None:
    with pytest.raises(ScenarioError, match=r"units\.r\.parameters\.reactions\.0: unknown species .*did you mean"):
        StoichiometricReactor("r", {"reactions": [{"equation": "LaCO3 -> La2O3", "conversion": 1}]}, DB)


def test_invalid_parameter_names_path_value_and_expectation() -> None:
    with pytest.raises(ScenarioError, match=r"units\.r\.parameters\.reactions\.0\.conversion: 1\.5"):
        StoichiometricReactor("r", {"reactions": [{"equation": "CaCO3 -> CaO + CO2(g)", "conversion": 1.5}]}, DB)


@given(amounts, amounts, st.floats(0.0, 1.0))
@settings(max_examples=40, deadline=None)
def test_component_splitter_recovers_what_it_is_told(la, caf2, recovery) -> None:
    unit = ComponentSplitter("flot", {"recoveries": {"concentrate": {"*CO3F": recovery, "CaF2": 0.1}},
                                      "remainder": "tailings"}, DB)
    feed = ore(la, 0.0, caf2, 0.0, 0.0)
    out = unit.run([feed])
    assert element_balance([feed], out.values()).closure <= 1e-12
    assert out["concentrate"].species_mass_flow("LaCO3F") == pytest.approx(recovery * la, rel=1e-12, abs=1e-300)
    assert out["concentrate"].species_mass_flow("SiO2") == 0.0


def test_component_splitter_rejects_recoveries_above_one() -> None:
    with pytest.raises(ScenarioError, match="add up to"):
        ComponentSplitter("c", {"recoveries": {"a": {"CaF2": 0.7}, "b": {"phase:solid": 0.5}},
                                "remainder": "rest"}, DB)


@given(st.floats(0.1, 10.0), st.floats(0.1, 50.0), st.floats(0.0, 0.6), st.floats(0.0, 1.0), st.floats(0.0, 20.0))
@settings(max_examples=60, deadline=None)
def test_solid_liquid_separator_balance_and_moisture(solids, liquor, moisture, efficiency, wash) -> None:
    unit = SolidLiquidSeparator("f", {"cake_moisture": moisture, "wash_efficiency": efficiency}, DB)
    slurry = Stream.from_mass_flows("s", DB, {"CaSO4·2H2O": solids, "H2O": liquor, "La2(SO4)3(aq)": 0.1 * liquor})
    wash_stream = Stream.from_mass_flows("w", DB, {"H2O": wash})
    out = unit.run([slurry, wash_stream])
    assert element_balance([slurry, wash_stream], out.values()).closure <= 1e-12
    cake = out["cake"]
    liquid = cake.mass_flow - cake.phase_mass_flows()["solid"]
    if not unit.warnings:
        assert liquid / cake.mass_flow == pytest.approx(moisture, abs=1e-12)


def test_wash_displaces_solute_from_the_cake() -> None:
    slurry = Stream.from_mass_flows("s", DB, {"CaSO4·2H2O": 1.0, "H2O": 10.0, "La2(SO4)3(aq)": 1.0})
    water = Stream.from_mass_flows("w", DB, {"H2O": 5.0})
    unwashed = SolidLiquidSeparator("a", {"cake_moisture": 0.2}, DB).run([slurry])["cake"]
    washed = SolidLiquidSeparator("b", {"cake_moisture": 0.2, "wash_efficiency": 0.9}, DB).run([slurry, water])["cake"]
    loss = unwashed.species_mass_flow("La2(SO4)3(aq)")
    assert loss == pytest.approx(0.25 * 1.0 / 11.0, rel=1e-12)  # 0.25 kg liquor of 11 kg mother liquor
    assert washed.species_mass_flow("La2(SO4)3(aq)") == pytest.approx(0.1 * loss, rel=1e-12)


def test_wash_efficiency_without_wash_inlet_is_an_input_error() -> None:
    unit = SolidLiquidSeparator("f", {"cake_moisture": 0.2, "wash_efficiency": 0.5}, DB)
    with pytest.raises(ScenarioError, match="second inlet"):
        unit.check_inlets(1)


def test_mixer_and_splitter() -> None:
    a = Stream.from_mass_flows("a", DB, {"H2O": 1.0})
    b = Stream.from_mass_flows("b", DB, {"CaF2": 2.0})
    mixed = Mixer("m", {}, DB).run([a, b])["out"]
    parts = Splitter("s", {"fractions": {"x": 0.25}, "remainder": "y"}, DB).run([mixed])
    assert parts["x"].mass_flow == pytest.approx(0.75)
    assert parts["y"].mass_flow == pytest.approx(2.25)


def test_subclass_cannot_override_run() -> None:
    with pytest.raises(TypeError, match="overrides run"):
        type("Bad", (Mixer,), {"run": lambda self, inlets: {}})

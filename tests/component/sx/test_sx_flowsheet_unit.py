"""The solvent-extraction flowsheet unit: the cascade's split applied to streams, balances, bad input."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import ScenarioError
from reeflow.species import default_database
from reeflow.streams import Stream
from reeflow.unitops import UNIT_TYPES, SolventExtraction
from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.component

DB = default_database()
WATER_KMOL_PER_M3 = 997.05 / 18.015  # water at 25 degC, as the streams' aqueous volume assumes


def liquor(name: str, litres_per_min: float, mol_per_l: dict[str, float], hcl: float = 0.0) -> Stream:
    """An aqueous chloride liquor of ``litres_per_min`` water with metal chlorides and HCl (mol/L)."""
    m3_s = litres_per_min / 60_000.0
    flows = {"H2O": WATER_KMOL_PER_M3 * m3_s, **{f"{el}Cl3(aq)": c * m3_s for el, c in mol_per_l.items()}}
    if hcl:
        flows["HCl(aq)"] = hcl * m3_s
    return Stream(name, DB, DB.vector(flows))


def la_ce(**changes: Any) -> dict[str, Any]:
    parameters: dict[str, Any] = {
        "components": ["La", "Ce"],
        "sections": {"extraction": 12, "scrubbing": 10},
        "organic": {"ratio": 3.0},
        "equilibrium": {"model": "constant_distribution", "D": {"La": 0.4, "Ce": 2.2}},
    }
    return parameters | changes


def test_registered_for_scenario_files() -> None:
    assert UNIT_TYPES["solvent_extraction"] is SolventExtraction


def test_split_is_the_cascade_file_split_and_balances_close() -> None:
    unit = SolventExtraction("split", la_ce(), DB)
    feed = liquor("feed", 1.0, {"La": 0.5, "Ce": 0.5})
    scrub = liquor("scrub", 0.4, {})
    out = unit.run([feed, scrub])
    reference = simulate(load_cascade({
        "name": "same", "components": ["La", "Ce"], "sections": {"extraction": 12, "scrubbing": 10},
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}},
        "organic": {"flow": "3 L/min"}, "scrub": {"flow": "0.4 L/min"},
        "equilibrium": {"model": "constant_distribution", "D": {"La": 0.4, "Ce": 2.2}},
    }))
    for element in ("La", "Ce"):
        fed = feed.get_element_flow("kmol/s", element)
        raffinate = out["raffinate"].get_element_flow("kmol/s", element) / fed
        assert raffinate == pytest.approx(reference.split[element]["raffinate"], rel=1e-9, abs=1e-15)
    assert unit.closure <= 1e-12
    # water of the feed and scrub stays in the raffinate; the loaded organic carries only metals
    assert out["raffinate"].get_flow("kmol/s", "H2O") == pytest.approx(
        feed.get_flow("kmol/s", "H2O") + scrub.get_flow("kmol/s", "H2O"), rel=1e-12
    )
    assert out["extract"].get_flow("kmol/s", "H2O") == 0.0
    details = unit.summary()
    assert details is not None and details["sections"] == {"extraction": 12, "scrubbing": 10, "stripping": 0}


def test_saponified_circuit_streams_agree_with_the_mass_action_proton_balance() -> None:
    """HCl scrub and strip, NaOH saponification from a reagent stream, organic recycled: the
    saponification degree follows from the NaOH flow, the acid the streams carry out is the acid the
    cascade model leaves in its raffinate and strip liquor, and every element balance closes."""
    organic_ratio, extractant = 4.0, 1500.0  # organic : feed by volume; P507 acid sites, mol/m³
    unit = SolventExtraction("split", la_ce(
        sections={"extraction": 8, "scrubbing": 8, "stripping": 4},
        organic={"ratio": organic_ratio, "recycle": True},
        equilibrium={"model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L"},
        saponification_reagent="NaOH(aq)",
    ), DB)
    feed = liquor("feed", 1.0, {"La": 0.48, "Ce": 0.72}, hcl=0.01)
    scrub = liquor("scrub", 0.3, {}, hcl=3.0)
    strip = liquor("strip", 0.5, {}, hcl=6.0)
    naoh = 0.36 * extractant * organic_ratio * 1.0 / 60_000.0 / 1000.0  # kmol/s for s = 0.36
    base = Stream("caustic", DB, DB.vector({"NaOH(aq)": naoh, "H2O": 3 * naoh}))
    out = unit.run([feed, scrub, strip, base])
    cascade, result = unit.cascade, unit.result
    assert cascade is not None and result is not None and result.acidity is not None
    assert unit.summary()["saponification"] == pytest.approx(0.36)  # type: ignore[index]
    hcl_out = out["raffinate"].get_flow("mol/s", "HCl(aq)") + out["extract"].get_flow("mol/s", "HCl(aq)")
    raffinate_volume = cascade.feed_flow + cascade.scrub_flow
    model_out = result.acidity[0] * raffinate_volume + result.acidity[cascade.extraction + cascade.scrubbing] * cascade.strip_flow
    assert hcl_out == pytest.approx(model_out, rel=1e-6)
    assert out["raffinate"].get_flow("kmol/s", "NaCl(aq)") + out["extract"].get_flow("kmol/s", "NaCl(aq)") == pytest.approx(naoh)
    assert out["extract"].get_element_flow("kmol/s", "Ce") > 0.5 * feed.get_element_flow("kmol/s", "Ce")
    assert unit.closure <= 1e-12


def test_strip_acid_short_of_the_stripped_metal_is_an_error() -> None:
    unit = SolventExtraction("split", la_ce(
        sections={"extraction": 8, "scrubbing": 8, "stripping": 4},
        equilibrium={"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "12 L/mol"}},
        strip_equilibrium={"model": "constant_distribution", "D": {"La": 0.01, "Ce": 0.01}},
    ), DB)
    feed = liquor("feed", 1.0, {"La": 0.5, "Ce": 0.5})
    with pytest.raises(ScenarioError, match="give it more or stronger acid"):
        unit.run([feed, liquor("scrub", 0.3, {}), liquor("strip", 0.5, {}, hcl=0.1)])


@settings(max_examples=25, deadline=None)
@given(
    la=st.floats(0.01, 1.0), ce=st.floats(0.01, 1.0), nd=st.floats(0.0, 0.5),
    ratio=st.floats(0.5, 6.0), scrub=st.floats(0.05, 1.0),
)
def test_every_element_balance_closes(la: float, ce: float, nd: float, ratio: float, scrub: float) -> None:
    unit = SolventExtraction("split", la_ce(
        components=["La", "Ce", "Nd"], organic={"ratio": ratio},
        equilibrium={"model": "competitive_langmuir", "capacity": "0.18 mol/L",
                     "K": {"La": "2 L/mol", "Ce": "12 L/mol", "Nd": "40 L/mol"}},
    ), DB)
    feed = liquor("feed", 1.0, {"La": la, "Ce": ce, "Nd": nd}, hcl=0.05)
    out = unit.run([feed, liquor("scrub", scrub, {})])
    assert unit.closure <= 1e-12
    assert np.all(out["raffinate"].molar_flows >= 0) and np.all(out["extract"].molar_flows >= 0)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"organic": {"ratio": 3.0, "flow": "1 L/min"}}, "exactly one of flow"),
        ({"components": ["La", "Xx"]}, "not elements"),
        ({"equilibrium": {"model": "constant_distribution", "D": {"La": 0.4}}}, "units.split.parameters: equilibrium.D"),
        ({"sections": {"extraction": 0}}, "units.split.parameters.sections.extraction"),
        ({"equilibrium": {"model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L", "saponification": 0.3}},
         "saponifying base must enter as a stream"),
    ],
)
def test_bad_parameters_name_the_field(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ScenarioError, match=fragment.replace(".", r"\.")):
        SolventExtraction("split", la_ce(**changes), DB)


def test_inlets_follow_the_sections() -> None:
    unit = SolventExtraction("split", la_ce(), DB)
    unit.check_inlets(2)
    with pytest.raises(ScenarioError, match="takes 2: the feed liquor, the scrub liquor, in that order"):
        unit.check_inlets(1)


def test_an_empty_scrub_liquor_passes_everything_through_with_a_warning() -> None:
    unit = SolventExtraction("split", la_ce(), DB)
    feed = liquor("feed", 1.0, {"La": 0.5, "Ce": 0.5})
    out = unit.run([feed, Stream("scrub", DB)])
    assert unit.warnings and "carries no water" in unit.warnings[0]
    assert out["raffinate"].get_element_flow("kmol/s", "Ce") == pytest.approx(feed.get_element_flow("kmol/s", "Ce"))
    assert out["extract"].mass_flow == 0.0
    assert unit.summary() is None


def test_ammonia_saponification_leaves_ammonium_chloride() -> None:
    unit = SolventExtraction("split", la_ce(
        sections={"extraction": 8, "scrubbing": 8, "stripping": 4},
        organic={"ratio": 4.0, "recycle": True},
        equilibrium={"model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L"},
        saponification_reagent="NH3(aq)",
    ), DB)
    nh3 = 0.3 * 1500.0 * 4.0 / 60_000.0 / 1000.0  # kmol/s for s = 0.3
    ammonia = Stream("ammonia", DB, DB.vector({"NH3(aq)": nh3, "H2O": 5 * nh3}))
    out = unit.run([liquor("feed", 1.0, {"La": 0.48, "Ce": 0.72}, hcl=0.01), liquor("scrub", 0.3, {}, hcl=3.0),
                    liquor("strip", 0.5, {}, hcl=6.0), ammonia])
    assert unit.summary()["saponification"] == pytest.approx(0.3)  # type: ignore[index]
    ammonium = out["raffinate"].get_flow("kmol/s", "NH4Cl(aq)") + out["extract"].get_flow("kmol/s", "NH4Cl(aq)")
    assert ammonium == pytest.approx(nh3)
    assert out["raffinate"].get_flow("kmol/s", "NH3(aq)") == pytest.approx(0.0, abs=1e-18)
    assert unit.closure <= 1e-12

"""The 300 t/yr AB5 battery-alloy line (examples/baotou_ab5_line.yaml) end to end.

Hand calculation from the yields in src/reeflow/data/alloy_production.yaml, the mischmetal
composition stated there and standard atomic weights.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reeflow.data import load_yaml
from reeflow.pipeline import run_scenario
from reeflow.species import default_database
from reeflow.species.elements import atomic_weight

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "baotou_ab5_line.yaml"
B_SITE = {"Ni": 3.4, "Co": 1.0, "Mn": 0.5, "Al": 0.1}  # MmNi3.4Co1.0Mn0.5Al0.1 (HydPARK, Hu 1998)
OXIDES = {"La": ("La2O3", 2), "Ce": ("CeO2", 1), "Pr": ("Pr6O11", 6), "Nd": ("Nd2O3", 2)}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    outcome = run_scenario(EXAMPLE, tmp_path_factory.mktemp("ab5") / "out", record=False)
    return outcome.results


def _v(entry: Any) -> Any:
    return entry["value"]


def test_converges_closes_and_makes_300_t(results: dict[str, Any]) -> None:
    assert results["converged"] is True and results["warnings"] == []
    assert results["balance"]["closure"] <= 1e-9
    assert all(row["closure"] <= 1e-9 for row in results["units"].values())
    assert results["economics"]["main_product_t_per_yr"] == pytest.approx(300.0, rel=1e-9)


def test_product_has_the_target_composition(results: dict[str, Any]) -> None:
    target = {**_v(load_yaml("alloy_production.yaml")["ab5_alloy"]["mischmetal_atoms"]), **B_SITE}
    flows = results["streams"]["alloy_powder"]["elements_kg_per_h"]
    moles = {el: kg / atomic_weight(el) for el, kg in flows.items()}
    a_site = sum(moles[el] for el in OXIDES)
    assert set(moles) == set(target)
    for el, n in moles.items():
        assert n / a_site == pytest.approx(target[el], rel=1e-9), el


def test_annual_demand_equals_the_hand_calculation(results: dict[str, Any]) -> None:
    d = load_yaml("alloy_production.yaml")
    mm = _v(d["ab5_alloy"]["mischmetal_atoms"])
    db = default_database()
    m_alloy = sum(n * atomic_weight(el) for el, n in {**mm, **B_SITE}.items())
    m, q, r = 1 - _v(d["melting"]["melt_loss"]), _v(d["quench_casting"]["product"]), _v(d["quench_casting"]["returns"])
    a, p, o = _v(d["annealing"]["product"]), _v(d["milling"]["product"]), _v(d["milling"]["off_size"])
    entering = 300.0 / (m * q * a * p)  # t/yr of alloy entering the melt-loss split
    fresh = entering * (1 - m * (r + q * a * o))
    recovery = _v(d["ab5_alloy"]["electrolysis_direct_recovery"])
    expected: dict[str, float] = {}
    oxygen_kmol = 0.0  # per t/yr of fresh alloy, O atoms reduced
    for el, (oxide, n_re) in OXIDES.items():
        kmol_oxide = fresh / m_alloy * mm[el] / n_re / recovery
        expected[oxide] = kmol_oxide * db[oxide].molar_mass
        oxygen_kmol += kmol_oxide * recovery * db[oxide].composition["O"]
    co_fraction = _v(d["la_electrolysis"]["anode_gas_co_mole_fraction"])
    carbon_per_o = 1 / (co_fraction + 2 * (1 - co_fraction))  # C atoms per O atom in CO/CO2
    expected["C"] = _v(d["la_electrolysis"]["carbon_excess"]) * oxygen_kmol * carbon_per_o * atomic_weight("C")
    for el, n in B_SITE.items():
        expected[el] = fresh * n * atomic_weight(el) / m_alloy
    expected["Mn"] /= 1 - _v(d["melting"]["mn_evaporation"])
    h_per_fu = 6.045  # the scenario's hydride, from 1.4 wt% H (checked below)
    expected["H2(g)"] = _v(d["decrepitation"]["hydrogen_excess"]) * entering * m * q * a * h_per_fu * atomic_weight("H") / m_alloy
    wt = _v(d["ab5_alloy"]["hydrogen_capacity_wt_pct"]) / 100
    assert wt / (1 - wt) * m_alloy / atomic_weight("H") == pytest.approx(h_per_fu, abs=5e-4)
    demand = results["economics"]["raw_material_demand_t_per_yr"]
    assert set(demand) == set(expected)
    for species, t_per_yr in expected.items():
        assert demand[species] == pytest.approx(t_per_yr, rel=1e-9), species


def test_every_rare_earth_traces_to_its_oxide(results: dict[str, Any]) -> None:
    trace = results["economics"]["trace"]
    recovery = _v(load_yaml("alloy_production.yaml")["ab5_alloy"]["electrolysis_direct_recovery"])
    for el, (oxide, _) in OXIDES.items():
        row = trace[el]
        assert len(row["feeds"]) == 1
        assert row["streams_t_per_yr"]["mischmetal"] == pytest.approx(recovery * row["in_feeds_t_per_yr"], rel=1e-12)
        assert results["streams"][next(iter(row["feeds"]))]["species_kg_per_h"] == {
            oxide: pytest.approx(results["streams"][next(iter(row["feeds"]))]["mass_kg_per_h"])
        }

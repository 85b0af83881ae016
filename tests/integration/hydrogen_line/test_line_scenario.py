"""The 300 t/yr LaY2Ni10Mn0.5 line (examples/baotou_hydride_line.yaml) end to end.

The annual demand is checked against a hand calculation written here from the yields stated in
src/reeflow/data/alloy_production.yaml and standard atomic weights, not from the code's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from reeflow.data import load_yaml
from reeflow.pipeline import run_scenario
from reeflow.species.elements import atomic_weight

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "baotou_hydride_line.yaml"
TARGET = {"La": 1.0, "Y": 2.0, "Ni": 10.0, "Mn": 0.5}  # LaY2Ni(10.5-x)Mn(x), x = 0.5 (Xiong et al. 2017)
DESIGN_T_PER_YR = 300.0


def reeflow(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reeflow.cli.app", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("line") / "out"
    return out, reeflow("run", str(EXAMPLE), "--out", str(out), "--no-record")


@pytest.fixture(scope="module")
def results(run: tuple[Path, subprocess.CompletedProcess[str]]) -> dict[str, Any]:
    out, proc = run
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "results.json").read_text())


def _value(entry: Any) -> float:
    return float(entry["value"])


def hand_calculation() -> dict[str, float]:
    """Annual raw-material demand (t/yr) from the stated yields, by hand."""
    d = load_yaml("alloy_production.yaml")
    w = {el: atomic_weight(el) for el in ("La", "Y", "Ni", "Mn", "O", "C", "H", "F", "Ca")}
    m_alloy = sum(n * w[el] for el, n in TARGET.items())
    m_la2o3, m_y2o3 = 2 * w["La"] + 3 * w["O"], 2 * w["Y"] + 3 * w["O"]
    hours = _value(d["operating_hours"])
    product = DESIGN_T_PER_YR  # t/yr of alloy powder
    m = 1 - _value(d["melting"]["melt_loss"])
    q, r = _value(d["quench_casting"]["product"]), _value(d["quench_casting"]["returns"])
    a = _value(d["annealing"]["product"])
    p, o = _value(d["milling"]["product"]), _value(d["milling"]["off_size"])
    # per t of alloy entering the melt-loss split (fresh + returns): the powder is m·q·a·p and the
    # returns m·(r + q·a·o); fresh alloy = entering − returns
    entering = product / (m * q * a * p)
    fresh = entering * (1 - m * (r + q * a * o))
    annealed = entering * m * q * a
    x_el = _value(d["la_electrolysis"]["direct_recovery"])
    x_hf = _value(d["y_hydrofluorination"]["conversion"])
    y_rec = _value(d["y_reduction"]["metal_recovery"])
    la2o3 = fresh * w["La"] / m_alloy / x_el * m_la2o3 / (2 * w["La"])
    y2o3 = fresh * 2 * w["Y"] / m_alloy / (x_hf * y_rec) * m_y2o3 / (2 * w["Y"])
    co = _value(d["la_electrolysis"]["anode_gas_co_mole_fraction"])
    carbon_per_o = 1 / (co + 2 * (1 - co))  # C atoms per O atom leaving as CO/CO2
    h_per_fu = 13.116  # H atoms per formula unit of the hydride used in the scenario (checked below)
    return {
        "La2O3": la2o3,
        "Y2O3": y2o3,
        "Ni": fresh * 10 * w["Ni"] / m_alloy,
        "Mn": fresh * 0.5 * w["Mn"] / m_alloy / (1 - _value(d["melting"]["mn_evaporation"])),
        "C": _value(d["la_electrolysis"]["carbon_excess"]) * la2o3 * x_el * 3 * carbon_per_o * w["C"] / m_la2o3,
        "HF(g)": _value(d["y_hydrofluorination"]["hf_excess"]) * y2o3 * 6 * (w["H"] + w["F"]) / m_y2o3,
        "Ca": _value(d["y_reduction"]["calcium_excess"]) * y2o3 * 3 * w["Ca"] / m_y2o3,
        "H2(g)": _value(d["decrepitation"]["hydrogen_excess"]) * annealed * h_per_fu * w["H"] / m_alloy,
        "_hours": hours,
    }


def test_runs_and_converges(run: tuple[Path, subprocess.CompletedProcess[str]], results: dict[str, Any]) -> None:
    out, proc = run
    assert {p.name for p in out.iterdir()} >= {"results.json", "streams.csv", "report.html"}
    assert results["converged"] is True
    assert results["warnings"] == []
    assert results["solver"]["tears"], "the returns recycle must be a tear the solver converges"


def test_element_balance_closes(results: dict[str, Any]) -> None:
    assert results["balance"]["closure"] <= 1e-9
    for element, row in results["balance"]["elements"].items():
        assert row["closure"] <= 1e-9, element
    for unit, row in results["units"].items():
        assert row["closure"] <= 1e-9, unit


def test_product_rate_is_300_t_per_year(results: dict[str, Any]) -> None:
    hours = _value(load_yaml("alloy_production.yaml")["operating_hours"])
    kg_per_h = results["products"]["alloy_powder"]["mass_kg_per_h"]
    assert kg_per_h * hours / 1000.0 == pytest.approx(DESIGN_T_PER_YR, rel=1e-9)
    assert results["economics"]["main_product_t_per_yr"] == pytest.approx(DESIGN_T_PER_YR, rel=1e-9)


def _atom_ratios(stream: dict[str, Any]) -> dict[str, float]:
    moles = {el: kg / atomic_weight(el) for el, kg in stream["elements_kg_per_h"].items()}
    return {el: n / moles["La"] for el, n in moles.items()}


def test_product_has_the_target_composition(results: dict[str, Any]) -> None:
    product = results["streams"]["alloy_powder"]
    assert set(product["elements_kg_per_h"]) == set(TARGET)
    for el, ratio in _atom_ratios(product).items():
        assert ratio == pytest.approx(TARGET[el], rel=1e-9), el
    alloy = product["species_kg_per_h"]["LaY2Ni10Mn0.5"]
    assert alloy / product["mass_kg_per_h"] == pytest.approx(1.0, abs=1e-9)


def test_hydride_formula_matches_the_published_capacity() -> None:
    w = {el: atomic_weight(el) for el in TARGET}
    m_alloy = sum(n * w[el] for el, n in TARGET.items())
    wt_pct = _value(load_yaml("alloy_production.yaml")["alloy"]["hydrogen_capacity_wt_pct"])
    by_hand = wt_pct / (100 - wt_pct) * m_alloy / atomic_weight("H")
    assert by_hand == pytest.approx(13.116, abs=5e-4)
    # the same through reeflow.hydrogen (the alloy-property package)
    from reeflow.hydrogen.performance import h_per_formula_unit

    assert h_per_formula_unit(wt_pct, m_alloy) == pytest.approx(by_hand, rel=1e-12)


def test_annual_demand_equals_the_hand_calculation(results: dict[str, Any]) -> None:
    expected = hand_calculation()
    assert results["economics"]["operating_hours_per_year"] == pytest.approx(expected.pop("_hours"))
    demand = results["economics"]["raw_material_demand_t_per_yr"]
    assert set(demand) == set(expected)
    for species, t_per_yr in expected.items():
        assert demand[species] == pytest.approx(t_per_yr, rel=1e-9), species


def test_oxide_to_alloy_trace(results: dict[str, Any]) -> None:
    trace = results["economics"]["trace"]
    la = trace["La"]
    assert list(la["feeds"]) == ["lanthanum_oxide"]
    assert la["in_product_t_per_yr"] == pytest.approx(la["in_feeds_t_per_yr"] * la["overall_yield"], rel=1e-12)
    # the La metal stream carries the electrolysis direct recovery of the oxide's La
    recovery = _value(load_yaml("alloy_production.yaml")["la_electrolysis"]["direct_recovery"])
    assert la["streams_t_per_yr"]["la_metal"] == pytest.approx(recovery * la["in_feeds_t_per_yr"], rel=1e-12)
    assert list(trace["Y"]["feeds"]) == ["yttrium_oxide"]
    assert 0.85 < trace["Y"]["overall_yield"] < 1.0


def test_cost_per_kg_is_the_sum_of_priced_feeds(results: dict[str, Any]) -> None:
    econ = results["economics"]
    total = sum(row["t_per_yr"] * 1000 * row["price_USD_per_kg"] for row in econ["feeds"].values())
    assert econ["raw_material_cost_USD_per_yr"] == pytest.approx(total, rel=1e-12)
    assert econ["raw_material_cost_USD_per_kg_product"] == pytest.approx(total / 300_000.0, rel=1e-9)
    assert econ["unpriced_feeds"] == []


def _scenario() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text())


def test_scenario_uses_the_shipped_yields() -> None:
    d = load_yaml("alloy_production.yaml")
    units = _scenario()["units"]

    def conversion(unit: str, i: int = 0) -> float:
        return float(units[unit]["parameters"]["reactions"][i]["conversion"])

    assert conversion("la_electrolysis") == _value(d["la_electrolysis"]["direct_recovery"])
    assert conversion("y_hydrofluorination") == _value(d["y_hydrofluorination"]["conversion"])
    assert units["y_metal_recovery"]["parameters"]["recoveries"]["metal"]["Y"] == _value(d["y_reduction"]["metal_recovery"])
    assert conversion("induction_melting") == _value(d["melting"]["mn_evaporation"])
    assert units["melt_losses"]["parameters"]["fractions"]["melt"] == 1 - _value(d["melting"]["melt_loss"])
    quench = units["rapid_quenching"]["parameters"]["fractions"]
    assert (quench["flakes"], quench["returns"]) == (_value(d["quench_casting"]["product"]),
                                                     _value(d["quench_casting"]["returns"]))
    assert units["annealing"]["parameters"]["fractions"]["product"] == _value(d["annealing"]["product"])
    mill = units["milling"]["parameters"]["fractions"]
    assert (mill["product"], mill["off_size"]) == (_value(d["milling"]["product"]), _value(d["milling"]["off_size"]))
    assert _scenario()["economics"]["operating_hours"] == f"{_value(d['operating_hours']):.0f} h"


def test_without_mn_overbatching_the_alloy_is_off_spec(tmp_path: Path) -> None:
    scenario = _scenario()
    mn_ratio = scenario["feeds"]["manganese"]["rate"]["ratio"]
    evaporation = _value(load_yaml("alloy_production.yaml")["melting"]["mn_evaporation"])
    scenario["feeds"]["manganese"]["rate"]["ratio"] = mn_ratio * (1 - evaporation)  # stoichiometric Mn only
    path = tmp_path / "no_overbatch.yaml"
    path.write_text(yaml.safe_dump(scenario))
    outcome = run_scenario(path, tmp_path / "out", record=False)
    product = outcome.results["streams"]["alloy_powder"]
    assert any("limited by Mn" in w for w in outcome.results["warnings"])
    assert _atom_ratios(product)["Mn"] < TARGET["Mn"] * (1 - 0.5 * evaporation)
    assert product["species_kg_per_h"]["LaY2Ni10Mn0.5"] / product["mass_kg_per_h"] < 0.99


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("economics", "feeds", "nickel", "item"), "unobtainium", "economics.feeds.nickel.item"),
        (("economics", "feeds", "cobalt"), {"item": "nickel"}, "economics.feeds.cobalt"),
        (("economics", "operating_hours"), 7200, "economics.operating_hours"),
        (("economics", "feeds", "nickel"), {"price": "21 USD/kg"}, "economics.feeds.nickel"),
        (("economics", "feeds", "nickel"), {"price": "21 kg", "assumed": "x"}, "economics.feeds.nickel.price"),
        (("economics", "main_product"), "dross_pile", "economics.main_product"),
    ],
)
def test_bad_economics_input_exits_2_naming_the_field(tmp_path: Path, path: tuple[str, ...], value: Any,
                                                      field: str) -> None:
    scenario = _scenario()
    node = scenario
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(scenario))
    out = tmp_path / "out"
    proc = reeflow("run", str(bad), "--out", str(out), "--no-record")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists()

"""Radium and thorium clean-up of the monazite chloride liquor (examples/monazite_caustic.yaml).

The HCl leach dissolves part of the ore's radium; barium sulfate co-precipitates it from the
chloride liquor into a radium-barium cake, and a neutralisation takes the dissolved thorium into a
thorium cake before solvent extraction. Checked from the run's own results and the scenario's
own conversions (no expected number is written here): every becquerel of radium that enters
leaves, each cake takes at least its step's conversion of what reaches it, both cakes are
regulated and both oxides are below the exemption level.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reeflow.pipeline import run_scenario

pytestmark = pytest.mark.regression

SCENARIO = Path(__file__).resolve().parents[3] / "examples" / "monazite_caustic.yaml"
RADIUM = ("Ra226", "Ra228", "Ra224")
OXIDES = ("la_ce_oxide", "pr_nd_heavy_oxide")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_scenario(SCENARIO, tmp_path_factory.mktemp("monazite"), record=False).results


def _conversion(unit: str, equation_start: str) -> float:
    """Conversion of the scenario's reaction of `unit` whose equation starts with `equation_start`."""
    scenario = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    reactions = scenario["units"][unit]["parameters"]["reactions"]
    (reaction,) = [r for r in reactions if r["equation"].startswith(equation_start)]
    return float(reaction["conversion"])


def _flow(results: dict[str, Any], nuclide: str, streams: list[str]) -> float:
    """Activity flow (Bq/s) of `nuclide` summed over `streams`; a stream without it counts 0."""
    records = results["radioactivity"]["streams"]
    return float(sum(records[s]["nuclides"].get(nuclide, {}).get("Bq_per_s", 0.0) for s in streams if s in records))


def _boundary(results: dict[str, Any]) -> tuple[list[str], list[str]]:
    streams = results["streams"]
    inlets = [s for s, v in streams.items() if v["source"] is None]
    outlets = [s for s, v in streams.items() if v["sink"] is None]
    return inlets, outlets


def test_radium_of_the_ore_leaves_by_the_cake_and_the_other_outlets(results: dict[str, Any]) -> None:
    inlets, outlets = _boundary(results)
    assert "radium_barium_cake" in outlets
    for nuclide in RADIUM:
        entering = _flow(results, nuclide, inlets)
        assert entering == pytest.approx(_flow(results, nuclide, ["ore"]), rel=1e-12)
        assert entering > 0.0
        in_cake = _flow(results, nuclide, ["radium_barium_cake"])
        elsewhere = _flow(results, nuclide, [s for s in outlets if s != "radium_barium_cake"])
        assert in_cake + elsewhere == pytest.approx(entering, rel=1e-9), nuclide
    streams = results["streams"]
    ra_out = sum(streams[s]["elements_kg_per_h"].get("Ra", 0.0) for s in outlets)
    assert ra_out == pytest.approx(streams["ore"]["elements_kg_per_h"]["Ra"], rel=1e-9)


def test_each_cake_takes_its_steps_share_of_what_reaches_it(results: dict[str, Any]) -> None:
    """The cake holds the precipitate (the step's conversion of the inflow) plus liquor."""
    leached = _conversion("selective_leach", "RaSO4")
    removed = _conversion("radium_removal", "RaCl2(aq)")
    th_precipitated = _conversion("thorium_precipitation", "ThCl4(aq)")
    ore_ra = _flow(results, "Ra228", ["ore"])
    to_cleanup = _flow(results, "Ra228", ["re_chloride_liquor"])
    assert to_cleanup <= leached * ore_ra * (1.0 + 1e-12)
    assert removed * to_cleanup <= _flow(results, "Ra228", ["radium_barium_cake"]) <= to_cleanup
    th_in = _flow(results, "Th232", ["radium_free_liquor"])
    assert th_precipitated * th_in <= _flow(results, "Th232", ["thorium_cake"]) <= th_in
    assert _flow(results, "Th232", ["sx_feed"]) <= (1.0 - th_precipitated) * th_in * (1.0 + 1e-12)


def test_cakes_are_regulated_and_the_oxides_exempt(results: dict[str, Any]) -> None:
    records = results["radioactivity"]["streams"]
    level = results["radioactivity"]["exemption_Bq_per_g"]
    for cake in ("radium_barium_cake", "thorium_cake", "thorium_residue"):
        assert records[cake]["class"] == "regulated", cake
        assert records[cake]["max_ratio_to_exemption"] > 1.0
    for oxide in OXIDES:
        assert results["streams"][oxide]["mass_kg_per_h"] > 0.0
        nuclides = records.get(oxide, {"nuclides": {}})["nuclides"]
        for nuclide, values in nuclides.items():
            assert values["Bq_per_g"] <= level, (oxide, nuclide)
        assert records.get(oxide, {"class": "exempt"})["class"] == "exempt"

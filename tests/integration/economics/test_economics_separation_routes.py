"""Operating cost and revenue of the shipped ore-to-oxide routes, checked by hand from their flows."""

from pathlib import Path

import pytest

from reeflow.economics import price_of
from reeflow.pipeline import run_scenario

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_dong_pao_separation_prices_acids_on_their_hcl_and_pays_only_the_payable_oxides(tmp_path: Path) -> None:
    results = run_scenario(EXAMPLES / "dong_pao_separation.yaml", tmp_path, record=False).results
    economics, streams = results["economics"], results["streams"]
    hours = 8000.0
    hcl = price_of("hydrochloric_acid")
    scrub_hcl_kg = streams["scrub_acid"]["species_kg_per_h"]["HCl(aq)"] * hours
    assert economics["feeds"]["scrub_acid"]["cost_USD_per_yr"] == pytest.approx(scrub_hcl_kg * hcl.value / hcl.content)
    oxide = streams["pr_nd_heavy_oxide"]["species_kg_per_h"]
    payable_kg = (oxide["Pr6O11"] + oxide["Nd2O3"]) * hours
    assert payable_kg < streams["pr_nd_heavy_oxide"]["mass_kg_per_h"] * hours  # Sm, Gd, ... are not paid
    assert economics["outlets"]["pr_nd_heavy_oxide"]["revenue_USD_per_yr"] == pytest.approx(
        payable_kg * price_of("pr_nd_oxide").value)
    assert economics["unpriced_feeds"] == ["ore"]
    total = sum(row["cost_USD_per_yr"] for row in economics["feeds"].values() if "cost_USD_per_yr" in row)
    assert economics["raw_material_cost_USD_per_yr"] == pytest.approx(total)
    assert "Unpriced feeds (1)" in (tmp_path / "report.html").read_text()


def test_monazite_route_costs_its_caustic_per_kg_of_naoh(tmp_path: Path) -> None:
    results = run_scenario(EXAMPLES / "monazite_caustic.yaml", tmp_path, record=False).results
    economics, streams = results["economics"], results["streams"]
    caustic = price_of("caustic_soda")
    naoh_kg = sum(streams[f]["species_kg_per_h"]["NaOH(aq)"] for f in
                  ("caustic", "feed_caustic", "saponification_caustic")) * 8000.0
    cost = sum(economics["feeds"][f]["cost_USD_per_yr"] for f in ("caustic", "feed_caustic", "saponification_caustic"))
    assert cost == pytest.approx(naoh_kg * caustic.value / caustic.content)
    assert economics["operating_cost_USD_per_kg_product"] == pytest.approx(
        economics["operating_cost_USD_per_yr"] / (streams["pr_nd_heavy_oxide"]["mass_kg_per_h"] * 8000.0))

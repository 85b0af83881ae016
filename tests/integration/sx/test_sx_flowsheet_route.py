"""Ore to separated oxides: the monazite example with its solvent-extraction circuit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reeflow.pipeline import run_scenario
from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.integration

MONAZITE = Path(__file__).resolve().parents[3] / "examples" / "monazite_caustic.yaml"
REFLUX = Path(__file__).resolve().parent / "scenarios" / "sx_reflux_scrub.yaml"
DONG_PAO = Path(__file__).resolve().parents[3] / "examples" / "dong_pao_separation.yaml"


def test_monazite_route_ends_in_separated_oxides(tmp_path: Path) -> None:
    results = run_scenario(MONAZITE, tmp_path, record=False).results
    split = results["units"]["ce_pr_split"]["details"]["split"]
    assert split["Ce"]["raffinate"] >= 0.999 and split["Pr"]["strip_liquor"] >= 0.99
    la_ce_oxide = results["streams"]["la_ce_oxide"]["elements_kg_per_h"]
    heavy_oxide = results["streams"]["pr_nd_heavy_oxide"]["elements_kg_per_h"]
    assert la_ce_oxide.get("Nd", 0.0) < 1e-3 * la_ce_oxide["Ce"]
    assert heavy_oxide.get("La", 0.0) < 1e-6 * heavy_oxide["Nd"]
    assert results["balance"]["closure"] <= 1e-9


def test_run_writes_the_circuit_as_a_cascade_file_that_simulates_alike(tmp_path: Path) -> None:
    """The cascade file the run writes is what `reeflow sx simulate/design` take: solved alone it
    gives the unit's own splits."""
    outcome = run_scenario(MONAZITE, tmp_path, record=False)
    cascade_file = tmp_path / "ce_pr_split.cascade.yaml"
    assert outcome.files["ce_pr_split.cascade.yaml"] == cascade_file
    alone = simulate(load_cascade(cascade_file))
    in_flowsheet = outcome.results["units"]["ce_pr_split"]["details"]["split"]
    for component, outlets in in_flowsheet.items():
        for outlet, fraction in outlets.items():
            assert alone.split[component][outlet] == pytest.approx(fraction, rel=1e-6, abs=1e-12), (component, outlet)


def test_circuit_inside_a_recycle_converges(tmp_path: Path) -> None:
    """Part of the strip liquor returns as scrub liquor: the tear stream starts empty, the unit passes
    its first pass through unextracted, and the recycle converges with no warning left."""
    results = run_scenario(REFLUX, tmp_path, record=False).results
    assert results["converged"]
    assert results["warnings"] == []
    assert results["balance"]["closure"] <= 1e-9
    details = results["units"]["la_ce_split"]["details"]
    assert details["saponification"] == pytest.approx(0.25, abs=0.01)
    assert details["split"]["Ce"]["strip_liquor"] > 0.0


def test_dong_pao_route_ends_in_separated_oxides(tmp_path: Path) -> None:
    """Bastnaesite: sulfate leach, carbonate precipitation and HCl dissolution feed the P507 circuit."""
    results = run_scenario(DONG_PAO, tmp_path, record=False).results
    assert results["warnings"] == []
    split = results["units"]["ce_pr_split"]["details"]["split"]
    assert split["Ce"]["raffinate"] >= 0.999 and split["Pr"]["strip_liquor"] >= 0.99
    purity = results["products"]["pr_nd_heavy_oxide"]["relative_purity"]
    assert purity.get("La2O3", 0.0) + purity.get("CeO2", 0.0) < 1e-3
    assert results["balance"]["closure"] <= 1e-9

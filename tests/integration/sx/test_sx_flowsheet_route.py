"""Ore to separated oxides: the monazite example with its solvent-extraction circuit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reeflow.pipeline import run_scenario

pytestmark = pytest.mark.integration

MONAZITE = Path(__file__).resolve().parents[3] / "examples" / "monazite_caustic.yaml"


def test_monazite_route_ends_in_separated_oxides(tmp_path: Path) -> None:
    results = run_scenario(MONAZITE, tmp_path, record=False).results
    split = results["units"]["ce_pr_split"]["details"]["split"]
    assert split["Ce"]["raffinate"] >= 0.999 and split["Pr"]["strip_liquor"] >= 0.99
    la_ce_oxide = results["streams"]["la_ce_oxide"]["elements_kg_per_h"]
    heavy_oxide = results["streams"]["pr_nd_heavy_oxide"]["elements_kg_per_h"]
    assert la_ce_oxide.get("Nd", 0.0) < 1e-3 * la_ce_oxide["Ce"]
    assert heavy_oxide.get("La", 0.0) < 1e-6 * heavy_oxide["Nd"]
    assert results["balance"]["closure"] <= 1e-9

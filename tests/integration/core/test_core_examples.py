"""Every shipped flowsheet example validates, converges and closes its element balances."""

from pathlib import Path

import pytest

from reeflow.pipeline import run_scenario

pytestmark = pytest.mark.integration

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_converges_with_closed_balances(example: Path, tmp_path: Path) -> None:
    outcome = run_scenario(example, tmp_path / "out", record=False)
    results = outcome.results
    assert results["converged"]
    assert results["balance"]["closure"] <= 1e-9
    assert all(unit["closure"] <= 1e-9 for unit in results["units"].values())
    assert results["products"], "an example should name its products"
    for product in results["products"].values():
        assert product["mass_kg_per_h"] > 0

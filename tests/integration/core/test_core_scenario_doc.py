"""docs/scenario.md is true: its complete scenarios load, build and (the minimal one) run, and the
error messages it quotes are the ones `reeflow validate` gives for the edits it describes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reeflow.errors import ScenarioError
from reeflow.flowsheet import SolveOptions, solve
from reeflow.pipeline import run_scenario
from reeflow.scenario import build_flowsheet, load_scenario

pytestmark = pytest.mark.integration

DOC = Path(__file__).resolve().parents[3] / "docs" / "scenario.md"
DOC_TEXT = DOC.read_text(encoding="utf-8")
SCENARIOS = {
    yaml.safe_load(block)["name"]: block
    for block in re.findall(r"^```yaml\n(name:.*?)^```", DOC_TEXT, flags=re.DOTALL | re.MULTILINE)
}
MINIMAL = "minimal_leach"

# The one-line edits of the minimal scenario whose `reeflow validate` messages the page quotes.
BROKEN = {
    "fractions": ("{H2SO4(aq): 0.25, H2O: 0.75}", "{H2SO4(aq): 0.25, H2O: 0.70}"),
    "unbalanced_reaction": ("+ 2 CO2(g) + 2 H2O\"", "+ 2 CO2(g) + H2O\""),
    "stream_used_twice": ("inlets: [leach_slurry]", "inlets: [concentrate]"),
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_page_has_the_minimal_and_the_recycle_scenario() -> None:
    assert MINIMAL in SCENARIOS
    assert "leach_with_recycle" in SCENARIOS


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_complete_scenario_loads_and_builds(name: str, tmp_path: Path) -> None:
    path = write(tmp_path, f"{name}.yaml", SCENARIOS[name])
    scenario = load_scenario(path)
    flowsheet = build_flowsheet(scenario, path)
    assert scenario.name == name
    assert set(scenario.products) <= set(flowsheet.boundary_outlets())


def test_the_minimal_scenario_runs_converges_and_closes_its_balance(tmp_path: Path) -> None:
    path = write(tmp_path, "minimal.yaml", SCENARIOS[MINIMAL])
    results = run_scenario(path, tmp_path / "out", record=False).results
    assert results["converged"]
    assert results["balance"]["closure"] <= 1e-9
    assert all(unit["closure"] <= 1e-9 for unit in results["units"].values())
    assert results["warnings"] == []
    assert results["products"]["leach_liquor"]["TREO_kg_per_h"] > 0


def test_the_recycle_example_tears_the_stream_the_page_names_and_converges(tmp_path: Path) -> None:
    path = write(tmp_path, "recycle.yaml", SCENARIOS["leach_with_recycle"])
    scenario = load_scenario(path)
    flowsheet = build_flowsheet(scenario, path)
    options = SolveOptions(tolerance=scenario.options.tolerance, max_iterations=scenario.options.max_iterations)
    report = solve(flowsheet, options)
    assert report.converged
    assert [t.stream for t in report.tears] == ["leach_slurry"]
    assert all(t.residual <= scenario.options.tolerance for t in report.tears)
    assert report.iterations["leach_slurry"] <= 5


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_quoted_error_messages_are_what_validate_says(case: str, tmp_path: Path) -> None:
    old, new = BROKEN[case]
    assert SCENARIOS[MINIMAL].count(old) == 1
    path = write(tmp_path, "bad.yaml", SCENARIOS[MINIMAL].replace(old, new))
    with pytest.raises(ScenarioError) as caught:
        build_flowsheet(load_scenario(path), path)
    message = str(caught.value).replace(str(path), "bad.yaml")
    assert f"    error: {message}\n" in DOC_TEXT

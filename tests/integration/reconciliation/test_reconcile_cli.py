"""`reeflow reconcile` on the shipped example, its JSON contract, --out, and the exit statuses 2 and 3.

The command is mounted on a small Typer app here (``register`` is what reeflow's own app calls), so
the test does not depend on the main app's list of commands.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from reeflow.cli.reconcile import register

pytestmark = pytest.mark.integration

ROOT = Path(__file__).parents[3]
SCENARIO = ROOT / "examples" / "dong_pao.yaml"
ASSAYS = ROOT / "examples" / "dong_pao_assays.csv"


def app() -> typer.Typer:
    cli = typer.Typer()
    cli.callback()(lambda: None)  # a group, so that the command keeps its name
    register(cli)
    return cli


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app(), ["reconcile", *args])


def test_the_example_reconciles_and_prints_one_json_object(tmp_path: Path) -> None:
    result = invoke(str(SCENARIO), str(ASSAYS), "--json", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"converged", "chi_square", "degrees_of_freedom", "chi_square_critical_95", "global_test_passed",
            "measurements", "streams", "balance_closure", "warnings"} <= set(data)
    assert data["converged"] is True
    assert data["degrees_of_freedom"] == 3  # the flotation node's Ce, La and Fe balances (docs/reconciliation.md)
    assert data["global_test_passed"] is True
    assert data["balance_closure"] <= 1e-9
    rows = data["measurements"]
    data_lines = [line for line in ASSAYS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(rows) == len(data_lines) - 1  # less the header
    assert not any(row["suspect"] for row in rows)
    ore = data["streams"]["ore"]
    assert ore["mass_observable"] is True and ore["observable"]["Ce"] is True
    assert sum(ore["elements_kg_per_h"].values()) == pytest.approx(ore["mass_kg_per_h"], rel=1e-12)
    assert data["streams"]["leach_water"]["mass_observable"] is False
    written = json.loads((tmp_path / "out" / "reconciliation.json").read_text(encoding="utf-8"))
    assert written == data


def test_the_table_names_the_global_test() -> None:
    result = invoke(str(SCENARIO), str(ASSAYS))
    assert result.exit_code == 0, result.output
    assert "global test passed: chi-square" in result.stdout
    assert "reconciled measurements" in result.stdout


def test_bad_measurements_exit_2_with_one_line_and_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("stream,quantity,value,sd\nore,mass_flow,50 t/h,0 t/h\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(str(SCENARIO), str(bad), "--json", "--out", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad.csv, line 2, field 'sd'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_scenario_that_does_not_converge_exits_3(tmp_path: Path) -> None:
    raw = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    raw.setdefault("options", {})["max_iterations"] = 2
    scenario = tmp_path / "dong_pao_short.yaml"
    scenario.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = invoke(str(scenario), str(ASSAYS), "--json")
    assert result.exit_code == 3
    assert "did not converge" in result.stderr


def test_active_bounds_are_named_in_the_table_and_the_json(tmp_path: Path) -> None:
    """An ore Th assay of 200 ppm leaves the concentrate more Th than the ore brings: the tailings'
    Th is held at zero, and the output says so."""
    assays = tmp_path / "assays.csv"
    assays.write_text(ASSAYS.read_text(encoding="utf-8") + "ore,Th,200 ppm,10 ppm\n", encoding="utf-8")
    table = invoke(str(SCENARIO), str(assays))
    assert table.exit_code == 0, table.output
    assert "held at zero by the bounds" in table.stdout
    assert "flotation_tailings Th" in table.stdout
    as_json = invoke(str(SCENARIO), str(assays), "--json")
    data = json.loads(as_json.stdout)
    bound = {(b["stream"], b["element"]): b for b in data["active_bounds"]}[("flotation_tailings", "Th")]
    assert bound["unbounded_kg_per_h"] < 0
    assert data["streams"]["flotation_tailings"]["elements_kg_per_h"]["Th"] == 0.0
    flagged = {f"{r['stream']} {r['quantity']}" for r in data["measurements"] if r["affected_by_bounds"]}
    assert {"ore Th", "concentrate Th"} <= flagged
    assert data["chi_square"] >= data["chi_square_unbounded"]

"""`reeflow hydride pct|design`: the JSON contract, predicted formulas, warnings and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from reeflow.cli.app import app

pytestmark = pytest.mark.integration
runner = CliRunner()


def _json(args: list[str]) -> dict[str, Any]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_pct_json_contract_for_a_shipped_alloy() -> None:
    data = _json(["hydride", "pct", "LaNi5", "--temperature", "25degC", "--json"])
    assert data["alloy"] == "LaNi5"
    assert data["temperature_K"] == pytest.approx(298.15)
    for key in ("plateau_Pa", "delta_H_J_per_mol_H2", "delta_S_J_per_mol_H2_K"):
        assert set(data[key]) == {"absorption", "desorption"}
    assert data["plateau_Pa"]["absorption"] > data["plateau_Pa"]["desorption"]
    assert data["delta_H_J_per_mol_H2"]["desorption"] < 0
    assert data["capacity_wt_pct"] == pytest.approx(1.38, abs=0.005)  # LaNi5H6
    assert data["capacity_mAh_per_g"] == pytest.approx(372.0, abs=1.0)
    assert data["capacity_mAh_per_g"] > 0
    for branch in ("absorption", "desorption"):
        points = data["isotherm"][branch]
        assert len(points) == 200 and all(len(p) == 2 for p in points)
        assert points[-1][0] <= data["capacity_H_per_M"]
    assert data["predicted"] is False
    assert data["warnings"] == []


def test_pct_of_a_formula_not_in_the_data_is_predicted() -> None:
    data = _json(["hydride", "pct", "La0.9Ce0.1Ni4.6Mn0.2Al0.2", "-T", "300K", "--json", "--points", "50"])
    assert data["predicted"] is True
    assert data["model_error"]["ln_p_cv_rmse"] > 0
    assert len(data["isotherm"]["desorption"]) == 50


def test_any_scaling_of_an_a2b7_formula_is_answered() -> None:
    data = _json(["hydride", "pct", "LaY2Ni10.5", "-T", "30degC", "--json"])
    assert data["structure"] == "A2B7"


def test_temperature_outside_the_data_warns() -> None:
    data = _json(["hydride", "pct", "LaNi5", "-T", "440K", "--json"])
    assert data["warnings"] and "outside" in data["warnings"][0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["LaXx5", "-T", "300K"], "element 'Xx'"),
        (["LaNi4", "-T", "300K"], "fits no structure type"),
        (["LaNi5", "-T", "500K"], "250-450 K"),
        (["LaNi5", "-T", "200K"], "250-450 K"),
        (["LaNi5", "-T", "3 bar"], "--temperature"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["hydride", "pct", *args, "--json"])
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1


def test_pct_table_without_json() -> None:
    result = runner.invoke(app, ["hydride", "pct", "MmNi5", "-T", "25degC"])
    assert result.exit_code == 0
    assert "desorption" in result.stdout and "wt% H" in result.stdout


def test_design_json() -> None:
    data = _json(["hydride", "design", "--target-pressure", "1bar", "--temperature", "40degC", "--json"])
    assert data["target_pressure_Pa"] == pytest.approx(1e5)
    assert data["candidates"]
    for c in data["candidates"]:
        assert c["plateau_desorption_Pa"] == pytest.approx(1e5, rel=0.06)


def test_multi_plateau_alloy_lists_every_plateau() -> None:
    data = _json(["hydride", "pct", "Y[2]Co[7]", "-T", "25degC", "--json"])
    plateaus = data["plateaus"]
    assert len(plateaus) == 3
    assert sum(p["share_of_capacity"] for p in plateaus) == pytest.approx(1.0)
    pressures = [p["plateau_Pa"]["desorption"] for p in plateaus]
    assert pressures == sorted(pressures)
    assert data["plateau_Pa"]["desorption"] == pytest.approx(pressures[0])

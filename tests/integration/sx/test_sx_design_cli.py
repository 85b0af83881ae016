"""``reeflow sx design``: JSON contract, --write round trip through ``sx simulate``, bad input.

The La/Ce case (``la_ce_file``, ``la_ce_text``) comes from ``tests/plugins/sx_cascades.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from reeflow.cli.app import app

pytestmark = pytest.mark.integration

runner = CliRunner()

TARGETS = ["--target", "purity:raffinate:La=0.9999", "--target", "purity:loaded_organic:Ce=0.999"]


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_design_json_contract(la_ce_file: Path) -> None:
    result = invoke("sx", "design", str(la_ce_file), *TARGETS, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out["sections"]) == {"extraction", "scrubbing"}
    assert out["organic"]["flow"].endswith(" L/min")
    assert out["scrub"]["flow"].endswith(" L/min")
    sim = out["simulation"]
    for key in ("converged", "iterations", "balance_closure", "split", "purity", "profiles", "solve_time_s"):
        assert key in sim
    assert sim["converged"] is True
    assert sim["purity"]["raffinate"]["La"] >= 0.9999
    assert sim["purity"]["loaded_organic"]["Ce"] >= 0.999
    n_stages = out["sections"]["extraction"] + out["sections"]["scrubbing"]
    assert len(sim["profiles"]["aqueous"]) == n_stages
    assert out["flow_ratio_to_minimum"]["organic"] > 1.0


def test_write_round_trip_through_simulate(la_ce_file: Path, tmp_path: Path) -> None:
    written = tmp_path / "designed.yaml"
    design = invoke("sx", "design", str(la_ce_file), *TARGETS, "--json", "--write", str(written))
    assert design.exit_code == 0, design.output
    data = yaml.safe_load(written.read_text())
    designed = json.loads(design.stdout)
    assert data["sections"] == designed["sections"]
    assert data["organic"] == designed["organic"]
    assert data["feed"]["stage"] == designed["sections"]["extraction"]
    simulated = invoke("sx", "simulate", str(written), "--json")
    assert simulated.exit_code == 0, simulated.output
    sim = json.loads(simulated.stdout)
    assert sim["purity"]["raffinate"]["La"] >= 0.9999
    assert sim["purity"]["loaded_organic"]["Ce"] >= 0.999
    for outlet, purities in designed["simulation"]["purity"].items():
        assert sim["purity"][outlet] == pytest.approx(purities, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    "target",
    ["purity:raffinate:La", "purity:raffinate:La=1.5", "grade:raffinate:La=0.9", "purity:raffinate:Xx=0.9"],
)
def test_bad_target_exits_2_with_one_line_and_writes_nothing(
    la_ce_file: Path, tmp_path: Path, target: str
) -> None:
    written = tmp_path / "never.yaml"
    result = invoke("sx", "design", str(la_ce_file), "--target", target, "--json", "--write", str(written))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and target in lines[0]
    assert not written.exists()


def test_unreachable_purity_exits_2(la_ce_text: str, tmp_path: Path) -> None:
    text = la_ce_text.replace("components: [La, Ce]", "components: [La, Ce, Pr]").replace(
        "Ce: 0.5 mol/L}}", "Ce: 0.5 mol/L, Pr: 0.5 mol/L}}"
    ).replace("Ce: 2.2}", "Ce: 2.2, Pr: 4.0}")
    path = tmp_path / "three.yaml"
    path.write_text(text)
    result = invoke("sx", "design", str(path), "--target", "purity:loaded_organic:Ce=0.9", "--json")
    assert result.exit_code == 2
    assert "purity:loaded_organic:Ce=0.9" in result.stderr


def test_human_output_names_the_design(la_ce_file: Path) -> None:
    result = invoke("sx", "design", str(la_ce_file), *TARGETS)
    assert result.exit_code == 0, result.output
    assert "sections" in result.stdout and "achieved" in result.stdout


def test_design_that_cannot_close_exits_3_with_diagnostics(la_ce_text: str, tmp_path: Path) -> None:
    path = tmp_path / "close.yaml"
    path.write_text(la_ce_text.replace("D: {La: 0.4, Ce: 2.2}", "D: {La: 1.0, Ce: 1.02}"))
    written = tmp_path / "never.yaml"
    result = invoke(
        "sx", "design", str(path), "--target", "purity:raffinate:La=0.99999",
        "--target", "purity:loaded_organic:Ce=0.99999", "--json", "--write", str(written),
    )
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "400 stages" in result.stderr and "attempts" in result.stderr
    assert not written.exists()

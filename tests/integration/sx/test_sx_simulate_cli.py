"""``reeflow sx simulate``: the JSON contract, several files, bad input (exit 2), no convergence (exit 3).

The La/Ce case (``la_ce_file``, ``la_ce_text``) comes from ``tests/plugins/sx_cascades.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reeflow.cli.app import app

pytestmark = pytest.mark.integration

runner = CliRunner()

KEYS = {"converged", "iterations", "balance_closure", "split", "purity", "profiles", "solve_time_s"}


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def langmuir_file(la_ce_text: str, tmp_path: Path) -> Path:
    """The La/Ce case with a saturated competitive-Langmuir organic instead of constant D."""
    text = la_ce_text.replace(
        "equilibrium: {model: constant_distribution, D: {La: 0.4, Ce: 2.2}}",
        "equilibrium: {model: competitive_langmuir, capacity: 0.18 mol/L, K: {La: 2.0 L/mol, Ce: 11 L/mol}}",
    )
    return write(tmp_path, "langmuir.yaml", text)


def test_json_contract_for_one_file(la_ce_file: Path) -> None:
    result = invoke("sx", "simulate", str(la_ce_file), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert KEYS <= set(data)
    assert data["converged"] is True
    assert data["balance_closure"] < 1e-9
    assert set(data["split"]["La"]) == {"raffinate", "loaded_organic"}
    assert sum(data["split"]["Ce"].values()) == pytest.approx(1.0)
    assert sum(data["purity"]["raffinate"].values()) == pytest.approx(1.0)
    assert len(data["profiles"]["aqueous"]) == 22 and len(data["profiles"]["organic"]) == 22
    stage_one = data["profiles"]["aqueous"][0]
    # mol/L at the edge: the raffinate concentration equals La's molar flow over the outlet flow
    raffinate = data["outlets"]["raffinate"]
    assert stage_one["La"] == pytest.approx(raffinate["concentration_mol_L"]["La"], rel=1e-12)
    assert 0 < stage_one["La"] < 0.5


def test_several_files_give_one_object_keyed_by_path(la_ce_file: Path, langmuir_file: Path) -> None:
    first, second = la_ce_file, langmuir_file
    result = invoke("sx", "simulate", str(first), str(second), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {str(first), str(second)}
    assert all(KEYS <= set(entry) for entry in data.values())


def test_table_output(langmuir_file: Path) -> None:
    result = invoke("sx", "simulate", str(langmuir_file))
    assert result.exit_code == 0, result.output
    assert "raffinate" in result.stdout and "converged in" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("La: 0.5 mol/L", "La: 0.5 kg", "feed.concentration.La = '0.5 kg'"),
        ("flow: 3 L/min", "flow: three", "organic.flow = 'three'"),
        ("extraction: 12", "extraction: -1", "sections.extraction"),
        ("D: {La: 0.4, Ce: 2.2}", "D: {La: 0.4}", "equilibrium.D"),
    ],
)
def test_bad_file_exits_2_with_one_line(
    la_ce_text: str, tmp_path: Path, old: str, new: str, fragment: str
) -> None:
    path = write(tmp_path, "bad.yaml", la_ce_text.replace(old, new))
    result = invoke("sx", "simulate", str(path), "--json")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert fragment in lines[0] and str(path) in lines[0] and "expected" in lines[0]
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = invoke("sx", "simulate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr


def test_non_convergence_exits_3_with_diagnostics(langmuir_file: Path) -> None:
    result = invoke("sx", "simulate", str(langmuir_file), "--json", "--max-iter", "1")
    assert result.exit_code == 3
    assert "did not converge" in result.stderr
    assert "stage_residuals" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("example", sorted((Path(__file__).resolve().parents[3] / "examples" / "sx").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_shipped_example_simulates(example: Path) -> None:
    result = invoke("sx", "simulate", str(example), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["converged"] is True
    assert data["balance_closure"] < 1e-9
    for outlet, purities in data["purity"].items():
        assert sum(purities.values()) == pytest.approx(1.0), outlet


def test_text_output_has_a_row_per_component(la_ce_file: Path) -> None:
    """Without --json: one row per component with its split to each outlet and its purity there."""
    result = invoke("sx", "simulate", str(la_ce_file))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ La ") or line.startswith("│ Ce ")]
    assert len(rows) == 2
    assert "to raffinate" in result.stdout and "purity in loaded_organic" in result.stdout
    assert "outlet flows: raffinate" in result.stdout

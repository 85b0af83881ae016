"""``reeflow sx design --json`` writes strict JSON (RFC 8259: no Infinity/NaN) and keeps a plain
extraction battery's form. The La/Ce case (``la_ce_file``, ``la_ce_text``) comes from
``tests/plugins/sx_cascades.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reeflow.cli.app import app

pytestmark = pytest.mark.integration

runner = CliRunner()

def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def test_a_split_whose_minimum_needs_no_scrub_reports_a_null_scrub_ratio(la_ce_file: Path) -> None:
    """Regression: a 60 % Ce organic product needs no scrub at minimum reflux (W_min = 0); the
    scrub ratio was written as the bare token Infinity, which strict JSON parsers refuse."""
    path = la_ce_file
    result = runner.invoke(app, ["sx", "design", str(path), "--target", "purity:loaded_organic:Ce=0.6", "--json"])
    assert result.exit_code == 0, result.output
    out = _strict(result.stdout)
    assert out["flow_ratio_to_minimum"]["scrub"] is None
    assert out["flow_ratio_to_minimum"]["organic"] > 1.0
    plain = runner.invoke(app, ["sx", "design", str(path), "--target", "purity:loaded_organic:Ce=0.6"],
                          env={"COLUMNS": "200"})
    assert plain.exit_code == 0, plain.output
    assert "scrub -" in plain.stdout


def test_a_battery_design_writes_a_battery(la_ce_text: str, tmp_path: Path) -> None:
    path = tmp_path / "battery.yaml"
    path.write_text(la_ce_text.replace("scrubbing: 10", "scrubbing: 0").replace("scrub: {flow: 0.4 L/min}\n", ""))
    written = tmp_path / "designed.yaml"
    target = "recovery:loaded_organic:Ce=0.99"
    result = runner.invoke(app, ["sx", "design", str(path), "--target", target, "--json", "--write", str(written)])
    assert result.exit_code == 0, result.output
    out = _strict(result.stdout)
    assert out["scrub"] is None and out["sections"]["scrubbing"] == 0
    assert out["simulation"]["split"]["Ce"]["loaded_organic"] >= 0.99
    again = runner.invoke(app, ["sx", "simulate", str(written), "--json"])
    assert again.exit_code == 0, again.output
    resimulated = _strict(again.stdout)["split"]
    for component, split in out["simulation"]["split"].items():
        for outlet, fraction in split.items():  # flows are written to 12 significant digits
            assert resimulated[component][outlet] == pytest.approx(fraction, rel=1e-9, abs=1e-12)

"""`reeflow study`: the shipped example studies run; bad input exits 2, an infeasible optimum 3."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from reeflow.cli import study as study_cli

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "studies"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    study_cli.register(app)

    @app.command("noop")
    def noop() -> None:
        """A second command, so that typer keeps `study` as a sub-command."""

    return app


def test_uncertainty_example_tables_and_files(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["study", str(EXAMPLES / "dong_pao_uncertainty.yaml"), "--samples", "8",
                                      "--executor", "serial", "--out", str(tmp_path)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "treo_recovery" in result.output and "Spearman" in result.output
    summary = json.loads((tmp_path / "study.json").read_text())
    assert summary["samples"] == 8 and summary["failures"]["count"] == 0
    with (tmp_path / "samples.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8
    recovery = [float(row["treo_recovery"]) for row in rows]
    assert summary["statistics"]["treo_recovery"]["mean"] == pytest.approx(sum(recovery) / 8)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_runs_as_json(app: typer.Typer, name: str) -> None:
    result = CliRunner().invoke(app, ["study", str(EXAMPLES / name), "--samples", "6", "--executor", "serial", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["failures"]["count"] == 0
    if summary["optimisation"]:
        assert summary["optimisation"]["feasible"]


def test_bad_input_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("scenario: ../../examples/dong_pao.yaml\noutputs: {r: a}\nsamples: 0\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["study", str(path)])
    assert result.exit_code == 2
    assert "samples: 0 is invalid" in result.stderr


def test_infeasible_optimisation_exits_3(app: typer.Typer, tmp_path: Path) -> None:
    (tmp_path / "mixing.yaml").write_text(
        "name: mixing\nfeeds:\n  water: {composition: {H2O: 1.0}, rate: 1 kg/s}\n"
        "  brine: {composition: {H2O: 1.0}, rate: {ratio: 0.5, per: water}}\n"
        "units:\n  tank: {type: mixer, inlets: [water, brine], outlets: {out: product}}\n", encoding="utf-8")
    (tmp_path / "study.yaml").write_text(
        "scenario: mixing.yaml\nsamples: 4\nuncertain: [{path: feeds.water.rate, uniform: {low: 0.9, high: 1.1}}]\n"
        "outputs: {product: streams.product.mass_kg_per_h, brine: streams.brine.mass_kg_per_h}\n"
        "decisions: [{path: feeds.brine.rate.ratio, low: 0.0, high: 1.0}]\nobjective: {minimize: brine}\n"
        "constraints: [{output: product, statistic: min, min: 1.0e+5}]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["study", str(tmp_path / "study.yaml"), "--json", "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "no feasible point" in result.stderr and "min(product)" in result.stderr
    assert json.loads(result.stdout)["optimisation"]["feasible"] is False
    assert (tmp_path / "out" / "study.json").exists()

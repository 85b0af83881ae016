"""`reeflow runs list | show | diff`: outputs, JSON, exit statuses, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reeflow.cli.app import app
from reeflow.storage import RunStore

pytestmark = pytest.mark.integration

Results = Callable[..., dict[str, Any]]
runner = CliRunner()


def reeflow(*args: str) -> Any:
    """Invoke the command line on a terminal wide enough that no table cell wraps."""
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def record_two_runs(url: str, results_factory: Results, scenario_text: str) -> tuple[int, int]:
    with RunStore(url) as store:
        first = store.record("dong_pao_demo", scenario_text, results_factory(), version="0.1.0")
        second = store.record(
            "dong_pao_demo",
            scenario_text.replace("RE: 0.82", "RE: 0.78"),
            results_factory(recovery_factor=0.78 / 0.82),
            version="0.1.0",
        )
    return first, second


def test_list_show_diff_as_json(store_url: str, results_factory: Results, scenario_text: str) -> None:
    empty = reeflow("runs", "list", "--db", store_url, "--json")
    assert empty.exit_code == 0, empty.output
    assert json.loads(empty.stdout) == {"store": store_url, "runs": []}

    first, second = record_two_runs(store_url, results_factory, scenario_text)

    listed = reeflow("runs", "list", "--db", store_url, "--json")
    assert listed.exit_code == 0, listed.output
    assert [run["id"] for run in json.loads(listed.stdout)["runs"]] == [second, first]

    shown = reeflow("runs", "show", str(first), "--db", store_url, "--json")
    assert shown.exit_code == 0, shown.output
    run = json.loads(shown.stdout)
    assert run["id"] == first
    assert run["scenario_text"] == scenario_text
    assert run["results"] == results_factory()

    compared = reeflow("runs", "diff", str(first), str(second), "--db", store_url, "--json")
    assert compared.exit_code == 0, compared.output
    comparison = json.loads(compared.stdout)
    assert comparison["same_scenario"] is False
    assert "+  flotation: {type: component_splitter, recoveries: {RE: 0.78}}" in (
        comparison["scenario_diff"]
    )
    quantities = {difference["quantity"] for difference in comparison["differences"]}
    assert "products.mixed_oxide.mass_kg_per_h" in quantities


def test_tables_without_json(tmp_path: Path, results_factory: Results, scenario_text: str) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    assert "No runs recorded" in reeflow("runs", "list", "--db", url).stdout
    first, second = record_two_runs(url, results_factory, scenario_text)

    listed = reeflow("runs", "list", "--db", url)
    assert listed.exit_code == 0
    assert "dong_pao_demo" in listed.stdout and "Recorded runs" in listed.stdout

    shown = reeflow("runs", "show", str(first), "--db", url)
    assert shown.exit_code == 0
    for text in ("Products", "mixed_oxide", "Element balance", "warning:", "leach"):
        assert text in shown.stdout

    compared = reeflow("runs", "diff", str(first), str(second), "--db", url)
    assert compared.exit_code == 0
    assert "Numeric differences" in compared.stdout
    assert "products.mixed_oxide.mass_kg_per_h" in compared.stdout

    same = reeflow("runs", "diff", str(first), str(first), "--db", url)
    assert "Same scenario text" in same.stdout and "No numeric differences" in same.stdout


def test_unknown_run_id_exits_2_with_one_line(
    tmp_path: Path, results_factory: Results, scenario_text: str
) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    record_two_runs(url, results_factory, scenario_text)
    for args in (("show", "42"), ("diff", "1", "42")):
        result = reeflow("runs", *args, "--db", url, "--json")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            f"error: run 42 not found in {url}; `reeflow runs list` shows the recorded runs"
        ]


@pytest.mark.parametrize(
    "url",
    [
        "runs.db",
        "sqlite:runs.db",
        "mysql://reeflow@localhost/runs",
        "postgresql+psycopg://reeflow@localhost:99999/runs",
    ],
)
@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["diff", "1", "2"]])
def test_bad_url_exits_2_and_writes_nothing(
    url: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = reeflow("runs", *command, "--db", url, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: database URL {url!r}")
    assert list(tmp_path.iterdir()) == []


def test_bad_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REEFLOW_DB", "sqlite:runs.db")
    result = reeflow("runs", "list")
    assert result.exit_code == 2
    assert "database URL 'sqlite:runs.db' is not a valid URL" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_command_line_process_prints_one_error_line_without_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    completed = subprocess.run(
        [sys.executable, "-m", "reeflow.cli.app", "runs", "show", "7", "--db", url],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == [
        f"error: run 7 not found in {url}; `reeflow runs list` shows the recorded runs"
    ]
    assert list(tmp_path.iterdir()) == []

"""The public names of reeflow.studies and the command's registration."""

from __future__ import annotations

import pytest
import typer

import reeflow.studies
from reeflow.cli import study as study_cli

pytestmark = pytest.mark.unit


def test_public_names() -> None:
    assert sorted(reeflow.studies.__all__) == [
        "Evaluator", "Outcome", "StudyResult", "StudySpec", "get_path", "load_study", "parse_path",
        "run_study", "run_study_spec", "set_path", "solve_scenario_mapping", "write_study",
    ]
    assert all(hasattr(reeflow.studies, name) for name in reeflow.studies.__all__)


def test_register_adds_a_top_level_study_command() -> None:
    app = typer.Typer()
    study_cli.register(app)
    assert [command.name for command in app.registered_commands] == ["study"]

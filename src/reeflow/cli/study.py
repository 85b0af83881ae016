"""`reeflow study`: uncertainty and optimisation studies over a scenario."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reeflow.cli.common import EXIT_NOT_CONVERGED, cli_errors, echo_json

if TYPE_CHECKING:
    from reeflow.studies import StudyResult

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``study`` command to ``app``."""
    app.command("study")(study)


@cli_errors
def study(
    study_file: Annotated[Path, typer.Argument(help="Study file (YAML).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")] = False,
    samples: Annotated[int | None, typer.Option("--samples", help="Monte-Carlo samples (replaces the file's).")] = None,
    executor: Annotated[
        str | None, typer.Option("--executor", help="serial, processes or ray (replaces the file's).")
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Worker processes or local Ray CPUs.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for study.json and samples.csv.")] = None,
) -> None:
    """Run STUDY_FILE: sample the uncertain inputs, solve the scenario for each sample, report
    statistics and sensitivities, and optimise the decisions if the study has any."""
    from rich.console import Console

    from reeflow.studies import run_study, write_study
    from reeflow.studies.results import jsonable

    err = Console(stderr=True)
    with err.status("running the study", spinner="dots"):
        result = run_study(study_file, samples=samples, executor=executor, workers=workers)
    files = write_study(result, out) if out is not None else {}
    if as_json:
        echo_json(jsonable(result.summary))
    else:
        _tables(result, files)
    if not result.feasible:
        diagnosis = result.summary["optimisation"]["diagnosis"]
        print(f"error: the optimisation found no feasible point: {diagnosis}", file=sys.stderr)
        raise typer.Exit(EXIT_NOT_CONVERGED)


def _tables(result: StudyResult, files: dict[str, Path]) -> None:
    from rich.console import Console
    from rich.table import Table

    from reeflow.studies.statistics import SUMMARY

    summary = result.summary
    console = Console()
    stats = Table(title=f"{summary['study']}: outputs over {summary['samples']} samples", title_justify="left")
    stats.add_column("output", overflow="fold")
    for name in (*SUMMARY, "n"):
        stats.add_column(name, justify="right", overflow="fold")
    for output, row in summary["statistics"].items():
        stats.add_row(output, *(_number(row[name]) for name in SUMMARY), str(row["n"]))
    console.print(stats)
    if summary["inputs"]:
        sensitivity = Table(title="Spearman rank correlation of each output with each input", title_justify="left")
        sensitivity.add_column("input", overflow="fold")
        outputs = list(summary["sensitivity"])
        for output in outputs:
            sensitivity.add_column(output, justify="right", overflow="fold")
        for item in summary["inputs"]:
            name = item["name"]
            sensitivity.add_row(name, *(_rho(summary["sensitivity"][o][name]) for o in outputs))
        console.print(sensitivity)
    if summary["optimisation"]:
        _optimum(console, summary["optimisation"], {d["path"]: d["name"] for d in summary["decisions"]})
    failures = summary["failures"]
    console.print(f"failed samples: {failures['count']} of {failures['of']}", highlight=False)
    for kind in failures["reasons"]:
        console.print(f"  {kind['count']} × {kind['example']}", highlight=False)
    console.print(f"{summary['scenario_solves']} scenario solves in {summary['wall_time_s']:.2f} s "
                  f"on {summary['executor']}", highlight=False)
    if files:
        console.print(f"written: {', '.join(str(p) for p in files.values())}", highlight=False)


def _optimum(console: Any, optimisation: dict[str, Any], names: dict[str, str]) -> None:
    state = "optimum" if optimisation["feasible"] else "[red]no feasible point[/]; least infeasible"
    console.print(f"{state} ({optimisation['method']}, {optimisation['evaluations']} decision points, "
                  f"{optimisation['iterations']} iterations):")
    for path, value in optimisation["decisions"].items():
        label = path if names.get(path, path) == path else f"{names[path]} ({path})"
        console.print(f"  {label} = {value:.6g}", highlight=False)
    console.print(f"  {optimisation['sense']} {optimisation['objective_statistic']}({optimisation['objective_output']})"
                  f" = {_number(optimisation['objective'])}", highlight=False)
    for label, value in optimisation["constraints"].items():
        console.print(f"  {label} = {_number(value)}", highlight=False)


def _number(value: float | None) -> str:
    return "-" if value is None or value != value else f"{value:.4g}"


def _rho(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"

"""The main job: load → build → solve → analyse → write → record.

:func:`run_scenario` validates everything it can before it writes anything: a scenario or store
URL that is wrong raises before the output folder is created. A flowsheet that does not converge
is still written (``converged: false`` with the tear residuals) and then reported to the caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reeflow import __version__
from reeflow.flowsheet import Flowsheet, SolveReport, flowsheet_results, solve
from reeflow.radioactivity import flowsheet_radioactivity
from reeflow.scenario import Scenario, build_flowsheet, load_scenario, read_scenario_text
from reeflow.streams import oxide_factors

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

__all__ = ["RunOutcome", "analyse", "default_output_dir", "run_scenario"]


@dataclass(frozen=True)
class RunOutcome:
    """What a run produced: the results dict, the files written and the run-store id."""

    results: dict[str, Any]
    output_dir: Path
    files: dict[str, Path]
    run_id: int | None


def default_output_dir(scenario_name: str) -> Path:
    """``./runs/<scenario name>`` with the name made safe for a folder."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", scenario_name).strip("_") or "scenario"
    return Path("runs") / slug


def run_scenario(
    path: Path,
    output_dir: Path | None = None,
    *,
    database_url: str | None = None,
    record: bool = True,
    progress: Callable[[str], None] | None = None,
) -> RunOutcome:
    """Simulate the scenario at ``path``, write results.json, streams.csv, report.html, record the run."""
    text = read_scenario_text(path)
    scenario = load_scenario(path, text)
    flowsheet = build_flowsheet(scenario, path)
    store = None
    if record:
        from reeflow.storage import RunStore

        store = RunStore(database_url)
    options = scenario.options.solve_options()
    report = solve(flowsheet, options, raise_on_failure=False, progress=progress)
    results, figures = analyse(scenario, flowsheet, report)
    if progress:
        progress("writing results and report")
    out = output_dir or default_output_dir(scenario.name)
    unit_files = {name: text for unit in flowsheet.units.values() for name, text in unit.output_files().items()}
    files = _write(results, figures, out, unit_files)
    run_id = store.record(scenario.name, text, results, version=__version__) if store else None
    return RunOutcome(results, out, files, run_id)


def analyse(
    scenario: Scenario, flowsheet: Flowsheet, report: SolveReport
) -> tuple[dict[str, Any], list[tuple[str, Figure]]]:
    """The results dict (balances, assays, recoveries, activity, economics) and the report's figures."""
    results = flowsheet_results(flowsheet, report, scenario.products)
    _add_recoveries(results)
    results["radioactivity"] = flowsheet_radioactivity(flowsheet)
    if scenario.economics:
        from reeflow.economics import evaluate

        results["economics"] = evaluate(results, scenario.economics)
    figures: list[tuple[str, Figure]] = []
    if any(species.kind == "hydrogen_storage_alloy" for species in flowsheet.database):
        from reeflow.hydrogen.report_figures import hydrogen_figures

        figures = hydrogen_figures(results, flowsheet.database)  # may add warnings to results
    return results, figures


def _write(
    results: dict[str, Any], figures: list[tuple[str, Figure]], out: Path, unit_files: dict[str, str]
) -> dict[str, Path]:
    """Write results.json, streams.csv, report.html and the units' own files (``unit_files``, name →
    text, e.g. the cascade file of a solvent-extraction unit) into ``out`` (created with parents)."""
    from reeflow.report import write_report, write_streams_csv

    out.mkdir(parents=True, exist_ok=True)
    files = {"results": out / "results.json", "streams": out / "streams.csv", "report": out / "report.html"}
    files["results"].write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_streams_csv(results, files["streams"])
    write_report(results, files["report"], extra_figures=figures)
    for name, text in unit_files.items():
        files[name] = out / name
        files[name].write_text(text, encoding="utf-8")
    return files


def _add_recoveries(results: dict[str, Any]) -> None:
    """Add each product's recovery of every rare earth (fraction of that element's input)."""
    rare_earths = set(oxide_factors())
    elements_in = results["balance"]["elements"]
    for pid, product in results["products"].items():
        flows = results["streams"][pid]["elements_kg_per_h"]
        product["recovery"] = {
            el: flows.get(el, 0.0) / elements_in[el]["in_kg_per_h"]
            for el in elements_in
            if el in rare_earths and elements_in[el]["in_kg_per_h"] > 0
        }

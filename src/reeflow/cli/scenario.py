"""`reeflow run` and `reeflow validate`: the main job on a scenario file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from reeflow.cli.common import EXIT_NOT_CONVERGED, cli_errors, echo_json

__all__ = ["register"]

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)]


def register(app: typer.Typer) -> None:
    """Add the scenario commands to ``app``."""
    app.command("run")(run)
    app.command("validate")(validate)


@cli_errors
def run(
    scenario: ScenarioArg,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default ./runs/<scenario name>).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Run-store URL (default: SQLite in the user data folder).")] = None,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record the run in the store.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as one JSON object.")] = False,
) -> None:
    """Simulate SCENARIO; write results.json, streams.csv and report.html; record the run."""
    from rich.console import Console

    from reeflow.pipeline import run_scenario

    err = Console(stderr=True)
    with err.status("simulating", spinner="dots") as status:
        outcome = run_scenario(
            scenario, out, database_url=db, record=not no_record,
            progress=lambda step: status.update(f"simulating: {step}"),
        )
    results = outcome.results
    if as_json:
        echo_json(results)
    else:
        _summary(results, outcome.output_dir, outcome.run_id, outcome.files)
    for warning in results["warnings"]:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if not results["converged"]:
        print("error: the flowsheet did not converge; tear residuals are in results.json under 'solver'; a loop "
              "that returns most of its flow converges in fewer passes with options: {wegstein_q_min: -100}",
              file=sys.stderr)
        raise typer.Exit(EXIT_NOT_CONVERGED)


@cli_errors
def validate(scenario: ScenarioArg) -> None:
    """Check SCENARIO (schema, species, reactions, connections) without simulating it."""
    from reeflow.scenario import build_flowsheet, load_scenario

    model = load_scenario(scenario)
    flowsheet = build_flowsheet(model, scenario)
    print(f"{scenario}: valid — {len(flowsheet.units)} units, {len(flowsheet.source)} streams")


def _summary(results: dict[str, Any], output_dir: Path, run_id: int | None, files: dict[str, Path]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{results['scenario']}: products", title_justify="left")
    for col in ("stream", "t/h", "REO wt%", "TREO recovery", "main oxides (share of TREO)"):
        table.add_column(col, justify="left" if col in ("stream", "main oxides (share of TREO)") else "right")
    for pid, product in results["products"].items():
        purity = sorted(product["relative_purity"].items(), key=lambda kv: -kv[1])[:3]
        recovery = product.get("recovery", {})
        treo_in = sum(results["balance"]["elements"][el]["in_kg_per_h"] for el in recovery)
        treo_out = sum(results["streams"][pid]["elements_kg_per_h"].get(el, 0.0) for el in recovery)
        table.add_row(
            pid,
            f"{product['mass_kg_per_h'] / 1000:.4g}",
            f"{product['REO_wt_pct']:.2f}",
            f"{treo_out / treo_in:.1%}" if treo_in > 0 else "-",
            ", ".join(f"{ox} {share:.1%}" for ox, share in purity),
        )
    console.print(table)
    closure = results["balance"]["closure"]
    state = "[green]converged[/]" if results["converged"] else "[red]NOT converged[/]"
    console.print(f"{state}; element balance closure {closure:.2e} (max |in-out|/in over elements)")
    for line in (_radioactivity_line(results), _economics_line(results)):
        if line:
            console.print(line, highlight=False)
    recorded = f"; recorded as run {run_id}" if run_id is not None else ""
    more = "".join(f", {name}" for name in files if name not in ("results", "streams", "report"))
    console.print(f"results, streams.csv, report.html{more} in {output_dir}{recorded}")


def _radioactivity_line(results: dict[str, Any]) -> str | None:
    """The streams leaving the flowsheet that are regulated, with their leading nuclide."""
    records = (results.get("radioactivity") or {}).get("streams") or {}
    leaving = [sid for sid, s in results["streams"].items() if s["sink"] is None and sid in records]
    if not leaving:
        return None
    regulated = []
    for sid in leaving:
        if records[sid]["class"] == "regulated":
            nuclide, record = max(records[sid]["nuclides"].items(), key=lambda kv: kv[1]["Bq_per_g"])
            regulated.append(f"{sid} ({nuclide} {record['Bq_per_g']:.3g} Bq/g)")
    if not regulated:
        return "radioactivity: every outlet exempt"
    return "radioactivity: regulated outlets " + ", ".join(regulated)


def _economics_line(results: dict[str, Any]) -> str | None:
    """Raw-material cost per kg of the main product, flagged as a lower bound if feeds are unpriced."""
    economics = results.get("economics")
    if not economics or economics.get("raw_material_cost_USD_per_kg_product") is None:
        return None
    unpriced = economics["unpriced_feeds"]
    bound = f" (lower bound: unpriced {', '.join(unpriced)})" if unpriced else ""
    return (f"economics: raw materials {economics['raw_material_cost_USD_per_kg_product']:.3g} "
            f"{economics['currency']} per kg of {economics['main_product']}{bound}")

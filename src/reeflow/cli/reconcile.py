"""`reeflow reconcile`: reconcile plant measurements against a scenario's element balances.

``reeflow reconcile SCENARIO MEASUREMENTS [--json] [--out DIR]`` simulates the scenario, adjusts
the measurements (CSV or YAML, see docs/reconciliation.md) as little as their standard deviations
allow so that every element balance closes with every element flow >= 0, and prints a table of
the measurements with the global and measurement tests and the flows held at zero by the bounds,
or one JSON object with ``--json``. ``--out DIR`` also writes
DIR/reconciliation.json. Exit 2 for invalid input, 3 when the simulation or the reconciliation
does not converge.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from reeflow.cli.common import cli_errors, echo_json

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``reconcile`` command to ``app``."""
    app.command("reconcile")(reconcile)


@cli_errors
def reconcile(
    scenario: Annotated[Path, typer.Argument(metavar="SCENARIO", help="Scenario file (YAML).", show_default=False)],
    measurements: Annotated[
        Path, typer.Argument(metavar="MEASUREMENTS", help="Measurements: CSV 'stream,quantity,value,sd[,basis]' or YAML.", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as one JSON object.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write reconciliation.json into.")] = None,
) -> None:
    """Reconcile MEASUREMENTS against the element balances of SCENARIO; test for gross errors."""
    from rich.console import Console

    from reeflow.reconciliation import reconcile_scenario, reconciliation_results

    results = reconciliation_results(reconcile_scenario(scenario, measurements))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "reconciliation.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if as_json:
        echo_json(results)
    else:
        _print_summary(results, out)
    err = Console(stderr=True)
    for warning in results["warnings"]:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


def _print_summary(results: dict[str, Any], out: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    bounds = results["active_bounds"]
    table = Table(title="reconciled measurements", title_justify="left")
    columns = ["measurement", "unit", "measured ± sd", "reconciled ± sd", "normalised adj.", "suspect"]
    for col in columns + (["at bound"] if bounds else []):
        table.add_column(col, justify="left" if col in ("measurement", "unit") else "right")
    for row in results["measurements"]:
        basis = " (solids)" if row["basis"] == "solids" else ""
        z = row["normalised_adjustment"]
        cells = [
            f"{row['stream']} {row['quantity']}{basis}",
            row["unit"] or "fraction",
            f"{row['measured']:.4g} ± {_two_digits(row['sd'])}",
            f"{row['reconciled']:.4g} ± {_two_digits(row['reconciled_sd'])}",
            "-" if z is None else f"{z:+.2f}",
            "SUSPECT" if row["suspect"] else "",
        ]
        table.add_row(*cells, *(["yes" if row["affected_by_bounds"] else ""] if bounds else []))
    console.print(table)
    if bounds:
        held = ", ".join(f"{b['stream']} {b['element']} ({b['unbounded_kg_per_h']:.3g} kg/h)" for b in bounds)
        console.print(
            f"element flows held at zero by the bounds f >= 0 (unbounded value in brackets): {held}; "
            f"chi-square without the bounds {results['chi_square_unbounded']:.4g}", highlight=False,
        )
    dof = results["degrees_of_freedom"]
    if results["global_test_passed"] is None:
        console.print(f"global test: chi-square {results['chi_square']:.4g}, no redundancy (0 degrees of freedom)")
    else:
        verdict = "passed" if results["global_test_passed"] else "[red]FAILED[/]"
        console.print(
            f"global test {verdict}: chi-square {results['chi_square']:.4g} vs {results['chi_square_critical_95']:.4g} "
            f"(95 %, {dof} degrees of freedom); measurement test limit |z| > {results['measurement_test_limit']:.3g}"
        )
    unobservable = [sid for sid, s in results["streams"].items() if not s["mass_observable"]]
    if unobservable:
        console.print(f"mass flows not observable from these data (set by the model): {', '.join(unobservable)}",
                      highlight=False)
    console.print(f"element balance closure {results['balance_closure']:.2e} (max |in-out|/in over units and elements)")
    if out is not None:
        console.print(f"results in {out / 'reconciliation.json'}")


def _two_digits(value: float) -> str:
    """``value`` to two significant digits without an exponent for ordinary sizes (120, 0.043)."""
    return f"{float(f'{value:.2g}'):g}"

"""`reeflow runs list | show | diff`: the recorded runs of the run store.

Each command reads the store named by ``--db URL`` (else ``$REEFLOW_DB``, else the SQLite file in
the user data directory), prints rich tables, or exactly one JSON object with ``--json``. An
unknown run id or a bad URL exits with status 2 and one line on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reeflow.cli.common import cli_errors, echo_json

if TYPE_CHECKING:
    from rich.console import Console

    from reeflow.storage import RunDiff, RunSummary, StoredRun

app = typer.Typer(no_args_is_help=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Run store URL: sqlite:///path/runs.db or postgresql+psycopg://user@host:port/db "
        "(default: $REEFLOW_DB, else runs.db in the user data directory).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


@app.command("list")
@cli_errors
def list_runs(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Largest number of runs shown.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List the recorded runs, newest first."""
    from reeflow.storage import RunStore

    store = RunStore(db)
    runs = store.list(limit)
    if as_json:
        echo_json({"store": store.url, "runs": [run.to_dict() for run in runs]})
        return
    _print_run_list(store.url, runs)


@app.command("show")
@cli_errors
def show_run(
    run_id: Annotated[int, typer.Argument(metavar="ID", help="Run id (see `reeflow runs list`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one run: products, element balance, warnings (--json: everything, scenario included)."""
    from reeflow.storage import RunStore

    run = RunStore(db).get(run_id)
    if as_json:
        echo_json(run.to_dict())
        return
    _print_run(run)


@app.command("diff")
@cli_errors
def diff_runs(
    id1: Annotated[int, typer.Argument(metavar="ID1", help="Reference run id.")],
    id2: Annotated[int, typer.Argument(metavar="ID2", help="Run id compared with ID1.")],
    db: DbOption = None,
    rtol: Annotated[float, typer.Option(help="Relative tolerance of the comparison.")] = 1e-6,
    atol: Annotated[
        float, typer.Option(help="Absolute tolerance, in each quantity's unit.")
    ] = 1e-12,
    as_json: JsonOption = False,
) -> None:
    """Compare two runs: scenario text and products, balance closures, stream mass flows."""
    from reeflow.storage import RunStore

    comparison = RunStore(db).diff(id1, id2, rtol=rtol, atol=atol)
    if as_json:
        echo_json(comparison.to_dict())
        return
    _print_diff(comparison)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.6g}"


def _converged(flag: bool) -> str:
    return "[green]yes[/]" if flag else "[red]no[/]"


def _print_run_list(url: str, runs: list[RunSummary]) -> None:
    from rich.table import Table

    console = _console()
    if not runs:
        console.print(f"No runs recorded in {url}.")
        return
    table = Table(title=f"Recorded runs — {url}", title_justify="left")
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Scenario", no_wrap=True)
    table.add_column("Hash", no_wrap=True)
    table.add_column("Version")
    table.add_column("Recorded (UTC)")
    table.add_column("Converged")
    table.add_column("Closure", justify="right")
    for run in runs:
        table.add_row(
            str(run.id),
            run.scenario_name,
            run.scenario_hash,
            run.version,
            run.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            _converged(run.converged),
            _number(run.closure),
        )
    console.print(table)


def _print_run(run: StoredRun) -> None:
    from rich.table import Table

    console = _console()
    console.print(
        f"[bold]Run {run.id}[/] — scenario [bold]{run.scenario_name}[/] "
        f"(sha256 {run.scenario_hash[:12]}), reeflow {run.version}, "
        f"recorded {run.created_at:%Y-%m-%d %H:%M:%S} UTC\n"
        f"Converged: {_converged(run.converged)}   overall closure: {_number(run.closure)}"
    )
    products: dict[str, Any] = run.results.get("products") or {}
    if products:
        table = Table(title="Products", title_justify="left")
        for header in ("Product", "Mass (kg/h)", "REO (wt%)", "Relative purity (of TREO)"):
            table.add_column(header, justify="left" if header.startswith(("P", "R")) else "right")
        for product_id, product in products.items():
            purity = product.get("relative_purity") or {}
            main = sorted(purity.items(), key=lambda item: -(item[1] or 0.0))[:4]
            table.add_row(
                product_id,
                _number(product.get("mass_kg_per_h")),
                _number(product.get("REO_wt_pct")),
                ", ".join(f"{oxide} {_number(fraction)}" for oxide, fraction in main),
            )
        console.print(table)
    elements: dict[str, Any] = (run.results.get("balance") or {}).get("elements") or {}
    if elements:
        table = Table(title="Element balance", title_justify="left")
        for header in ("Element", "In (kg/h)", "Out (kg/h)", "Closure"):
            table.add_column(header, justify="left" if header == "Element" else "right")
        for element, entry in elements.items():
            table.add_row(
                element,
                _number(entry.get("in_kg_per_h")),
                _number(entry.get("out_kg_per_h")),
                _number(entry.get("closure")),
            )
        console.print(table)
    for warning in run.results.get("warnings") or []:
        console.print(f"[yellow]warning:[/] {warning}")
    console.print(f"{len(run.results.get('streams') or {})} streams; --json prints everything.")


def _print_diff(comparison: RunDiff) -> None:
    from rich.syntax import Syntax
    from rich.table import Table

    console = _console()
    first, second = comparison.run1, comparison.run2
    console.print(
        f"Run {first.id} ({first.scenario_name}, reeflow {first.version}) → "
        f"run {second.id} ({second.scenario_name}, reeflow {second.version})"
    )
    if comparison.same_scenario:
        console.print(f"Same scenario text (sha256 {first.scenario_hash}).")
    else:
        console.print(Syntax(comparison.scenario_diff, "diff", theme="ansi_dark"))
    tolerance = f"rtol={comparison.rtol:g}, atol={comparison.atol:g}"
    if not comparison.differences:
        console.print(f"No numeric differences beyond {tolerance}.")
        return
    table = Table(title=f"Numeric differences ({tolerance})", title_justify="left")
    table.add_column("Quantity", overflow="fold")
    table.add_column("Unit")
    for header in (f"Run {first.id}", f"Run {second.id}", "Change", "Rel."):
        table.add_column(header, justify="right")
    for difference in comparison.differences:
        relative = difference.relative_change
        table.add_row(
            difference.quantity,
            difference.unit,
            _number(difference.run1),
            _number(difference.run2),
            _number(difference.change),
            "—" if relative is None else f"{relative:+.3%}",
        )
    console.print(table)

"""`reeflow sx` commands: simulate (and design) counter-current solvent-extraction cascades.

``reeflow sx simulate CASCADE.yaml [MORE.yaml ...] [--json]`` solves each cascade file. With one
file ``--json`` prints the result object itself; with several it prints one object mapping each
file path to its result. An invalid file exits with status 2 (one line naming field, value and
expected form), a non-converged solve with status 3 and its diagnostics on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reeflow.cli.common import cli_errors, echo_json

if TYPE_CHECKING:
    from reeflow.unitops.sx import CascadeResult

app = typer.Typer(no_args_is_help=True)


# --------------------------------------------------------------------------- simulate
@app.command("simulate")
@cli_errors
def simulate_command(
    cascades: Annotated[
        list[Path], typer.Argument(metavar="CASCADE.yaml...", help="Cascade files (see docs/sx.md).", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    tol: Annotated[float, typer.Option(help="Largest scaled stage residual accepted.")] = 1e-12,
    max_iter: Annotated[int, typer.Option(help="Newton iterations allowed.")] = 400,
) -> None:
    """Simulate cascade files stage by stage: splits, purities, profiles, balance closure."""
    from reeflow.unitops.sx import load_cascade, simulate

    loaded = [(str(path), load_cascade(path)) for path in cascades]
    results = {name: simulate(cascade, tol=tol, max_iter=max_iter) for name, cascade in loaded}
    if as_json:
        if len(results) == 1:
            echo_json(next(iter(results.values())).to_dict())
        else:
            echo_json({name: result.to_dict() for name, result in results.items()})
        return
    for (name, cascade), result in zip(loaded, results.values(), strict=True):
        _print_result(name, cascade.name, result)


def _print_result(path: str, title: str, result: CascadeResult) -> None:
    """One row per component: the fraction of its input leaving by each outlet and its mole fraction
    there; then the outlets' flows."""
    from rich.console import Console
    from rich.table import Table

    from reeflow.uom import to_unit

    outlets = list(result.outlet_volumes)
    table = Table(title=f"{title} ({path})", title_justify="left")
    table.add_column("component")
    for outlet in outlets:
        table.add_column(f"to {outlet}", justify="right")
    for outlet in outlets:
        table.add_column(f"purity in {outlet}", justify="right")
    split: dict[str, Any] = result.split
    for symbol in result.components:
        cells = [symbol]
        cells += ["-" if split[symbol] is None else f"{split[symbol][outlet]:.6g}" for outlet in outlets]
        cells += [f"{result.purity[outlet][symbol]:.6g}" for outlet in outlets]
        table.add_row(*cells)
    console = Console()
    console.print(table)
    flows = ", ".join(f"{outlet} {to_unit(volume, 'm**3/s', 'L/min'):.4g} L/min"
                      for outlet, volume in result.outlet_volumes.items())
    console.print(f"outlet flows: {flows}")
    console.print(
        f"converged in {result.iterations} iterations, residual {result.residual:.2e}, "
        f"balance closure {result.balance_closure:.2e}, {result.solve_time_s * 1e3:.2f} ms"
    )


# --------------------------------------------------------------------------- design (SX-design adds it below)
@app.command("design")
@cli_errors
def design_command(
    cascade_file: Annotated[
        Path, typer.Argument(metavar="CASCADE.yaml", help="Cascade file; its stages and flows are the starting guess.")
    ],
    targets: Annotated[
        list[str],
        typer.Option(
            "--target",
            help="purity|recovery:OUTLET:COMPONENT=VALUE, e.g. purity:raffinate:La=0.9999 (repeat the option).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    write: Annotated[
        Path | None, typer.Option("--write", metavar="OUT.yaml", help="Write the designed cascade file here.")
    ] = None,
    reflux: Annotated[float, typer.Option(help="Theory start's flows over the minimum (reflux) flows.")] = 1.3,
) -> None:
    """Design stage numbers and organic/scrub flows that meet the targets, confirmed by simulation."""
    import yaml

    from reeflow.unitops.sx import load_cascade
    from reeflow.unitops.sx.design import design
    from reeflow.unitops.sx.targets import parse_target

    parsed = [parse_target(text) for text in targets]
    cascade = load_cascade(cascade_file)
    result = design(cascade, parsed, reflux=reflux)
    if write is not None:
        write.write_text(yaml.safe_dump(result.cascade.to_file_dict(), sort_keys=False, allow_unicode=True))
    report = result.to_dict()
    if as_json:
        echo_json(report)
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{cascade.name}[/bold]: design for {', '.join(t.text for t in parsed)}")
    console.print(f"sections: {report['sections']}")
    console.print(f"organic: {report['organic']['flow']}  scrub: {(report['scrub'] or {}).get('flow', '-')}")
    ratio = report["flow_ratio_to_minimum"]
    scrub_ratio = "-" if ratio["scrub"] is None else f"{ratio['scrub']:.3g}"
    console.print(f"flows over the theory's minimum: organic {ratio['organic']:.3g}, scrub {scrub_ratio}")
    for text, values in report["targets"].items():
        console.print(f"  {text}: achieved {values['achieved']:.8g}")
    _print_result(str(cascade_file), f"{cascade.name} (designed)", result.result)
    if write is not None:
        console.print(f"designed cascade written to {write}")

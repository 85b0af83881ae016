"""Entry point of the ``reeflow`` command. Sub-command groups live in their own modules."""

from __future__ import annotations

import typer

from reeflow.cli import hydride, reconcile, runs, scenario, study, sx

app = typer.Typer(
    name="reeflow",
    help="Rare-earth process engineering: ore-to-oxide flowsheets, solvent extraction, hydrogen-storage alloys.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
scenario.register(app)
reconcile.register(app)
study.register(app)
app.add_typer(runs.app, name="runs", help="Recorded runs: list, show, diff.")
app.add_typer(sx.app, name="sx", help="Counter-current solvent-extraction cascades: simulate and design.")
app.add_typer(hydride.app, name="hydride", help="Rare-earth hydrogen-storage alloys: PCT and design.")


def main() -> None:
    """Run the command line."""
    app()


if __name__ == "__main__":
    main()

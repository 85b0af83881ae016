"""`reeflow run` and `reeflow validate` (placeholder until the scenario runner lands)."""

import typer


def register(app: typer.Typer) -> None:
    """Add the scenario commands to ``app``."""

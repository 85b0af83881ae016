"""Conventions shared by every command: exit statuses, one-line errors, JSON output.

Exit 0 on success, 2 on invalid input (one line on stderr naming field, value and expected form,
no traceback), 3 on non-convergence (with diagnostics) or a balance that does not close. With ``--json`` stdout holds exactly one
JSON object; progress and warnings go to stderr.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer

from reeflow.errors import BalanceError, ConvergenceError, DataError, InputError

__all__ = ["EXIT_INPUT", "EXIT_NOT_CONVERGED", "cli_errors", "echo_json", "fail"]

EXIT_INPUT = 2
EXIT_NOT_CONVERGED = 3

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, status: int = EXIT_INPUT) -> NoReturn:
    """Print ``message`` as one line on stderr and exit with ``status``."""
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    raise typer.Exit(status)


def cli_errors(command: F) -> F:
    """Map reeflow's errors raised inside ``command`` to the exit statuses above."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (InputError, DataError) as exc:
            fail(str(exc), EXIT_INPUT)
        except ConvergenceError as exc:
            print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
            if exc.diagnostics:
                print(json.dumps(exc.diagnostics, indent=1, default=str), file=sys.stderr)
            raise typer.Exit(EXIT_NOT_CONVERGED) from None
        except BalanceError as exc:
            fail(str(exc), EXIT_NOT_CONVERGED)

    return wrapper  # type: ignore[return-value]


def echo_json(obj: Any) -> None:
    """Write ``obj`` as exactly one JSON object on stdout."""
    sys.stdout.write(json.dumps(obj, default=_jsonable) + "\n")


def _jsonable(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "model_dump"):
        return value.model_dump()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")

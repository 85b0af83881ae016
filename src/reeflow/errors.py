"""Errors raised by reeflow.

Every error derives from :class:`ReeflowError` and from the builtin it resembles, so callers may
catch either::

    ReeflowError
    ├── InputError (ValueError)            bad user input: scenario, cascade, alloy, quantity
    │   ├── ScenarioError                  a scenario file that does not validate
    │   └── UnitsError                     a quantity that does not parse or has wrong dimensions
    ├── DataError (LookupError)            missing or inconsistent shipped data (unknown species, ore)
    ├── BalanceError (ArithmeticError)     a unit or flowsheet that does not close its balances
    └── ConvergenceError (RuntimeError)    a solver that did not converge; carries diagnostics

The command line maps InputError and DataError to exit status 2 and ConvergenceError to 3.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BalanceError",
    "ConvergenceError",
    "DataError",
    "InputError",
    "ReeflowError",
    "ScenarioError",
    "UnitsError",
]


class ReeflowError(Exception):
    """Base class of every error reeflow raises on purpose."""


class InputError(ReeflowError, ValueError):
    """Input that cannot be used: the message names the field, the value and the expected form."""


class ScenarioError(InputError):
    """A scenario or cascade file that does not validate."""


class UnitsError(InputError):
    """A quantity that does not parse, or whose dimensions are not the ones expected."""


class DataError(ReeflowError, LookupError):
    """A name that the shipped data does not know, or shipped data that is inconsistent."""


class BalanceError(ReeflowError, ArithmeticError):
    """An element or mass balance that does not close within its tolerance."""


class ConvergenceError(ReeflowError, RuntimeError):
    """A solver that did not converge.

    ``diagnostics`` holds what a user needs to see why: residuals per tear stream or stage,
    iteration counts, the last iterate's balance closure.
    """

    def __init__(self, message: str, diagnostics: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.diagnostics: dict[str, Any] = diagnostics or {}

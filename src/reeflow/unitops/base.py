"""The unit-operation contract.

A unit operation turns inlet streams into named outlet streams. The base class owns
:meth:`UnitOperation.run`; a subclass implements the hook ``_run`` and declares its parameters as
a pydantic model ``Parameters`` (validated once, at construction, against the species database).
After every run the base class checks the element balance of the unit and raises
:class:`~reeflow.errors.BalanceError` if any element closes worse than ``BALANCE_TOLERANCE``;
the last closure is kept on the unit for reports. Subclasses cannot override ``run``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from reeflow.errors import BalanceError, ScenarioError
from reeflow.species import SpeciesDatabase
from reeflow.streams import Stream, element_balance

__all__ = ["BALANCE_TOLERANCE", "UnitOperation", "UnitParameters", "validation_error_message"]

#: Largest relative element-balance closure a unit may show after a run.
BALANCE_TOLERANCE = 1e-9


class UnitParameters(BaseModel):
    """Base of every unit's parameter model: unknown keys are errors, and so are NaN and
    infinite numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class UnitOperation:
    """A unit operation with id ``id``: inlet streams in, ``{outlet port: stream}`` out."""

    type_name: ClassVar[str]
    Parameters: ClassVar[type[UnitParameters]] = UnitParameters
    #: Inlet count the unit accepts: (minimum, maximum or None for any).
    inlet_count: ClassVar[tuple[int, int | None]] = (1, None)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "run" in cls.__dict__:
            raise TypeError(f"{cls.__name__} overrides run(); implement _run() instead")

    def __init__(self, id: str, parameters: Mapping[str, Any] | None, database: SpeciesDatabase) -> None:
        self.id = id
        self.database = database
        try:
            self.parameters = self.Parameters.model_validate(dict(parameters or {}))
        except ValidationError as exc:
            raise ScenarioError(validation_error_message(exc, f"units.{id}.parameters")) from None
        self.closure = 0.0
        self.warnings: list[str] = []
        self._prepare()

    def _prepare(self) -> None:
        """Check parameters against the database and precompute; raise ScenarioError on misuse."""

    def outlet_ports(self) -> tuple[str, ...]:
        """Names of the outlet ports, in order."""
        return ("out",)

    def check_inlets(self, count: int) -> None:
        """Raise ScenarioError if the unit cannot take ``count`` inlets."""
        low, high = self.inlet_count
        if count < low or (high is not None and count > high):
            expected = f"{low}" if low == high else f"{low} to {high if high is not None else 'any number'}"
            raise ScenarioError(f"units.{self.id}.inlets: {count} inlets given; a {self.type_name} takes {expected}")

    def run(self, inlets: Sequence[Stream]) -> dict[str, Stream]:
        """Compute the outlets from ``inlets`` and check the unit's element balance."""
        self.warnings = []
        outlets = self._run(list(inlets))
        balance = element_balance(inlets, outlets.values())
        self.closure = balance.closure
        if self.closure > BALANCE_TOLERANCE:
            element, closure = balance.worst()
            raise BalanceError(
                f"unit {self.id!r} ({self.type_name}) does not close its {element} balance: "
                f"relative closure {closure:.3g} > {BALANCE_TOLERANCE:g}"
            )
        return outlets

    def _run(self, inlets: list[Stream]) -> dict[str, Stream]:
        raise NotImplementedError

    def summary(self) -> dict[str, Any] | None:
        """What the unit reports beyond its streams after a run (results.json ``units.<id>.details``)."""
        return None

    def output_files(self) -> dict[str, str]:
        """Files the unit adds to a run's output folder after a run: ``{file name: text}``."""
        return {}

    def parameter_ref(self, field: str) -> str:
        """Scenario path of a parameter, for error messages."""
        return f"units.{self.id}.parameters.{field}"


def validation_error_message(exc: ValidationError, prefix: str) -> str:
    """One line naming each invalid field's path, its value and what was expected.

    Pydantic's own steps in a path (``function-before[...]``, the model tried for one member of a
    union) are left out; a mapping judged as a plain-value member of a union is left out too when
    the mapping's own fields have errors (they say more)."""
    errors = [(_user_path(err["loc"]), err) for err in exc.errors()]
    parts = []
    for loc, err in errors:
        deeper = any(len(other) > len(loc) and other[:len(loc)] == loc for other, _ in errors)
        if isinstance(err.get("input"), dict) and deeper:
            continue
        path = ".".join([prefix, *loc]).strip(".")
        value = err.get("input")
        shown = "missing" if err["type"] == "missing" else repr(value)
        msg = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{path}: {shown} is invalid: {msg}")
    return "; ".join(parts)


def _user_path(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    """``loc`` without pydantic's validator steps and union-member model names."""
    models = _model_names()
    return tuple(str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p in models)))


@functools.cache
def _model_names() -> frozenset[str]:
    """Names of reeflow's pydantic models (they appear in error paths as union members)."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub.__module__.startswith("reeflow.") and sub.__name__ not in names:
                names.add(sub.__name__)
            pending.append(sub)
    return frozenset(names)

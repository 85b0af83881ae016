"""Uncertain inputs and decisions resolved against the scenario: path checked, units fixed.

Each uncertain input and each decision names a value of the scenario mapping. Resolving it checks
that the path exists and holds a number or a quantity string (``"50 t/h"``), and fixes the unit in
which values are drawn and written back:

* the scenario holds a number: the distribution or bounds must be numbers too, in the scenario's
  own units (a quantity string there is refused: the field may not accept units);
* the scenario holds a quantity string: numbers are taken in the unit written in the scenario;
  quantity strings are converted to the unit of the location parameter (``mean``, ``low``,
  ``median``), whose dimension must be the scenario's. Spreads (``sd``) of an offset unit
  (degC, degF) must be written in that same unit. Values go back as ``"<number> <unit>"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reeflow.errors import InputError, UnitsError
from reeflow.studies.paths import get_path
from reeflow.studies.spec import Decision, Lognormal, Normal, Triangular, UncertainInput, Uniform
from reeflow.uom import Q_, parse_quantity, unit_text

__all__ = ["ResolvedValue", "resolve_decision", "resolve_uncertain"]

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z%°µ].*?)\s*$")


@dataclass(frozen=True)
class ResolvedValue:
    """A scenario value a study changes.

    ``kind`` is the distribution (normal, uniform, triangular, lognormal; ``uniform`` for a decision,
    whose ``low`` and ``high`` are its bounds) and ``parameters`` its parameters as numbers in
    ``unit`` (None: a plain number, in the scenario's own units). ``name`` labels it in tables
    (the path when the study file gives no name).
    """

    path: str
    kind: str
    parameters: dict[str, float]
    unit: str | None
    nominal: float
    name: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.path)

    def scenario_value(self, value: float) -> float | str:
        """``value`` (in :attr:`unit`) as it is written into the scenario mapping."""
        number = float(value)
        return number if self.unit is None else f"{number!r} {self.unit}"

    @property
    def label(self) -> str:
        """The name with its unit, for tables and CSV headers."""
        return self.name if self.unit is None else f"{self.name} [{self.unit}]"


def resolve_uncertain(entry: UncertainInput, scenario: dict[str, Any]) -> ResolvedValue:
    """Check ``entry`` against the scenario mapping and fix its unit; InputError naming the path."""
    dist = entry.distribution
    location = {Normal: "mean", Uniform: "low", Triangular: "low", Lognormal: "median"}[type(dist)]
    raw = {k: v for k, v in dist.model_dump().items() if k != "sd_log"}
    unit, nominal = _unit(entry.path, scenario, raw[location])
    spreads = {"sd"}
    parameters = {name: _magnitude(entry.path, name, value, unit, spread=name in spreads) for name, value in raw.items()}
    if isinstance(dist, Lognormal):
        parameters["sd_log"] = dist.sd_log
    kind = type(dist).__name__.lower()
    _check_parameters(entry.path, kind, parameters)
    return ResolvedValue(entry.path, kind, parameters, unit, nominal, entry.name or entry.path)


def resolve_decision(decision: Decision, scenario: dict[str, Any]) -> ResolvedValue:
    """Check ``decision`` against the scenario mapping and fix its unit; InputError naming the path."""
    unit, nominal = _unit(decision.path, scenario, decision.low)
    bounds = {name: _magnitude(decision.path, name, value, unit, spread=False)
              for name, value in (("low", decision.low), ("high", decision.high))}
    if not bounds["low"] < bounds["high"]:
        raise InputError(f"decision {decision.path!r}: low {decision.low!r} must be below high {decision.high!r}")
    return ResolvedValue(decision.path, "uniform", bounds, unit, nominal, decision.name or decision.path)


def _unit(path: str, scenario: dict[str, Any], location: float | str) -> tuple[str | None, float]:
    """The unit values at ``path`` are drawn in, and the scenario's value there in that unit."""
    current = get_path(scenario, path)
    if isinstance(current, bool) or not isinstance(current, int | float | str):
        raise InputError(
            f"path {path!r}: the scenario holds {current!r} there; a study can change only a number "
            f"or a quantity such as '50 t/h' (extend the path to one value)"
        )
    if not isinstance(current, str):
        if isinstance(location, str):
            raise InputError(
                f"path {path!r}: the scenario holds the plain number {current!r}; give the distribution "
                f"or bounds as plain numbers in the scenario's units, not {location!r}"
            )
        return None, float(current)
    match = _NUMBER_UNIT.match(current)
    if match is None:
        raise InputError(
            f"path {path!r}: the scenario holds the text {current!r}, not a number or a quantity "
            f"written '<number> <unit>'; choose a numeric field"
        )
    scenario_unit = match.group(2)
    unit = scenario_unit if not isinstance(location, str) else _split(path, location)[1]
    try:
        nominal = float(parse_quantity(current, unit_text(unit), field=path).to(unit_text(unit)).magnitude)
    except UnitsError as exc:
        raise InputError(f"path {path!r}: the study's unit {unit!r} does not fit the scenario's {current!r}: {exc}") from None
    return unit, nominal


def _split(path: str, value: str) -> tuple[float, str]:
    match = _NUMBER_UNIT.match(value)
    if match is None:
        raise InputError(f"path {path!r}: cannot read {value!r} as '<number> <unit>' (e.g. '50 t/h')")
    return float(match.group(1)), match.group(2)


def _magnitude(path: str, name: str, value: float | str, unit: str | None, *, spread: bool) -> float:
    """Parameter ``name`` as a number in ``unit``."""
    if not isinstance(value, str):
        return float(value)
    if unit is None:
        raise InputError(f"path {path!r}: {name} {value!r} has a unit but the scenario's value has none")
    number, written = _split(path, value)
    if written == unit:
        return number
    target = unit_text(unit)
    if spread and float(Q_(0.0, target).to_base_units().magnitude) != 0.0:
        raise InputError(
            f"path {path!r}: {name} {value!r} must be written in {unit!r} like the location parameter "
            f"({unit} has an offset, so a spread cannot be converted)"
        )
    return float(parse_quantity(value, target, field=f"{path} {name}").to(target).magnitude)


def _check_parameters(path: str, kind: str, p: dict[str, float]) -> None:
    """InputError naming ``path`` if the parameters do not define a distribution."""
    problem = None
    if kind == "normal" and p["sd"] <= 0:
        problem = "sd must be above 0"
    elif kind == "uniform" and p["low"] >= p["high"]:
        problem = "low must be below high"
    elif kind == "triangular" and not (p["low"] <= p["mode"] <= p["high"] and p["low"] < p["high"]):
        problem = "expected low <= mode <= high with low < high"
    elif kind == "lognormal" and p["median"] <= 0:
        problem = "median must be above 0"
    if problem:
        raise InputError(f"uncertain {path!r}: {kind} {p}: {problem}")

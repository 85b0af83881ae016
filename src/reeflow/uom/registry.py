"""A single pint registry with reeflow's extra definitions, and SI conversions at the edges."""

from __future__ import annotations

import math
import pickle
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import pint

from reeflow.errors import UnitsError

__all__ = ["Q_", "conversion_factor", "parse_quantity", "quick_si", "registry", "to_si", "to_unit", "unit_text"]


def _registry(cache_folder: str | None) -> pint.UnitRegistry:
    ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=cache_folder)
    ureg.load_definitions(str(resources.files("reeflow.uom") / "definitions.txt"))
    ureg.define("t = tonne")
    return ureg


@lru_cache(maxsize=1)
def _build_registry() -> pint.UnitRegistry:
    """The registry, with pint's parsed definitions cached in the user's cache folder (about 0.1 s
    less at every start); built without the cache where that folder cannot be used."""
    try:
        return _registry(":auto:")
    except (OSError, EOFError, ValueError, pickle.UnpicklingError):
        return _registry(None)


registry = _build_registry()
Q_ = registry.Quantity

#: SI base forms reeflow stores for each kind of quantity (kmol-based like the rest of the core).
_SI_FORMS: dict[str, str] = {
    "[mass] / [time]": "kg/s",
    "[substance] / [time]": "kmol/s",
    "[length] ** 3 / [time]": "m**3/s",
    "[substance] / [length] ** 3": "mol/m**3",
    "[mass] / [length] ** 3": "kg/m**3",
    "[temperature]": "K",
    "[mass] / [length] / [time] ** 2": "Pa",
    "[mass]": "kg",
    "[substance]": "kmol",
    "[length] ** 3": "m**3",
    "[time]": "s",
    "[length] ** 3 / [substance]": "m**3/kmol",
    "[mass] * [length] ** 2 / [time] ** 2 / [substance]": "J/mol",
}


#: An engineer's unit power: ``m3``, ``L-1`` (a letter, then 1, 2 or 3, optionally negative).
_POWER = re.compile(r"(?<=[A-Za-z])(-?[123])(?![\d.*])")
#: A leading number, left as it is by :func:`unit_text`.
_LEADING_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


def unit_text(text: str) -> str:
    """``text`` (a unit, or a number and a unit) with reeflow's spellings that pint cannot parse
    replaced: ``wt%`` → ``wt_pct``; engineers' unit powers ``m3/h`` → ``m**3/h``,
    ``mol L-1`` → ``mol L**-1``.

    >>> unit_text("0.5 m3/h"), unit_text("2 mol L-1"), unit_text("5 wt%"), unit_text("1e3 kg")
    ('0.5 m**3/h', '2 mol L**-1', '5 wt_pct', '1e3 kg')
    """
    number = _LEADING_NUMBER.match(text)
    start = number.end() if number else 0
    return text[:start] + _POWER.sub(r"**\1", text[start:].replace("wt%", "wt_pct"))


def parse_quantity(value: Any, expected: str, field: str = "value") -> pint.Quantity:
    """Parse ``value`` (a string such as ``"50 t/h"`` or a pint Quantity) with dimension ``expected``.

    ``expected`` is a unit string whose dimensionality the value must share (e.g. ``"kg/s"``).
    Raises :class:`UnitsError` naming ``field``, the value and the expected dimension.
    """
    try:
        q = value if isinstance(value, pint.Quantity) else Q_(unit_text(str(value)))
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError) as exc:
        raise UnitsError(
            f"{field}: cannot read {value!r} as a quantity ({exc}); expected something like '1 {expected}'"
        ) from None
    target = Q_(1, expected)
    if q.dimensionality != target.dimensionality:
        raise UnitsError(
            f"{field}: {value!r} has dimension {q.dimensionality}, expected a quantity in {expected} "
            f"(dimension {target.dimensionality})"
        )
    return q


def to_si(value: Any, expected: str, field: str = "value") -> float:
    """Parse ``value`` and return its magnitude in the SI unit ``expected`` (e.g. ``"kg/s"``)."""
    quick = quick_si(value, expected)
    if quick is not None:
        return quick
    return float(parse_quantity(value, expected, field).to(expected).magnitude)


#: "<number> <unit>" as engineers write it: the number, then a unit that starts with a letter.
_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z%°µ].*?)\s*$")


def quick_si(value: Any, expected: str) -> float | None:
    """Magnitude in ``expected`` of a ``"<number> <unit>"`` string whose unit is multiplicative and of
    ``expected``'s dimension, from a cached unit factor (pint parses each unit text once); None for
    anything else (offset units such as degC, expressions, wrong dimensions), which
    :func:`to_si` then parses in full and reports."""
    if not isinstance(value, str):
        return None
    match = _NUMBER_UNIT.match(value)
    if match is None:
        return None
    scale = _multiplicative_scale(unit_text(match.group(2)), expected)
    return None if scale is None else float(match.group(1)) * scale


@lru_cache(maxsize=512)
def _multiplicative_scale(unit: str, expected: str) -> float | None:
    """Multiplier from ``unit`` to ``expected``; None unless both parse, share a dimension and the
    conversion has no offset."""
    try:
        one = float(Q_(1.0, unit).to(expected).magnitude)
        two = float(Q_(2.0, unit).to(expected).magnitude)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError, KeyError):
        return None
    return one if math.isclose(two, 2.0 * one, rel_tol=1e-12) else None


def to_unit(magnitude: float, si_unit: str, unit: str) -> float:
    """Convert an SI ``magnitude`` given in ``si_unit`` into ``unit`` (e.g. kg/s → t/h)."""
    return float(Q_(magnitude, si_unit).to(unit).magnitude)


@lru_cache(maxsize=256)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a magnitude in ``from_unit`` to ``to_unit`` (multiplicative units only)."""
    return float(Q_(1.0, from_unit).to(to_unit).magnitude)

"""Pydantic field types for quantities: accept ``"850 degC"`` or a number in SI, store SI floats."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from reeflow.uom.registry import to_si

__all__ = ["Fraction", "si_quantity"]


def si_quantity(si_unit: str) -> Any:
    """A float field holding a quantity in ``si_unit``; strings with units are converted.

    A bare number is taken as already in ``si_unit``.
    """

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return to_si(value, si_unit)
        return value

    return Annotated[float, BeforeValidator(convert)]


def _fraction(value: Any) -> Any:
    if isinstance(value, str) and value.strip().endswith("%"):
        return float(value.strip()[:-1]) / 100.0
    return value


#: A fraction in [0, 1]; ``"85 %"`` is accepted.
Fraction = Annotated[float, BeforeValidator(_fraction), Field(ge=0.0, le=1.0)]

"""Design targets ``purity|recovery:OUTLET:COMPONENT=VALUE``: parsed, and measured on a simulation.

``purity`` is the mole fraction of the component among the listed components in the outlet;
``recovery`` the fraction of the component's total input (feed + scrub + organic + strip) that
leaves by the outlet. A target's margin, ``logit(achieved) − logit(required)``, is ≥ 0 when it is
met; the design search balances margins (:mod:`reeflow.unitops.sx.design`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from reeflow.errors import InputError
from reeflow.unitops.sx.spec import Cascade

__all__ = ["TARGET_FORM", "Target", "achieved_value", "parse_target", "product_outlet", "target_margin"]

TargetKind = Literal["purity", "recovery"]

TARGET_FORM = "purity|recovery:OUTLET:COMPONENT=VALUE, e.g. purity:raffinate:La=0.9999"
_TARGET = re.compile(
    r"^(?P<kind>[A-Za-z]+):(?P<outlet>[A-Za-z_][A-Za-z0-9_]*):(?P<component>[A-Za-z][A-Za-z0-9]*)"
    r"=(?P<value>[^=\s]+)$"
)


@dataclass(frozen=True)
class Target:
    """One design target, as parsed from ``purity|recovery:OUTLET:COMPONENT=VALUE``.

    Attributes
    ----------
    kind : {"purity", "recovery"}
        Mole fraction among the listed components in the outlet, or fraction of the component's
        total input leaving by the outlet.
    outlet, component : str
        Outlet name (``raffinate``, ``loaded_organic``, ``strip_liquor``) and component symbol.
    value : float
        Required value, strictly between 0 and 1 (the achieved value must be at least this).
    text : str
        The string the target was parsed from.
    """

    kind: TargetKind
    outlet: str
    component: str
    value: float
    text: str


def parse_target(text: str) -> Target:
    """Parse ``purity|recovery:OUTLET:COMPONENT=VALUE`` (e.g. ``purity:raffinate:La=0.9999``).

    Raises
    ------
    InputError
        Naming the string and the expected form when the kind is unknown, a part is missing or
        the value is not a number strictly between 0 and 1.

    Examples
    --------
    >>> parse_target("recovery:loaded_organic:Ce=0.99")
    Target(kind='recovery', outlet='loaded_organic', component='Ce', value=0.99, text='recovery:loaded_organic:Ce=0.99')
    """
    if not isinstance(text, str):
        raise InputError(f"target {text!r}: expected a string of the form {TARGET_FORM}")
    match = _TARGET.match(text.strip())
    if match is None:
        raise InputError(f"target {text!r}: expected the form {TARGET_FORM}")
    kind = match["kind"].lower()
    if kind not in ("purity", "recovery"):
        raise InputError(f"target {text!r}: kind {match['kind']!r} must be 'purity' or 'recovery' ({TARGET_FORM})")
    try:
        value = float(match["value"])
    except ValueError:
        raise InputError(f"target {text!r}: value {match['value']!r} is not a number ({TARGET_FORM})") from None
    if not 0.0 < value < 1.0:
        raise InputError(
            f"target {text!r}: value {value!r} must be a fraction strictly between 0 and 1 ({TARGET_FORM})"
        )
    return Target("purity" if kind == "purity" else "recovery", match["outlet"], match["component"], value, text)


def product_outlet(cascade: Cascade) -> str:
    """Outlet of the A product (the easy-to-extract group): the loaded organic, or the strip liquor."""
    return "loaded_organic" if cascade.stripping == 0 else "strip_liquor"


def achieved_value(cascade: Cascade, result: Any, target: Target) -> float:
    """The purity or recovery ``target`` asks for, as achieved by ``result`` (a ``CascadeResult``)."""
    index = cascade.components.index(target.component)
    flows = np.asarray(result.outlet_flows[target.outlet], dtype=float)
    if target.kind == "purity":
        total = float(flows.sum())
        return float(flows[index] / total) if total > 0 else 0.0
    supplied = float(cascade.total_input()[index])
    return float(flows[index] / supplied) if supplied > 0 else 0.0


def target_margin(achieved: float, required: float) -> float:
    """``logit(achieved) − logit(required)``; ≥ 0 when the target is met."""
    eps = 1e-300
    a = min(max(achieved, eps), 1.0 - 1e-16)
    return math.log(a / (1.0 - a)) - math.log(required / (1.0 - required))

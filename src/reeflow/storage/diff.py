"""Differences between two recorded runs: scenario text and the numbers that matter.

Model
-----
Two runs are compared on

* the scenario text, as a unified diff (empty when the SHA-256 hashes are equal);
* the quantities listed by :func:`reeflow.storage.results.compared_quantities`: per product the
  mass flow (kg/h), REO grade (wt%), relative purity (fraction of TREO per oxide) and impurities
  (ppm); the overall and per-element balance closures (relative); the mass flow of every stream
  (kg/h).

A quantity present in both runs differs when

.. math:: |b - a| > \\mathrm{atol} + \\mathrm{rtol} \\cdot \\max(|a|, |b|)

with ``a`` from the first run and ``b`` from the second (``numpy.isclose`` made symmetric). The
defaults ``rtol = 1e-6`` and ``atol = 1e-12`` (in the quantity's own unit) ignore solver noise at
the convergence tolerance (1e-11 relative per element flow) while catching any change of
engineering interest; closures below 1e-12 count as equal. A quantity present in only one run, or
a number in one and null in the other, is always a difference.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from reeflow.storage.records import RunSummary, StoredRun
from reeflow.storage.results import compared_quantities

__all__ = ["DEFAULT_ATOL", "DEFAULT_RTOL", "NumericDifference", "RunDiff", "diff_runs"]

DEFAULT_RTOL = 1e-6
DEFAULT_ATOL = 1e-12
_SECTIONS = ("products", "balance", "streams")


@dataclass(frozen=True)
class NumericDifference:
    """One quantity that differs between two runs.

    Attributes
    ----------
    quantity : str
        Path in the results, e.g. ``products.MREO.REO_wt_pct``.
    unit : str
        Unit of measure of both values (``kg/h``, ``wt%``, ``fraction of TREO``, ``ppm``,
        ``relative``).
    run1, run2 : float or None
        Value in the first and second run; None when absent or not a number.
    """

    quantity: str
    unit: str
    run1: float | None
    run2: float | None

    @property
    def change(self) -> float | None:
        """``run2 - run1`` in :attr:`unit`, or None when either value is missing."""
        if self.run1 is None or self.run2 is None:
            return None
        return self.run2 - self.run1

    @property
    def relative_change(self) -> float | None:
        """``(run2 - run1) / |run1|``, or None when either is missing or ``run1`` is zero."""
        if self.run1 is None or self.run2 is None or self.run1 == 0.0:
            return None
        return (self.run2 - self.run1) / abs(self.run1)

    def to_dict(self) -> dict[str, Any]:
        """Return the difference as JSON-ready values."""
        return {
            "quantity": self.quantity,
            "unit": self.unit,
            "run1": self.run1,
            "run2": self.run2,
            "change": self.change,
            "relative_change": self.relative_change,
        }


@dataclass(frozen=True)
class RunDiff:
    """How run 2 differs from run 1.

    Attributes
    ----------
    run1, run2 : RunSummary
        The two runs compared.
    scenario_diff : str
        Unified diff of the scenario texts; empty when they are identical.
    differences : tuple of NumericDifference
        Quantities beyond the tolerance, in the order products, balance, streams.
    rtol, atol : float
        Tolerances used (see the module docstring).
    """

    run1: RunSummary
    run2: RunSummary
    scenario_diff: str
    differences: tuple[NumericDifference, ...]
    rtol: float
    atol: float

    @property
    def same_scenario(self) -> bool:
        """Whether both runs used the same scenario text."""
        return self.scenario_diff == ""

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready values (``reeflow runs diff --json``)."""
        return {
            "runs": [self.run1.to_dict(), self.run2.to_dict()],
            "same_scenario": self.same_scenario,
            "scenario_diff": self.scenario_diff,
            "tolerance": {"rtol": self.rtol, "atol": self.atol},
            "differences": [difference.to_dict() for difference in self.differences],
        }


def diff_runs(
    run1: StoredRun, run2: StoredRun, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL
) -> RunDiff:
    """Compare two stored runs.

    Parameters
    ----------
    run1, run2 : StoredRun
        The reference run and the run compared with it.
    rtol, atol : float
        Relative tolerance (dimensionless) and absolute tolerance (in each quantity's unit).

    Returns
    -------
    RunDiff
    """
    scenario_diff = "".join(
        difflib.unified_diff(
            run1.scenario_text.splitlines(keepends=True),
            run2.scenario_text.splitlines(keepends=True),
            fromfile=f"run {run1.id} ({run1.scenario_name})",
            tofile=f"run {run2.id} ({run2.scenario_name})",
        )
    )
    first = compared_quantities(run1.results)
    second = compared_quantities(run2.results)
    differences = []
    for quantity in dict.fromkeys([*first, *second]):
        unit = (first.get(quantity) or second[quantity])[1]
        value1 = first.get(quantity, (None, unit))[0]
        value2 = second.get(quantity, (None, unit))[0]
        if _differ(value1, value2, rtol, atol):
            differences.append(NumericDifference(quantity, unit, value1, value2))
    differences.sort(key=lambda difference: _SECTIONS.index(difference.quantity.split(".")[0]))
    return RunDiff(
        run1=run1.summary(),
        run2=run2.summary(),
        scenario_diff=scenario_diff,
        differences=tuple(differences),
        rtol=rtol,
        atol=atol,
    )


def _differ(a: float | None, b: float | None, rtol: float, atol: float) -> bool:
    if a is None or b is None:
        return a is not b
    return abs(b - a) > atol + rtol * max(abs(a), abs(b))

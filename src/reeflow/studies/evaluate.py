"""One evaluation of a study: a scenario mapping with changed values, solved, outputs read back.

The scenario mapping (the parsed YAML) is copied, the changed values are written at their paths,
and the copy is validated, built, solved and analysed exactly as ``reeflow run`` does
(:func:`solve_scenario_mapping`), but nothing is written and no run is recorded. The outputs are
then read from the results mapping at their dotted paths.

An evaluation that fails — values the scenario rejects (a negative ratio, a recovery above 1), a
flowsheet that does not converge, an output missing from the results — gives an
:class:`Outcome` holding the reason instead of outputs; the study counts it and leaves it out of
the statistics.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from reeflow.errors import ConvergenceError, InputError, ReeflowError, ScenarioError
from reeflow.studies.inputs import ResolvedValue
from reeflow.studies.paths import get_path, set_path

__all__ = ["Evaluator", "Outcome", "check_outputs", "solve_scenario_mapping"]


@dataclass(frozen=True)
class Outcome:
    """The outputs of one evaluation (in the order of the study's outputs), or why it failed."""

    outputs: tuple[float, ...] | None
    failure: str | None = None


def solve_scenario_mapping(mapping: Mapping[str, Any], label: str = "scenario") -> dict[str, Any]:
    """The results mapping (as in results.json) of the scenario ``mapping``, solved in memory.

    ``label`` prefixes error messages (the scenario file's name). Raises ScenarioError for a
    mapping that does not validate; a flowsheet that does not converge is returned with
    ``converged: false`` as ``reeflow run`` writes it.
    """
    from reeflow.flowsheet import solve
    from reeflow.pipeline import analyse
    from reeflow.scenario import Scenario, build_flowsheet
    from reeflow.unitops.base import validation_error_message

    try:
        scenario = Scenario.model_validate(mapping)
    except ValidationError as exc:
        raise ScenarioError(f"{label}: {validation_error_message(exc, '')}") from None
    flowsheet = build_flowsheet(scenario, label)
    options = scenario.options.solve_options()
    report = solve(flowsheet, options, raise_on_failure=False)
    results, _figures = analyse(scenario, flowsheet, report)
    return results


@dataclass(frozen=True)
class Evaluator:
    """Evaluates the scenario at rows of changed values; picklable, so it can go to other processes.

    ``changed[j]`` is the scenario value that column j of a row sets; ``outputs`` maps output names
    to dotted paths into the results mapping.
    """

    scenario: dict[str, Any]
    label: str
    changed: tuple[ResolvedValue, ...]
    outputs: tuple[tuple[str, str], ...]

    def __call__(self, row: Sequence[float]) -> Outcome:
        """The outcome of the scenario with ``row`` written at the changed paths."""
        mapping = copy.deepcopy(self.scenario)
        for value, x in zip(self.changed, row, strict=True):
            set_path(mapping, value.path, value.scenario_value(x))
        try:
            results = solve_scenario_mapping(mapping, self.label)
        except (ReeflowError, ValueError, ArithmeticError) as exc:
            return Outcome(None, " ".join(str(exc).removeprefix(f"{self.label}: ").split()))
        if not results["converged"]:
            return Outcome(None, f"did not converge: {_worst_tear(results)}")
        try:
            return Outcome(tuple(_number(results, name, path) for name, path in self.outputs))
        except InputError as exc:
            return Outcome(None, str(exc))

    def evaluate_batch(self, rows: Sequence[Sequence[float]]) -> list[Outcome]:
        """The outcomes of several rows, in order (one task of a parallel executor)."""
        return [self(row) for row in rows]


def check_outputs(evaluator: Evaluator) -> dict[str, Any]:
    """Solve the scenario as written and check that every output path gives a number there.

    Returns the results mapping. InputError if the scenario itself fails or an output path is
    wrong, naming the path and the keys that exist, before any sample is run; ConvergenceError
    (with the tear residuals) if the scenario as written does not converge.
    """
    try:
        results = solve_scenario_mapping(evaluator.scenario, evaluator.label)
    except ReeflowError as exc:
        raise InputError(f"the scenario as written cannot be evaluated: {exc}") from None
    if not results["converged"]:
        raise ConvergenceError(f"{evaluator.label}: the scenario as written does not converge "
                               f"({_worst_tear(results)}); fix it before studying it", results["solver"])
    for name, path in evaluator.outputs:
        _number(results, name, path)
    return results


def _number(results: dict[str, Any], name: str, path: str) -> float:
    value = get_path(results, path, what="results")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"outputs.{name}: {path!r} holds {value!r} in the results, not a number; extend the path")
    return float(value)


def _worst_tear(results: dict[str, Any]) -> str:
    tears = results.get("solver", {}).get("tears", {})
    if not tears:
        return "no tear residuals reported"
    sid, tear = max(tears.items(), key=lambda kv: kv[1].get("relative_residual", math.inf))
    return f"tear stream {sid!r} relative residual {tear.get('relative_residual', float('nan')):.3g}"

"""Running a study: read the files, draw the samples, evaluate, summarise, optimise.

Steps: read and validate the study file and its scenario (paths, units, distributions); solve the
scenario as written once to check the output paths; draw the Latin-hypercube samples; without
decisions, evaluate every sample; with decisions, optimise with every decision point evaluated on
the same samples, then report the samples at the optimum. Statistics and Spearman sensitivities
use the successful samples; failures are counted with their reasons.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from reeflow.studies.evaluate import Evaluator, Outcome, check_outputs
from reeflow.studies.executors import Runner, open_runner
from reeflow.studies.inputs import ResolvedValue, resolve_decision, resolve_uncertain
from reeflow.studies.optimise import optimise
from reeflow.studies.results import StudyResult
from reeflow.studies.sampling import draw_samples
from reeflow.studies.spec import StudySpec, load_study
from reeflow.studies.statistics import rank_correlations, summarise

__all__ = ["run_study", "run_study_spec"]

#: Distinct failure reasons kept in the summary (with their counts).
_REASONS_KEPT = 10

_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


def run_study(
    path: Path, *, samples: int | None = None, executor: str | None = None, workers: int | None = None
) -> StudyResult:
    """Run the study file at ``path``; ``samples``, ``executor`` (its kind) and ``workers``, where
    given, replace the file's."""
    return run_study_spec(load_study(path, samples=samples, executor=executor, workers=workers), path.parent, str(path))


def run_study_spec(spec: StudySpec, base: Path, name: str = "study") -> StudyResult:
    """Run ``spec``, whose scenario path is relative to folder ``base``."""
    started = time.perf_counter()
    scenario_path = base / spec.scenario
    scenario = _read_mapping(scenario_path)
    uncertain = [resolve_uncertain(u, scenario) for u in spec.uncertain]
    decisions = [resolve_decision(d, scenario) for d in spec.decisions]
    names = list(spec.outputs)
    evaluator = Evaluator(scenario, str(scenario_path), tuple(uncertain + decisions), tuple(spec.outputs.items()))
    check_outputs(evaluator)
    samples = draw_samples(uncertain, spec.samples if uncertain else 1, spec.seed)  # nothing uncertain: one sample
    with open_runner(spec.executor) as runner:
        if decisions:
            rows, outcomes, optimisation = _optimise(spec, runner, evaluator, samples, decisions, names)
        else:
            rows, outcomes, optimisation = samples, runner.map(evaluator, samples), None
        description = runner.description
    values = _output_matrix(outcomes, len(names))
    summary: dict[str, Any] = {
        "study": name,
        "scenario": str(scenario_path),
        "samples": len(samples),
        "seed": spec.seed,
        "executor": description,
        "inputs": [_describe(u) for u in uncertain],
        "decisions": [_describe(d) for d in decisions],
        "outputs": dict(spec.outputs),
        "statistics": {n: summarise(values[:, k]) for k, n in enumerate(names)},
        "sensitivity": rank_correlations(samples, values, [u.name for u in uncertain], names),
        "failures": _failures(outcomes),
        "optimisation": optimisation,
        "scenario_solves": _solves(spec, optimisation),
        "wall_time_s": time.perf_counter() - started,
    }
    header = [v.label for v in uncertain + decisions] + names + ["failure"]
    table = [[*map(float, row), *(o.outputs or [""] * len(names)), o.failure or ""]
             for row, o in zip(rows.tolist(), outcomes, strict=True)]
    return StudyResult(summary, header, table)


def _optimise(
    spec: StudySpec, runner: Runner, evaluator: Evaluator, samples: NDArray[np.float64],
    decisions: list[ResolvedValue], names: list[str],
) -> tuple[NDArray[np.float64], list[Outcome], dict[str, Any]]:
    """Optimise; the rows and outcomes at the reported point and the optimisation summary."""
    evaluated: dict[tuple[float, ...], tuple[NDArray[np.float64], list[Outcome]]] = {}

    def outputs_at(x: NDArray[np.float64]) -> NDArray[np.float64]:
        rows = np.hstack([samples, np.tile(x, (len(samples), 1))])
        outcomes = runner.map(evaluator, rows)
        evaluated[tuple(float(v) for v in x)] = (rows, outcomes)
        return _output_matrix(outcomes, len(names))

    assert spec.objective is not None  # the spec requires an objective with decisions
    outcome = optimise(decisions, spec.objective, spec.constraints, spec.optimiser, names, outputs_at)
    rows, outcomes = evaluated[tuple(outcome.decisions[d.path] for d in decisions)]
    return rows, outcomes, outcome.to_dict() | {"objective_statistic": spec.objective.statistic,
                                                 "objective_output": spec.objective.output,
                                                 "sense": "minimize" if spec.objective.sign > 0 else "maximize"}


def _read_mapping(path: Path) -> dict[str, Any]:
    """The scenario's mapping, read as ``reeflow run`` reads it (repeated keys refused)."""
    from reeflow.scenario import read_scenario_mapping

    return read_scenario_mapping(path)


def _output_matrix(outcomes: list[Outcome], width: int) -> NDArray[np.float64]:
    """Samples × outputs, NaN rows for failed samples."""
    nan = (float("nan"),) * width
    return np.array([o.outputs if o.outputs is not None else nan for o in outcomes], dtype=float).reshape(-1, width)


def _failures(outcomes: list[Outcome]) -> dict[str, Any]:
    """Failed samples counted by kind of reason (the reason with its numbers as #), with an example."""
    reasons = [o.failure for o in outcomes if o.failure is not None]
    kinds = Counter(_NUMBER.sub("#", reason) for reason in reasons)
    examples: dict[str, str] = {}
    for reason in reasons:
        examples.setdefault(_NUMBER.sub("#", reason), reason)
    return {"count": len(reasons), "of": len(outcomes),
            "reasons": [{"count": n, "reason": kind, "example": examples[kind]}
                        for kind, n in kinds.most_common(_REASONS_KEPT)]}


def _describe(value: ResolvedValue) -> dict[str, Any]:
    return {"name": value.name, "path": value.path, "unit": value.unit, "distribution": value.kind, "parameters": value.parameters,
            "scenario_value": value.nominal}


def _solves(spec: StudySpec, optimisation: dict[str, Any] | None) -> int:
    """Scenario solves made: the check of the scenario as written and every sample evaluated."""
    points = optimisation["evaluations"] if optimisation else 1
    return 1 + points * (spec.samples if spec.uncertain else 1)

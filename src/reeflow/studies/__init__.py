"""Uncertainty and optimisation studies: a scenario run many times with changed inputs.

A study file names a scenario, uncertain inputs with distributions, outputs read from the
results, and optionally decisions to optimise under constraints; :func:`run_study` samples the
inputs (Latin hypercube), evaluates the scenario for each sample on a serial, process-pool or Ray
executor, and returns statistics, rank-correlation sensitivities and the optimum. See
docs/studies.md.
"""

from reeflow.studies.evaluate import Evaluator, Outcome, solve_scenario_mapping
from reeflow.studies.paths import get_path, parse_path, set_path
from reeflow.studies.results import StudyResult, write_study
from reeflow.studies.run import run_study, run_study_spec
from reeflow.studies.spec import StudySpec, load_study

__all__ = [
    "Evaluator",
    "Outcome",
    "StudyResult",
    "StudySpec",
    "get_path",
    "load_study",
    "parse_path",
    "run_study",
    "run_study_spec",
    "set_path",
    "solve_scenario_mapping",
    "write_study",
]

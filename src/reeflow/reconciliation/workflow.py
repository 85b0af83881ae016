"""Reconcile a plant's measurements against a scenario: load → simulate → read data → reconcile.

The scenario is loaded, built and solved exactly as :func:`reeflow.pipeline.run_scenario` does;
its solution gives the topology and the starting point (and the prior) of the reconciliation.
Nothing is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from reeflow.flowsheet import solve
from reeflow.reconciliation.measurements import read_measurements
from reeflow.reconciliation.problem import balance_model
from reeflow.reconciliation.solve import Reconciliation, reconcile
from reeflow.scenario import build_flowsheet, load_scenario, read_scenario_text

__all__ = ["reconcile_scenario"]


def reconcile_scenario(scenario_path: Path, measurements_path: Path, *, prior_weight: float = 1e-6) -> Reconciliation:
    """Simulate the scenario at ``scenario_path`` and reconcile the measurements at ``measurements_path``.

    Raises
    ------
    InputError
        For an invalid scenario or measurement file.
    ConvergenceError
        If the simulation or the reconciliation does not converge.
    """
    scenario = load_scenario(scenario_path, read_scenario_text(scenario_path))
    flowsheet = build_flowsheet(scenario, scenario_path)
    options = scenario.options.solve_options()
    solve(flowsheet, options)
    model = balance_model(flowsheet)
    measurements = read_measurements(measurements_path, model.streams, model.elements)
    return reconcile(model, measurements, prior_weight=prior_weight)

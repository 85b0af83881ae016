"""Data reconciliation: adjust plant measurements to close a scenario's element balances.

Read a measurement file (:func:`read_measurements`), build the balances of a solved flowsheet
(:func:`balance_model`), reconcile by weighted least squares with gross-error tests and
observability (:func:`reconcile`), or do all of it from files (:func:`reconcile_scenario`);
:func:`reconciliation_results` gives the JSON-ready results.
"""

from reeflow.reconciliation.measurements import Measurement, read_measurements
from reeflow.reconciliation.problem import BalanceModel, MeasurementModel, balance_model, measurement_model
from reeflow.reconciliation.results import reconciliation_results
from reeflow.reconciliation.solve import MeasurementResult, Reconciliation, reconcile
from reeflow.reconciliation.workflow import reconcile_scenario

__all__ = [
    "BalanceModel",
    "Measurement",
    "MeasurementModel",
    "MeasurementResult",
    "Reconciliation",
    "balance_model",
    "measurement_model",
    "read_measurements",
    "reconcile",
    "reconcile_scenario",
    "reconciliation_results",
]

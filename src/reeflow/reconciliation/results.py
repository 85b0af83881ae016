"""The results of a reconciliation as one JSON-ready dict (the ``reconciliation.json`` contract).

Measurements are reported in the unit the user wrote them in (``unit``; empty for a plain
fraction); stream flows in kg/h. ``streams[sid].observable`` holds one boolean per element (is
that element's flow in the stream determined by the measurements through the balances?) and
``mass_observable`` one for the stream's total mass flow; an unobservable flow is the model's.
Elements are listed where the simulation or the reconciliation gives them a flow.
``active_bounds`` lists the element flows held at zero by the bounds f ≥ 0, each with its value in
the unbounded solution (kg/h); ``measurements[i].affected_by_bounds`` marks the measurements
whose test depends on them.
"""

from __future__ import annotations

from typing import Any

from reeflow.reconciliation.solve import NEGATIVE_FLOW_TOLERANCE, MeasurementResult, Reconciliation
from reeflow.uom import conversion_factor, to_unit, unit_text

__all__ = ["reconciliation_results"]


def reconciliation_results(result: Reconciliation) -> dict[str, Any]:
    """``reconciliation.json`` content for ``result``."""
    model = result.model
    per_hour = conversion_factor("kg/s", "kg/h")
    flows = model.flows_by_stream(result.flows)
    simulated = model.flows_by_stream(model.simulated)
    observable = model.flows_by_stream(result.observable)
    throughput = simulated.max(axis=0)
    streams: dict[str, Any] = {}
    for s, sid in enumerate(model.streams):
        shown = [e for e, el in enumerate(model.elements)
                 if simulated[s, e] > 0 or abs(flows[s, e]) > NEGATIVE_FLOW_TOLERANCE * throughput[e]]
        streams[sid] = {
            "mass_kg_per_h": float(flows[s].sum()) * per_hour,
            "simulated_mass_kg_per_h": float(simulated[s].sum()) * per_hour,
            "mass_observable": bool(result.mass_observable[s]),
            "elements_kg_per_h": {model.elements[e]: float(flows[s, e]) * per_hour for e in shown},
            "observable": {model.elements[e]: bool(observable[s, e]) for e in shown},
        }
    return {
        "converged": True,
        "chi_square": result.chi_square,
        "chi_square_unbounded": result.chi_square_unbounded,
        "degrees_of_freedom": result.degrees_of_freedom,
        "chi_square_critical_95": result.chi_square_critical,
        "global_test_passed": result.global_test_passed,
        "measurement_test_limit": result.measurement_test_limit,
        "measurements": [_measurement_row(r) for r in result.measurements],
        "streams": streams,
        "active_bounds": [
            {"stream": b.stream, "element": b.element, "unbounded_kg_per_h": b.unbounded_flow * per_hour}
            for b in result.active_bounds
        ],
        "balance_closure": result.balance_closure,
        "evaluations": result.evaluations,
        "warnings": result.warnings,
    }


def _measurement_row(r: MeasurementResult) -> dict[str, Any]:
    m = r.measurement
    unit = unit_text(m.unit)

    def shown(si_value: float) -> float:
        return to_unit(si_value, m.si_unit, unit)

    return {
        "stream": m.stream,
        "quantity": m.quantity,
        "basis": m.basis,
        "unit": m.unit,
        "measured": shown(m.value),
        "sd": shown(m.sd),
        "reconciled": shown(r.reconciled),
        "reconciled_sd": shown(r.reconciled_sd),
        "adjustment": shown(r.adjustment),
        "adjustment_sd": shown(r.adjustment_sd),
        "normalised_adjustment": r.normalised_adjustment,
        "suspect": r.suspect,
        "affected_by_bounds": r.affected_by_bounds,
    }

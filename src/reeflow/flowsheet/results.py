"""The results dictionary of a solved flowsheet (the stable ``results.json`` contract).

Flows are reported in kg/h. ``elements_kg_per_h`` lists every element present (O, H, C included),
so its sum equals ``mass_kg_per_h``. The overall balance compares the streams entering the
flowsheet (``source: null``) with those leaving it (``sink: null``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from reeflow.flowsheet.graph import Flowsheet
from reeflow.flowsheet.solver import SolveReport
from reeflow.streams import Stream, element_balance, product_assay
from reeflow.uom import conversion_factor

__all__ = ["flowsheet_results", "stream_record"]


def stream_record(stream: Stream, source: str | None, sink: str | None) -> dict[str, Any]:
    """One stream of results.json."""
    per_hour = conversion_factor("kg/s", "kg/h")
    db = stream.database
    mass = stream.mass_flows
    return {
        "source": source,
        "sink": sink,
        "temperature_K": stream.temperature,
        "phase_kg_per_h": {ph: kg * per_hour for ph, kg in stream.phase_mass_flows().items()},
        "mass_kg_per_h": float(mass.sum()) * per_hour,
        "elements_kg_per_h": {
            el: float(kg) * per_hour for el, kg in zip(db.elements, stream.element_mass_flows, strict=True) if kg > 0
        },
        "species_kg_per_h": {sp: float(kg) * per_hour for sp, kg in zip(db.ids, mass, strict=True) if kg > 0},
    }


def _unit_record(flowsheet: Flowsheet, uid: str) -> dict[str, Any]:
    unit = flowsheet.units[uid]
    record = {"type": unit.type_name, "closure": unit.closure, "inlets": flowsheet.inlets[uid],
              "outlets": flowsheet.outlets[uid]}
    details = unit.summary()
    return record if details is None else record | {"details": details}


#: Overall element-balance closure above which the results carry a warning (every unit closes its
#: own balances to round-off, ~1e-12; more means inconsistent streams).
BALANCE_WARNING = 1e-6


def flowsheet_results(
    flowsheet: Flowsheet, report: SolveReport, products: Iterable[str], warnings: Iterable[str] = ()
) -> dict[str, Any]:
    """results.json content for a solved ``flowsheet``; ``products`` are stream ids to assay."""
    per_hour = conversion_factor("kg/s", "kg/h")
    streams = flowsheet.streams
    inputs = [streams[sid] for sid in flowsheet.boundary_inlets()]
    outputs = [streams[sid] for sid in flowsheet.boundary_outlets()]
    balance = element_balance(inputs, outputs)
    closures = balance.closures
    unit_warnings = [*flowsheet.feed_warnings(), *(w for unit in flowsheet.units.values() for w in unit.warnings)]
    if balance.closure > BALANCE_WARNING:
        worst = balance.elements[int(np.argmax(closures))]
        unit_warnings.append(f"the overall element balance does not close: |in - out|/in = {balance.closure:.2e} "
                             f"for {worst} (tolerance {BALANCE_WARNING:g}); see balance.elements and each "
                             "unit's closure")
    return {
        "scenario": flowsheet.name,
        "converged": report.converged,
        "balance": {
            "closure": balance.closure,
            "elements": {
                el: {
                    "in_kg_per_h": float(balance.mass_in[i]) * per_hour,
                    "out_kg_per_h": float(balance.mass_out[i]) * per_hour,
                    "closure": float(closures[i]),
                }
                for i, el in enumerate(balance.elements)
                if balance.mass_in[i] > 0 or balance.mass_out[i] > 0
            },
        },
        "units": {uid: _unit_record(flowsheet, uid) for uid in flowsheet.units},
        "solver": report.diagnostics(),
        "streams": {
            sid: stream_record(streams[sid], flowsheet.source[sid], flowsheet.sink.get(sid))
            for sid in flowsheet.source
            if sid in streams
        },
        "products": {sid: product_assay(streams[sid]) for sid in products},
        "warnings": [*unit_warnings, *warnings],
    }

"""Sequential-modular solution of a flowsheet with Wegstein-accelerated tear streams.

Blocks (see :mod:`~reeflow.flowsheet.tearing`) are computed in order. In a recycle block the tear
streams' species flows and temperatures x are iterated, x ← g(x), where g runs the block's units
once (a tear enters its consumer at the temperature and pressure it was last computed at, not at
a default). After two direct-substitution passes, the bounded Wegstein update is applied to each
flow and temperature:

    s = (g_k − g_{k−1}) / (x_k − x_{k−1}),   q = s / (s − 1) clipped to [q_min, q_max],
    x_{k+1} = q·x_k + (1 − q)·g_k.

Convergence is tested on every element flow of every tear stream (and on every species flow, and
on the temperature of a tear that carries flow): |g − x| ≤ tol·|g|, with flows below
``ZERO_FLOOR`` of the tear's total taken as zero. A block
that does not converge within ``max_iterations`` is reported with the residual of each tear,
its worst element and the iteration count; it never passes silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reeflow.errors import ConvergenceError
from reeflow.flowsheet.graph import Flowsheet
from reeflow.flowsheet.tearing import Block, calculation_order
from reeflow.streams import Stream

__all__ = ["SolveOptions", "SolveReport", "solve"]

ZERO_FLOOR = 1e-15


@dataclass(frozen=True)
class SolveOptions:
    """Tear tolerance (relative, per element flow), iteration limit and Wegstein bounds."""

    tolerance: float = 1e-11
    max_iterations: int = 500
    q_min: float = -5.0
    q_max: float = 0.0


@dataclass
class TearReport:
    """Convergence of one tear stream: worst relative residual (flows and temperature), the element
    with the worst flow residual, and the relative residual of its temperature."""

    stream: str
    residual: float
    worst_element: str
    residual_by_element: dict[str, float]
    temperature_residual: float = 0.0


@dataclass
class SolveReport:
    """Outcome of a flowsheet solution."""

    converged: bool = True
    iterations: dict[str, int] = field(default_factory=dict)
    tears: list[TearReport] = field(default_factory=list)
    order: list[Block] = field(default_factory=list)

    def diagnostics(self) -> dict[str, Any]:
        """Tear residuals and iteration counts, for errors and results.json."""
        return {
            "converged": self.converged,
            "iterations": self.iterations,
            "tears": {
                t.stream: {
                    "relative_residual": t.residual,
                    "worst_element": t.worst_element,
                    "residual_by_element": t.residual_by_element,
                    "temperature_residual": t.temperature_residual,
                }
                for t in self.tears
            },
        }


def solve(
    flowsheet: Flowsheet,
    options: SolveOptions | None = None,
    *,
    raise_on_failure: bool = True,
    progress: Callable[[str], None] | None = None,
) -> SolveReport:
    """Solve ``flowsheet`` in place (its ``streams`` hold the solution) and report convergence."""
    options = options or SolveOptions()
    flowsheet.connect()
    report = SolveReport(order=calculation_order(list(flowsheet.units), flowsheet.unit_edges()))
    for block in report.order:
        if progress:
            progress(", ".join(block.order))
        if not block.tears:
            for unit_id in block.order:
                flowsheet.run_unit(unit_id)
            continue
        _solve_recycle(flowsheet, block, options, report)
    for sid in flowsheet.feeds:
        flowsheet.evaluate_feed(sid)
    if not report.converged and raise_on_failure:
        raise ConvergenceError(
            f"flowsheet {flowsheet.name!r} did not converge: "
            + "; ".join(f"tear {t.stream} residual {t.residual:.3g} ({t.worst_element})" for t in report.tears
                        if t.residual > options.tolerance)
            + f" after {options.max_iterations} iterations with Wegstein's q bounded at {options.q_min:g}",
            report.diagnostics(),
        )
    return report


def _solve_recycle(flowsheet: Flowsheet, block: Block, options: SolveOptions, report: SolveReport) -> None:
    db = flowsheet.database
    size = len(db)
    width = size + 1  # each tear: its species flows (kmol/s), then its temperature (K)
    tears = list(block.tears)
    pressure = {sid: flowsheet.streams[sid].pressure if sid in flowsheet.streams else 101325.0 for sid in tears}

    def state(sid: str) -> np.ndarray:
        stream = flowsheet.streams.get(sid) or Stream(sid, db)
        return np.append(stream.molar_flows, stream.temperature)

    def g(x: np.ndarray) -> np.ndarray:
        for k, sid in enumerate(tears):
            part = x[k * width:(k + 1) * width]
            flowsheet.streams[sid] = Stream(sid, db, part[:size].copy(), temperature=float(part[size]),
                                            pressure=pressure[sid])
        for unit_id in block.order:
            flowsheet.run_unit(unit_id)
        pressure.update({sid: flowsheet.streams[sid].pressure for sid in tears})
        return np.concatenate([state(sid) for sid in tears])

    x = np.concatenate([state(sid) for sid in tears])
    gx = g(x)
    x_prev, g_prev = x, gx
    x = gx
    name = "+".join(tears)
    for iteration in range(1, options.max_iterations + 1):
        gx = g(x)
        residuals = _residuals(flowsheet, tears, x, gx)
        if max(r.residual for r in residuals) <= options.tolerance:
            report.iterations[name] = iteration
            report.tears.extend(residuals)
            return
        dx = x - x_prev
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = np.where(np.abs(dx) > 0, (gx - g_prev) / dx, 0.0)
            q = np.where(np.abs(slope - 1.0) > 1e-12, slope / (slope - 1.0), 0.0)
        q = np.clip(np.nan_to_num(q), options.q_min, options.q_max) if iteration > 1 else np.zeros_like(x)
        x_prev, g_prev = x, gx
        x = np.maximum(q * x + (1.0 - q) * gx, 0.0)
    # the iteration budget is spent: the last update is judged by the same test as every other
    residuals = _residuals(flowsheet, tears, x, g(x))
    report.iterations[name] = options.max_iterations
    report.tears.extend(residuals)
    if max(r.residual for r in residuals) > options.tolerance:
        report.converged = False


def _residuals(flowsheet: Flowsheet, tears: list[str], x: np.ndarray, gx: np.ndarray) -> list[TearReport]:
    """Residual of each tear between its guess ``x`` and its recomputed value ``gx`` (flows, then
    temperature, per tear); the temperature of a tear that carries nothing is not judged."""
    db = flowsheet.database
    size = len(db)
    width = size + 1
    out = []
    for k, sid in enumerate(tears):
        xs, gs = x[k * width:k * width + size], gx[k * width:k * width + size]
        tx, tg = float(x[k * width + size]), float(gx[k * width + size])
        ex, eg = db.element_matrix @ xs, db.element_matrix @ gs
        floor_e = ZERO_FLOOR * max(float(np.abs(eg).sum()), 1e-300)
        rel_e = np.abs(eg - ex) / np.maximum(np.abs(eg), floor_e)
        floor_s = ZERO_FLOOR * max(float(np.abs(gs).sum()), 1e-300)
        rel_s = np.abs(gs - xs) / np.maximum(np.abs(gs), floor_s)
        rel_t = abs(tg - tx) / tg if gs.any() and tg > 0 else 0.0
        worst = int(np.argmax(rel_e)) if rel_e.size else 0
        out.append(TearReport(
            stream=sid,
            residual=float(max(rel_e.max(initial=0.0), rel_s.max(initial=0.0), rel_t)),
            worst_element=db.elements[worst] if rel_e.size else "",
            residual_by_element={el: float(r) for el, r in zip(db.elements, rel_e, strict=True) if r > 0},
            temperature_residual=rel_t,
        ))
    return out

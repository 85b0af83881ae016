"""Stage network of a cascade: flows, external inlets and equilibrium model per stage.

Stages are numbered 0…N−1 here (stage 1…N in files and outputs). The organic (flow ``O``) moves
from stage j to j+1; the aqueous phase moves from j+1 to j within a section. ``aqueous_out[j]`` is
the aqueous flow leaving stage j and ``aqueous_from_next[j]`` the one entering it from stage j+1
(zero at the top of the extraction/scrubbing sections and at the last stage, where the scrub and
strip liquors enter as external inlets instead).

For the solver's stage sequencing (nested iteration, as in multigrid's "full multigrid" start),
:func:`coarser_cascade` gives the same cascade with about half the stages in every section, and
:func:`prolong` stretches a solved profile onto the finer cascade's stages, interpolating
``ln z`` linearly within each stretch of constant flows (below the feed stage, from it to the
top of the scrubbing section, the stripping section).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reeflow.errors import ScenarioError
from reeflow.unitops.sx.equilibrium.base import EquilibriumModel, FloatArray
from reeflow.unitops.sx.spec import Cascade

__all__ = ["Network", "build_network", "coarser_cascade", "prolong"]

#: No section of the coarsest cascade of a stage sequence is longer than this.
COARSEST_SECTION = 12
#: Floor of ``ln z`` in a stretched profile (deeper tails are left to the solver).
_LOG_FLOOR = float(np.log(1e-300))
#: Below this fraction of its peak a component is a trace whose tail keeps its per-stage decay.
_LOG_TRACE = float(np.log(1e-8))


@dataclass(frozen=True)
class Network:
    """Everything the solver needs, in SI, for the components that have an input.

    Attributes
    ----------
    active : list of int
        Positions (in ``Cascade.components``) of the components solved for; the others have no
        input and are zero everywhere.
    models : list of (EquilibriumModel, slice)
        Equilibrium model and the stages it applies to.
    state_size : int
        ``M``, per-stage state variables.
    organic_flow : float
        ``O``, m³/s.
    aqueous_out, aqueous_from_next : ndarray, shape (N,)
        Aqueous flows leaving stage j and entering it from stage j+1, m³/s.
    external : ndarray, shape (N, M)
        External inlets of transported quantities, mol/s (feed, scrub, strip, fresh organic).
    recycle_mask : ndarray, shape (M,) or None
        With organic recycle, the contents of the stripped organic carried to stage 1.
    feed_index : int
        Position (0-based) of the feed stage.
    """

    active: list[int]
    models: list[tuple[EquilibriumModel, slice]]
    n_stages: int
    state_size: int
    organic_flow: float
    aqueous_out: FloatArray
    aqueous_from_next: FloatArray
    external: FloatArray
    recycle_mask: FloatArray | None
    aqueous_reference: FloatArray
    strip_stage: int | None
    feed_index: int

    def stretches(self) -> list[tuple[int, int]]:
        """Stage ranges [start, stop) of constant flows: up to the feed stage, above it, stripping."""
        top = self.n_stages if self.strip_stage is None else self.strip_stage
        return [(0, self.feed_index + 1), (self.feed_index + 1, top), (top, self.n_stages)]


def build_network(cascade: Cascade) -> Network:
    """Translate a validated cascade into stage flows and inlets.

    Components with no input at all are dropped (their concentrations are exactly zero).
    """
    total = cascade.total_input()
    if cascade.recycle:
        total = total + cascade.organic_flow * cascade.organic_concentration
    active = [i for i in range(len(cascade.components)) if total[i] > 0]
    if not active:
        raise ScenarioError(f"{cascade.source}: feed.concentration = 0: expected at least one component with an input")
    main = cascade.equilibrium if len(active) == len(cascade.components) else cascade.equilibrium.subset(active)
    strip_model = cascade.strip_equilibrium
    if strip_model is not None and len(active) != len(cascade.components):
        strip_model = strip_model.subset(active)
    size = main.state_size
    if strip_model is not None and strip_model.state_size != size:
        raise ScenarioError(
            f"{cascade.source}: strip.equilibrium.model = {strip_model.model!r}: expected a model with the same "
            f"per-stage species as equilibrium.model {main.model!r}"
        )
    n, m, k = cascade.extraction, cascade.scrubbing, cascade.stripping
    n_stages = n + m + k
    top = n + m
    feed_index = cascade.feed_stage - 1
    aqueous_out = np.empty(n_stages)
    aqueous_out[:top] = cascade.scrub_flow
    aqueous_out[: feed_index + 1] += cascade.feed_flow
    aqueous_out[top:] = cascade.strip_flow
    aqueous_from_next = np.zeros(n_stages)
    aqueous_from_next[: top - 1] = aqueous_out[1:top]
    aqueous_from_next[top : n_stages - 1] = aqueous_out[top + 1 :]

    def pick(values: FloatArray) -> FloatArray:
        return np.asarray(values, dtype=float)[active]

    external = np.zeros((n_stages, size))
    feed = main.aqueous_inlet(pick(cascade.feed_concentration), cascade.feed_acidity)
    scrub = main.aqueous_inlet(pick(np.asarray(cascade.scrub_concentration)), cascade.scrub_acidity)
    external[feed_index] += cascade.feed_flow * feed
    external[top - 1] += cascade.scrub_flow * scrub
    reference_flow = cascade.feed_flow + cascade.scrub_flow
    reference = cascade.feed_flow * feed + cascade.scrub_flow * scrub
    if k:
        strip_side = strip_model if strip_model is not None else main
        strip = strip_side.aqueous_inlet(pick(np.asarray(cascade.strip_concentration)), cascade.strip_acidity)
        external[n_stages - 1] += cascade.strip_flow * strip
        reference_flow += cascade.strip_flow
        reference = reference + cascade.strip_flow * strip
    recycle_mask = None
    if cascade.recycle:
        recycle_mask = main.recycle_mask()
        external[0] += cascade.organic_flow * main.recycle_offset()
    else:
        external[0] += cascade.organic_flow * main.organic_inlet(pick(cascade.organic_concentration))
    models: list[tuple[EquilibriumModel, slice]] = [(main, slice(0, n_stages))]
    if strip_model is not None and k:
        models = [(main, slice(0, top)), (strip_model, slice(top, n_stages))]
    return Network(
        active=active,
        models=models,
        n_stages=n_stages,
        state_size=size,
        organic_flow=cascade.organic_flow,
        aqueous_out=aqueous_out,
        aqueous_from_next=aqueous_from_next,
        external=external,
        recycle_mask=recycle_mask,
        aqueous_reference=np.asarray(reference / reference_flow, dtype=float),
        strip_stage=top if k else None,
        feed_index=feed_index,
    )


def _halve(stages: int) -> int:
    """Half the stages (rounded up) of a section longer than ``COARSEST_SECTION``; others kept."""
    return stages if stages <= COARSEST_SECTION else (stages + 1) // 2


def coarser_cascade(cascade: Cascade) -> Cascade | None:
    """The same cascade with about half the stages in every section longer than
    ``COARSEST_SECTION`` stages, or None if there is none.

    Flows, inlets and models are unchanged; the feed stage keeps its relative position in its
    section (at the end of the extraction or scrubbing section if it was there).
    """
    n, m, k = cascade.extraction, cascade.scrubbing, cascade.stripping
    if max(n, m, k) <= COARSEST_SECTION:
        return None
    n2, m2, k2 = _halve(n), _halve(m), _halve(k)
    feed = cascade.feed_stage
    if feed <= n:
        feed = max(1, round(feed * n2 / n))
    else:
        feed = n2 + max(1, round((feed - n) * m2 / m))
    return cascade.replace(extraction=n2, scrubbing=m2, stripping=k2, feed_stage=feed)


def prolong(z: FloatArray, coarse: Network, fine: Network) -> FloatArray:
    """Stretch the stage states ``z`` (shape (N_coarse, M), mol/m³, positive) of ``coarse`` onto
    the stages of ``fine``; returns shape (N_fine, M).

    Each fine stage is given a position on the coarse stages: the same relative position in its
    stretch of constant flows, and ``ln z`` is interpolated linearly at those positions (right for
    the plateaus and fronts of the major components: a plateau lengthens with its section). A
    component's trace tail — from the first stage, going outward from its peak, where it falls
    below 10⁻⁸ of the peak — instead keeps the coarse change of ``ln z`` *per stage* (a geometric
    tail's ratio per stage is set by the local extraction factor, not by the section length, so
    the tail of the longer cascade runs deeper), where that is the lower of the two. ``ln z`` is
    floored at ln 10⁻³⁰⁰; deeper tails are left to the solver.
    """
    position = np.empty(fine.n_stages)
    for (c0, c1), (f0, f1) in zip(coarse.stretches(), fine.stretches()):
        if f1 > f0:
            relative = (np.arange(f0, f1) - f0 + 0.5) / (f1 - f0)
            position[f0:f1] = c0 - 0.5 + relative * (c1 - c0)
    log_z = np.log(z)
    stages = np.arange(coarse.n_stages)
    stretched = np.column_stack([np.interp(position, stages, log_z[:, k]) for k in range(z.shape[1])])
    if coarse.n_stages < 2:
        return np.asarray(np.exp(stretched))
    middle = 0.5 * (position[1:] + position[:-1])
    per_stage = np.column_stack(
        [np.interp(middle, stages[:-1] + 0.5, np.diff(log_z[:, k])) for k in range(z.shape[1])]
    )
    profile = stretched.copy()
    for k in range(z.shape[1]):
        column = stretched[:, k]
        peak = int(np.argmax(column))
        trace = column < column[peak] + _LOG_TRACE
        above = np.flatnonzero(trace[peak:])
        if above.size:
            first = peak + int(above[0])
            tail = column[first] + np.concatenate([[0.0], np.cumsum(per_stage[first:, k])])
            profile[first:, k] = np.minimum(column[first:], tail)
        below = np.flatnonzero(trace[: peak + 1])
        if below.size:
            last = int(below[-1])
            tail = column[last] - np.concatenate([np.cumsum(per_stage[:last, k][::-1])[::-1], [0.0]])
            profile[: last + 1, k] = np.minimum(column[: last + 1], tail)
    return np.asarray(np.exp(np.maximum(profile, _LOG_FLOOR)))

"""Stage network of a cascade: flows, external inlets and equilibrium model per stage.

Stages are numbered 0…N−1 here (stage 1…N in files and outputs). The organic (flow ``O``) moves
from stage j to j+1; the aqueous phase moves from j+1 to j within a section. ``aqueous_out[j]`` is
the aqueous flow leaving stage j and ``aqueous_from_next[j]`` the one entering it from stage j+1
(zero at the top of the extraction/scrubbing sections and at the last stage, where the scrub and
strip liquors enter as external inlets instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reeflow.errors import ScenarioError
from reeflow.unitops.sx.equilibrium.base import EquilibriumModel, FloatArray
from reeflow.unitops.sx.spec import Cascade

__all__ = ["Network", "build_network"]


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
    )

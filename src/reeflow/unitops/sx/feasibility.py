"""Feasibility checks a cascade must pass before the solver looks for its steady state.

Saponification (mass-action model)
----------------------------------
In a mass-action stage every acid site of the extractant holds a proton or a third of a metal ion:
the organic leaving any stage carries ``2 T`` site equivalents per m³ (``T`` total dimer, mol/m³).
The organic entering stage 1 carries ``2 T (1 − s)`` (fresh or re-saponified, ``s`` the
saponification degree): the rest are Na⁺/NH₄⁺ sites that the extraction and scrubbing stages must
fill from the aqueous inlets. Over stages 1…n+m (the strip liquor does not enter them) the balance
of ``H⁺ + 3 RE³⁺`` equivalents is therefore

    A₁ (h₁ + 3 Σ x₁) = F (h_F + 3 Σ c_F) + S (h_S + 3 Σ c_S) − 2 T s O,

and a steady state with a positive raffinate acidity ``h₁`` exists only if the right-hand side is
positive. When it is not, no solver can converge; :func:`check_feasible` says so at once.
"""

from __future__ import annotations

import numpy as np

from reeflow.errors import ConvergenceError
from reeflow.unitops.sx.equilibrium import MassAction
from reeflow.unitops.sx.spec import Cascade
from reeflow.uom import to_unit

__all__ = ["check_feasible"]


def check_feasible(cascade: Cascade) -> None:
    """Raise :class:`ConvergenceError` if ``cascade`` can have no steady state (see the module).

    Only mass-action cascades are checked: the other models have a steady state for any valid file.
    """
    model = cascade.equilibrium
    if not isinstance(model, MassAction):
        return
    last = cascade.strip_equilibrium if cascade.stripping and cascade.strip_equilibrium is not None else model
    entering = (
        2.0 * last.dimer_total - 2.0 * model.dimer_total * model.saponification
        if cascade.recycle and isinstance(last, MassAction)
        else 2.0 * model.dimer_total * (1.0 - model.saponification)
    )
    demand = cascade.organic_flow * (2.0 * model.dimer_total - entering)  # site equivalents to fill, mol/s
    feed_metal = float(np.sum(cascade.feed_concentration))
    scrub_metal = float(np.sum(np.asarray(cascade.scrub_concentration)))
    supply = cascade.feed_flow * (cascade.feed_acidity + 3.0 * feed_metal)  # H+ and 3 RE, mol/s
    supply += cascade.scrub_flow * (cascade.scrub_acidity + 3.0 * scrub_metal)
    if demand <= 0.0 or supply > demand:
        return
    per_min = to_unit(1.0, "mol/s", "mol/min")
    raise ConvergenceError(
        f"SX cascade has no steady state: the saponified organic brings {demand * per_min:.4g} mol/min of "
        f"Na+/NH4+-form extractant sites (organic flow x extractant x saponification), but the feed and scrub "
        f"bring only {supply * per_min:.4g} mol/min of H+ plus 3 x rare earth to take them up, so the raffinate "
        "acidity would be zero or negative: lower organic.flow or equilibrium.saponification, or raise the feed "
        "or scrub acidity.",
        diagnostics={"saponified_sites_mol_s": demand, "acid_and_metal_supply_mol_s": supply},
    )

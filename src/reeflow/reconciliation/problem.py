"""The reconciliation problem: element balances of a solved flowsheet and the measurement model.

Variables
---------
The element mass flows f[s,e] (kg/s) of every stream s of the flowsheet (feeds, internal streams
and products alike) and every element e that the solved flowsheet carries in some stream. They
are stored flat, stream-major: ``f[k]`` with ``k = s·n_e + e``. A stream's total mass flow is
M_s = Σ_e f[s,e]: every element is a variable, so this is exact. A flow that the simulation does
not have (no Ce in the leach water) is a structural zero, held at zero by
:func:`~reeflow.reconciliation.solve.reconcile`.

Balances
--------
Around every unit u and for every element e, what enters leaves (steady state; reactions conserve
elements)::

    Σ_{s ∈ in(u)} f[s,e] − Σ_{s ∈ out(u)} f[s,e] = 0,     i.e.  A f = 0.

Feeds and products appear in one balance only, so they are free variables like any other.

Measurement model
-----------------
Each measurement i is a linear form or a ratio of linear forms of f, h_i(f) = aᵢᵀf / bᵢᵀf:

* mass flow:            h = Σ_e f[s,e]                               (kg/s)
* element mass flow:    h = f[s,e]                                   (kg/s)
* assay, stream basis:  h = f[s,e] / Σ_e' f[s,e']                    (kg/kg)
* assay, solids basis:  h = φ[s,e] f[s,e] / Σ_e' φ[s,e'] f[s,e']     (kg/kg, dry)
* liquor concentration: h = ψ[s,e] f[s,e] / (v_s Σ_e' f[s,e'])       (kg/m³)

φ[s,e] and ψ[s,e], the shares of element e of stream s that are in the solid and in the aqueous
phase, and v_s, the aqueous volume per mass of stream s (m³/kg; the aqueous phase's volume is its
water at 25 °C, as :attr:`reeflow.streams.Stream.aqueous_volume_flow` has it), are taken from the
simulation and held fixed: reconciliation adjusts flows, not the model's phase split or liquor
density. A solids assay is thus the element's mass in the solids per mass of solids, with the
solids' mass Σ_e' φ[s,e'] f[s,e'] made of the model's solid shares of every element.

"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reeflow.errors import InputError
from reeflow.flowsheet import Flowsheet
from reeflow.reconciliation.measurements import Measurement

__all__ = ["BalanceModel", "MeasurementModel", "balance_model", "measurement_model"]


@dataclass(frozen=True)
class BalanceModel:
    """Streams, elements and element balances of a solved flowsheet.

    ``balance_matrix`` A has a row per (unit, element) (unit-major) and a column per variable
    (stream-major); ``simulated`` holds the simulation's element mass flows f_sim (kg/s, flat);
    ``solids_share`` φ and ``aqueous_share`` ψ (flat, dimensionless) and ``aqueous_volume_per_mass``
    v_s (m³/kg, per stream) come from the simulation.
    """

    streams: tuple[str, ...]
    elements: tuple[str, ...]
    units: tuple[str, ...]
    inlets: dict[str, tuple[str, ...]]
    outlets: dict[str, tuple[str, ...]]
    balance_matrix: np.ndarray
    simulated: np.ndarray
    solids_share: np.ndarray
    aqueous_share: np.ndarray
    aqueous_volume_per_mass: np.ndarray

    def index(self, stream: str, element: str) -> int:
        """Position of f[stream, element] in the flat variable vector."""
        return self.streams.index(stream) * len(self.elements) + self.elements.index(element)

    def stream_slice(self, stream: str) -> slice:
        """The variables of one stream."""
        start = self.streams.index(stream) * len(self.elements)
        return slice(start, start + len(self.elements))

    def flows_by_stream(self, flows: np.ndarray) -> np.ndarray:
        """A flat variable vector as an array (stream, element)."""
        return flows.reshape(len(self.streams), len(self.elements))


def balance_model(flowsheet: Flowsheet) -> BalanceModel:
    """The balance model of a solved ``flowsheet`` (its ``streams`` hold the simulation)."""
    database = flowsheet.database
    streams = tuple(sid for sid in flowsheet.source if sid in flowsheet.streams)
    carried = np.zeros(len(database.elements), dtype=bool)
    for sid in streams:
        carried |= flowsheet.streams[sid].element_mass_flows > 0
    rows = np.flatnonzero(carried)
    elements = tuple(database.elements[r] for r in rows)
    n_e = len(elements)
    simulated = np.zeros((len(streams), n_e))
    solids = np.zeros((len(streams), n_e))
    aqueous = np.zeros((len(streams), n_e))
    volume = np.zeros(len(streams))
    for k, sid in enumerate(streams):
        stream = flowsheet.streams[sid]
        simulated[k] = stream.element_mass_flows[rows]
        for share, phase in ((solids, "solid"), (aqueous, "aqueous")):
            in_phase = stream.phase(phase).element_mass_flows[rows]  # type: ignore[arg-type]
            share[k] = np.divide(in_phase, simulated[k], out=np.zeros(n_e), where=simulated[k] > 0)
        volume[k] = stream.aqueous_volume_flow / stream.mass_flow if stream.mass_flow > 0 else 0.0
    units = tuple(flowsheet.units)
    position = {sid: k for k, sid in enumerate(streams)}
    matrix = np.zeros((len(units) * n_e, len(streams) * n_e))
    identity = np.eye(n_e)
    for u, uid in enumerate(units):
        for sign, ids in ((1.0, flowsheet.inlets[uid]), (-1.0, flowsheet.outlets[uid].values())):
            for sid in ids:
                s = position[sid]
                matrix[u * n_e:(u + 1) * n_e, s * n_e:(s + 1) * n_e] += sign * identity
    return BalanceModel(
        streams=streams,
        elements=elements,
        units=units,
        inlets={uid: tuple(flowsheet.inlets[uid]) for uid in units},
        outlets={uid: tuple(flowsheet.outlets[uid].values()) for uid in units},
        balance_matrix=matrix,
        simulated=simulated.ravel(),
        solids_share=np.clip(solids, 0.0, 1.0).ravel(),
        aqueous_share=np.clip(aqueous, 0.0, 1.0).ravel(),
        aqueous_volume_per_mass=volume,
    )


@dataclass(frozen=True)
class MeasurementModel:
    """h(f) = (a·f)/(b·f) for every measurement: ``numerators`` a and ``denominators`` b (one row
    per measurement; a row of b is zero where h is linear), measured ``values`` m and ``sd`` σ (SI)."""

    numerators: np.ndarray
    denominators: np.ndarray
    is_ratio: np.ndarray
    values: np.ndarray
    sd: np.ndarray

    def predict(self, flows: np.ndarray) -> np.ndarray:
        """h(f) for element mass flows ``flows`` (kg/s, flat)."""
        top = self.numerators @ flows
        bottom = np.where(self.is_ratio, self.denominators @ flows, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return top / bottom

    def jacobian(self, flows: np.ndarray) -> np.ndarray:
        """∂h/∂f at ``flows``: (a (b·f) − b (a·f)) / (b·f)² for ratios, a for linear forms."""
        top = self.numerators @ flows
        bottom = np.where(self.is_ratio, self.denominators @ flows, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio_rows = (self.numerators * bottom[:, None] - self.denominators * top[:, None]) / bottom[:, None] ** 2
        return np.where(self.is_ratio[:, None], ratio_rows, self.numerators)


def measurement_model(model: BalanceModel, measurements: list[Measurement]) -> MeasurementModel:
    """The linear forms of ``measurements`` over the variables of ``model``.

    Raises InputError for a dry assay of a stream with no solids of that element in the simulation
    and for a liquor concentration of a stream with no aqueous phase.
    """
    n = model.simulated.size
    numerators = np.zeros((len(measurements), n))
    denominators = np.zeros((len(measurements), n))
    for i, m in enumerate(measurements):
        block = model.stream_slice(m.stream)
        whole = np.zeros(n)
        whole[block] = 1.0
        if m.kind == "mass_flow":
            numerators[i] = whole
            continue
        assert m.element is not None
        k = model.index(m.stream, m.element)
        numerators[i, k] = 1.0
        if m.kind == "element_flow":
            continue
        if m.kind == "assay" and m.basis == "solids":
            share = model.solids_share[block]
            if model.solids_share[k] <= 0:
                raise InputError(
                    f"{m.where}: a dry assay of {m.element} in {m.stream!r}, but the simulation puts no {m.element} "
                    f"in that stream's solids; give the assay on the whole stream (basis stream) or drop it"
                )
            numerators[i, k] = model.solids_share[k]
            denominators[i, block] = share
        elif m.kind == "liquor_concentration":
            volume = model.aqueous_volume_per_mass[model.streams.index(m.stream)]
            if volume <= 0 or model.aqueous_share[k] <= 0:
                raise InputError(
                    f"{m.where}: {m.quantity} in {m.unit} is a liquor concentration, but the simulation has no "
                    f"{'aqueous phase (no water)' if volume <= 0 else f'dissolved {m.element}'} in {m.stream!r}; "
                    "give the assay as a mass fraction (wt%, ppm) instead"
                )
            numerators[i, k] = model.aqueous_share[k]
            denominators[i, block] = volume
        else:
            denominators[i] = whole
    return MeasurementModel(
        numerators=numerators,
        denominators=denominators,
        is_ratio=np.asarray(denominators.any(axis=1)),
        values=np.array([m.value for m in measurements]),
        sd=np.array([m.sd for m in measurements]),
    )

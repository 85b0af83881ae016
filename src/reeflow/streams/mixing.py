"""Mixing and splitting streams. Both conserve every species flow to rounding."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from reeflow.errors import InputError
from reeflow.streams.stream import Stream

__all__ = ["mix", "split"]


def mix(id: str, streams: Sequence[Stream]) -> Stream:
    """One stream holding every species of ``streams``; temperature is the mass-weighted mean.

    The mass-weighted temperature is a placeholder for an enthalpy balance (no heat capacities yet);
    the pressure is the lowest inlet pressure.
    """
    if not streams:
        raise InputError(f"mix {id!r}: no streams to mix")
    database = streams[0].database
    flows = np.sum([s.molar_flows for s in streams], axis=0)
    masses = np.array([s.mass_flow for s in streams])
    temps = np.array([s.temperature for s in streams])
    temperature = float(masses @ temps / masses.sum()) if masses.sum() > 0 else float(temps.mean())
    return Stream(id, database, flows, temperature=temperature, pressure=min(s.pressure for s in streams))


def split(stream: Stream, fractions: Mapping[str, float | np.ndarray]) -> dict[str, Stream]:
    """Split ``stream`` into outlets ``{id: fraction}``; fractions per stream or per species.

    Every outlet but the last receives ``fraction × flow``; the last receives what is left, so the
    outlets add up to the inlet to rounding. Fractions must lie in [0, 1] and add up to 1 (both
    to rounding, 1e-12 and 1e-9).
    """
    if not fractions:
        raise InputError(f"split of {stream.id!r}: no outlets given")
    arrays = {k: np.broadcast_to(np.asarray(v, dtype=float), stream.molar_flows.shape) for k, v in fractions.items()}
    total = np.sum(list(arrays.values()), axis=0)
    if np.any(np.abs(total - 1.0) > 1e-9) or any(np.any((a < -1e-12) | (a > 1 + 1e-12)) for a in arrays.values()):
        raise InputError(
            f"split of {stream.id!r}: fractions {dict(fractions)} must each lie in [0, 1] and add up to 1"
        )
    arrays = {k: np.clip(a, 0.0, 1.0) for k, a in arrays.items()}
    ids = list(arrays)
    outlets: dict[str, Stream] = {}
    remaining = stream.molar_flows.copy()
    for key in ids[:-1]:
        part = stream.molar_flows * arrays[key]
        remaining -= part
        outlets[key] = Stream(key, stream.database, part, temperature=stream.temperature, pressure=stream.pressure)
    outlets[ids[-1]] = Stream(
        ids[-1], stream.database, np.maximum(remaining, 0.0), temperature=stream.temperature,
        pressure=stream.pressure,
    )
    return outlets

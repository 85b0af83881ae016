"""Ores from the shipped library (``data/ores/*.yaml``): assays and mineralogy with sources.

An ore enters a flowsheet through its mineralogy, the ore written as reeflow species (wt% of dry
ore); its assay (oxide basis, as the sources report it) documents where those numbers come from
and is checked against the mineralogy by the data tests. An ore with a ``radium`` entry also
carries the radium of secular equilibrium with its uranium and thorium, as the ``carrier`` species
(added when the ore enters a flowsheet, :func:`reeflow.radioactivity.ore_with_radium`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from reeflow.data import load_yaml
from reeflow.errors import DataError

__all__ = ["Ore", "load_ore", "ore_names"]

_SUM_TOLERANCE_PCT = 0.05


@dataclass(frozen=True)
class Ore:
    """An ore: ``mineralogy`` maps species id → mass fraction of dry ore (sums to 1)."""

    name: str
    description: str
    mineralogy: dict[str, float]
    assay_wt_pct: dict[str, float]
    re_distribution_pct: dict[str, float]
    sources: dict[str, str]
    radium_carrier: str | None = None


def ore_names() -> list[str]:
    """Names of the shipped ores (file stems under ``data/ores``)."""
    folder = resources.files("reeflow.data").joinpath("ores")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_ore(name: str) -> Ore:
    """The shipped ore ``name``; raises :class:`DataError` listing the shipped ores if unknown."""
    names = ore_names()
    if name not in names:
        raise DataError(f"unknown ore {name!r}; shipped ores are: {', '.join(names)}")
    doc = load_yaml(f"ores/{name}.yaml")
    mineralogy = _values(doc.get("mineralogy"), name, "mineralogy")
    total = sum(mineralogy.values())
    if abs(total - 100.0) > _SUM_TOLERANCE_PCT:
        raise DataError(f"ore {name!r}: mineralogy sums to {total:.4f} wt%, expected 100")
    return Ore(
        name=name,
        description=str(doc.get("description", "")).strip(),
        mineralogy={sp: pct / total for sp, pct in mineralogy.items()},
        assay_wt_pct=_values(doc.get("assay"), name, "assay"),
        re_distribution_pct=_values(doc.get("re_distribution"), name, "re_distribution"),
        sources={str(k): str(v) for k, v in (doc.get("sources") or {}).items()},
        radium_carrier=(doc.get("radium") or {}).get("carrier"),
    )


def _values(section: Any, ore: str, key: str) -> dict[str, float]:
    if not section:
        return {}
    try:
        return {str(k): float(v["value"] if isinstance(v, dict) else v) for k, v in section.items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"ore {ore!r}: section {key!r} has an entry without a numeric value ({exc})") from None

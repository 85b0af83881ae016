"""AB5 plateau pressure from the unit-cell volume: the Lundin-type correlation.

Model
-----
For AB5 (CaCu5-type) alloys the desorption plateau near room temperature falls exponentially
with the unit-cell volume (Lundin, Lynch & Magee, J. Less-Common Met. 56 (1977) 19):

    ln(P_des / bar) = a + b V,

with ``V`` the hexagonal cell volume of one AB5 formula unit. ``a`` and ``b`` are fitted offline
(:func:`reeflow.hydrogen.fit.cell_volume_correlation`) to the Cuevas et al. (2002) data shipped in
``data/hydrides/cell_volume_cuevas.csv`` and read from ``model_coefficients.yaml`` (RMS 0.24 in
ln P over 84.7–90.0 Å³). Use it with a measured (XRD) cell volume; the composition model
(:mod:`reeflow.hydrogen.model`) is the route from a formula.
"""

from __future__ import annotations

import csv
import io
import math
from functools import cache
from importlib import resources

from reeflow.errors import InputError
from reeflow.hydrogen.model import coefficients
from reeflow.uom import conversion_factor, to_unit

__all__ = ["plateau_from_cell_volume", "volume_range"]

#: Extrapolation accepted beyond the fitted cell volumes, Å³.
_MARGIN_A3 = 1.0


@cache
def volume_range() -> tuple[float, float]:
    """Smallest and largest cell volume (m³ per formula unit) behind the correlation."""
    text = resources.files("reeflow.data").joinpath("hydrides/cell_volume_cuevas.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    volumes = [float(row["cell_volume_A3"]) for row in rows]
    per_a3 = conversion_factor("angstrom**3", "m**3")
    return min(volumes) * per_a3, max(volumes) * per_a3


def plateau_from_cell_volume(volume: float) -> float:
    """Desorption plateau pressure (Pa) near room temperature of an AB5 alloy with CaCu5-type cell
    volume ``volume`` (m³ per formula unit).

    Raises
    ------
    InputError
        For a volume more than 1 Å³ outside the fitted volumes.

    Examples
    --------
    >>> round(plateau_from_cell_volume(86.8e-30) / 1e5, 2)  # V = 86.8 A^3, P in bar
    1.91
    """
    low, high = volume_range()
    in_a3 = to_unit(volume, "m**3", "angstrom**3")
    margin = to_unit(_MARGIN_A3, "angstrom**3", "m**3")
    if not low - margin <= volume <= high + margin:
        raise InputError(
            f"cell volume {in_a3:.4g} A^3: the AB5 cell-volume correlation is fitted to "
            f"{to_unit(low, 'm**3', 'angstrom**3'):.1f}-{to_unit(high, 'm**3', 'angstrom**3'):.1f} A^3; "
            f"give a CaCu5-type cell volume within {_MARGIN_A3:g} A^3 of that range"
        )
    line = coefficients()["cell_volume_correlation"]
    return to_unit(math.exp(float(line["a"]) + float(line["b_per_A3"]) * in_a3), "bar", "Pa")

"""The AB5 cell-volume correlation against the data it was fitted to, and its range check."""

from __future__ import annotations

import csv
import io
import math
from importlib import resources

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.hydrogen.cell_volume import plateau_from_cell_volume, volume_range
from reeflow.hydrogen.model import coefficients

pytestmark = pytest.mark.unit

A3 = 1e-30  # m³ per cubic angstrom


def _cuevas() -> list[tuple[float, float]]:
    text = resources.files("reeflow.data").joinpath("hydrides/cell_volume_cuevas.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    return [(float(r["cell_volume_A3"]), float(r["plateau_bar"])) for r in rows]


def test_reproduces_the_shipped_data_within_its_stated_scatter() -> None:
    rms = float(coefficients()["cell_volume_correlation"]["rms_ln_p"])
    errors = [math.log(plateau_from_cell_volume(v * A3) / (p * 1e5)) for v, p in _cuevas()]
    assert math.sqrt(sum(e * e for e in errors) / len(errors)) == pytest.approx(rms, abs=0.005)
    assert max(abs(e) for e in errors) < 3 * rms


@settings(max_examples=50, deadline=None)
@given(st.floats(84.0, 90.5), st.floats(0.01, 0.5))
def test_a_larger_cell_gives_a_lower_plateau(volume_a3: float, step_a3: float) -> None:
    low, high = volume_range()
    assume(low - A3 <= volume_a3 * A3 and (volume_a3 + step_a3) * A3 <= high + A3)
    assert plateau_from_cell_volume((volume_a3 + step_a3) * A3) < plateau_from_cell_volume(volume_a3 * A3)


@pytest.mark.parametrize("volume_a3", [80.0, 95.0])
def test_volumes_far_outside_the_fitted_range_are_refused(volume_a3: float) -> None:
    with pytest.raises(InputError, match="cell-volume correlation is fitted to 84.7-90.0"):
        plateau_from_cell_volume(volume_a3 * A3)

"""Plotly figures for the report: PCT families and van 't Hoff lines."""

from __future__ import annotations

import numpy as np
import pytest

from reeflow.hydrogen.alloy import resolve_alloy
from reeflow.hydrogen.constants import P0
from reeflow.hydrogen.figures import pct_family_figure, van_t_hoff_figure
from reeflow.hydrogen.pct import plateau_pressure

pytestmark = pytest.mark.component


def test_pct_family_has_both_branches_at_each_temperature() -> None:
    alloy = resolve_alloy("LaNi5")
    figure = pct_family_figure(alloy, [273.15, 298.15, 333.15], points=100)
    assert len(figure.data) == 6
    assert figure.layout.yaxis.type == "log"
    desorption_25 = [t for t in figure.data if t.name == "25 °C desorption"][0]
    middle = float(np.interp(0.5 * alloy.capacity_h_per_m, desorption_25.x, desorption_25.y))
    assert middle == pytest.approx(plateau_pressure(alloy.pct, 298.15) / 1e5, rel=0.02)


def test_van_t_hoff_lines_pass_through_the_plateau_and_show_data() -> None:
    alloys = [resolve_alloy("LaNi5"), resolve_alloy("LaNi4.6Mn.4")]
    figure = van_t_hoff_figure(alloys, (280.0, 360.0))
    line = figure.data[0]
    T = 1000.0 / np.asarray(line.x)
    expected = np.log([plateau_pressure(alloys[0].pct, t) / P0 for t in T])
    np.testing.assert_allclose(line.y, expected, rtol=1e-10)
    assert any(t.mode == "markers" for t in figure.data)  # HydPARK plateau points of LaNi4.6Mn0.4

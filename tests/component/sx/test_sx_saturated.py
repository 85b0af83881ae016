"""Long saturated competitive-Langmuir cascades from a cold start: 99.999 % products, >10 decades."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reeflow.errors import ConvergenceError
from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.component


def _la_ce(extraction: int, scrubbing: int, organic: str, scrub: str) -> dict[str, Any]:
    return {
        "name": "saturated La/Ce",
        "components": ["La", "Ce"],
        "sections": {"extraction": extraction, "scrubbing": scrubbing},
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}},
        "organic": {"flow": organic},
        "scrub": {"flow": scrub},
        "equilibrium": {"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "11 L/mol"}},
    }


def test_150_stage_saturated_cascade_converges_from_cold_start() -> None:
    cascade = load_cascade(_la_ce(75, 75, "8 L/min", "2 L/min"))
    result = simulate(cascade)
    loading = result.organic.sum(axis=1) / 180.0
    assert loading.max() > 0.6  # the organic is near its capacity
    assert result.purity["raffinate"]["La"] > 0.99999
    assert result.purity["loaded_organic"]["Ce"] > 0.99999
    span = np.log10(result.aqueous.max(axis=0) / result.aqueous.min(axis=0))
    assert span.max() > 10.0  # concentrations spread over more than ten decades
    assert result.balance_closure < 1e-9


def test_four_components_150_stages_converge() -> None:
    data = _la_ce(80, 70, "4 L/min", "0.8 L/min")
    data["components"] = ["La", "Ce", "Pr", "Nd"]
    data["feed"]["concentration"] = {s: "0.25 mol/L" for s in data["components"]}
    data["equilibrium"]["K"] = {"La": "2 L/mol", "Ce": "11 L/mol", "Pr": "22 L/mol", "Nd": "33 L/mol"}
    result = simulate(load_cascade(data))
    assert result.balance_closure < 1e-9
    assert result.residual < 1e-12


def test_non_convergence_raises_with_stage_diagnostics() -> None:
    cascade = load_cascade(_la_ce(75, 75, "3.4 L/min", "0.35 L/min"))
    with pytest.raises(ConvergenceError) as info:
        simulate(cascade, max_iter=2)
    diagnostics = info.value.diagnostics
    assert len(diagnostics["stage_residuals"]) == 150
    assert diagnostics["iterations"] >= 2
    assert diagnostics["max_scaled_residual"] > 1e-12
    assert diagnostics["balance_closure"] >= 0.0

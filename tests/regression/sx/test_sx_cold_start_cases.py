"""Cascades that once stalled from a cold start: each must now converge at the default tolerance.

The YAML files in ``cases/`` are the reported failures (a La/Ce split near its minimum organic
flow, a 150 + 150-stage saturated cascade at 1.03 times its minimum flows, a 20 + 17-stage La/Ce
split), six extremely saturated binary Langmuir splits of 160–260 stages (K·c up to 1000, organic
capacity 1.0–1.15 times the metal it must carry, near Xu's minimum reflux) that ended in a
ConvergenceError before the solver's stage sequencing, and one such cascade with a short
scrubbing section that guards the sequencing (short sections are not coarsened). Converged means
every scaled stage residual below 1e-12 and every component balance closed to 1e-9, reached from
the solver's cold start (no initial profile is given).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.regression

CASES = sorted((Path(__file__).parent / "cases").glob("sx_*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_converges_from_cold_start_with_closed_balances(path: Path) -> None:
    cascade = load_cascade(path)
    result = simulate(cascade)
    assert result.residual < 1e-12
    assert result.balance_closure <= 1e-9
    total_out = sum(result.outlet_flows.values())
    np.testing.assert_allclose(total_out, cascade.total_input(), rtol=1e-9)
    assert np.all(result.aqueous > 0) and np.all(result.organic > 0)


def test_the_reported_cases_are_present() -> None:
    assert len(CASES) == 10

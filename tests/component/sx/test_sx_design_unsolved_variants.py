"""Design when some variants cannot be solved: they count as missing the targets, never as results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reeflow.errors import ConvergenceError
from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design
from reeflow.unitops.sx.spec import Cascade

pytestmark = pytest.mark.component

CIRCUIT = Path(__file__).resolve().parents[3] / "examples" / "sx" / "la_ce_p507_circuit.yaml"
TARGETS = ("purity:raffinate:La=0.9999", "purity:loaded_organic:Ce=0.999")


def _linear_la_ce() -> Cascade:
    return load_cascade(
        {
            "name": "La/Ce, constant D",
            "components": ["La", "Ce"],
            "sections": {"extraction": 12, "scrubbing": 10},
            "feed": {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}},
            "organic": {"flow": "3 L/min"},
            "scrub": {"flow": "0.4 L/min"},
            "equilibrium": {"model": "constant_distribution", "D": {"La": 0.4, "Ce": 2.2}},
        }
    )


def test_variants_above_a_failing_organic_flow_are_avoided() -> None:
    cascade = _linear_la_ce()
    free = design(cascade, TARGETS)
    assert free.variants_not_converged == 0
    limit = 1.1 * free.cascade.organic_flow  # the search's 1.5-fold steps cross it

    def fragile(variant: Cascade) -> Any:
        if variant.organic_flow > limit:
            raise ConvergenceError("stand-in for a cascade the solver cannot reach", diagnostics={})
        return simulate(variant)

    bounded = design(cascade, TARGETS, simulate=fragile)
    assert bounded.variants_not_converged > 0
    assert bounded.cascade.organic_flow <= limit
    check = simulate(load_cascade(bounded.cascade.to_file_dict()))
    assert check.purity["raffinate"]["La"] >= 0.9999 * (1 - 1e-9)
    assert check.purity["loaded_organic"]["Ce"] >= 0.999 * (1 - 1e-9)


def test_design_fails_with_diagnostics_when_no_variant_converges() -> None:
    def never(variant: Cascade) -> Any:
        raise ConvergenceError("stand-in", diagnostics={})

    with pytest.raises(ConvergenceError) as raised:
        design(_linear_la_ce(), TARGETS, simulate=never)
    assert raised.value.diagnostics["variants_not_converged"] == raised.value.diagnostics["simulations"] > 0


def test_saponified_circuit_with_acid_scrub_strip_and_recycle_is_designed() -> None:
    """The shipped mass-action circuit: the organic-flow search meets flows the strip acid cannot
    carry (no steady state the solver reaches) and designs around them."""
    targets = ("purity:raffinate:La=0.9999", "purity:strip_liquor:Ce=0.9999")
    result = design(load_cascade(CIRCUIT), targets)
    check = simulate(load_cascade(result.cascade.to_file_dict()))
    assert check.balance_closure < 1e-9
    assert check.purity["raffinate"]["La"] >= 0.9999 * (1 - 1e-9)
    assert check.purity["strip_liquor"]["Ce"] >= 0.9999 * (1 - 1e-9)
    assert result.cascade.stripping == 6 and result.cascade.recycle

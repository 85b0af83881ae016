"""Regression reference of the SX engine: splits and profiles of three fixed cascades.

The reference file ``sx_engine_reference.json`` beside this module holds results of an earlier
run (a labelled regression reference, not a published case); the exact checks against published
solutions (Kremser) are in ``tests/unit/sx``. After a deliberate change of the numerics,
regenerate it with ``python tests/regression/sx/test_sx_engine_reference.py --save-reference``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reeflow.unitops.sx import load_cascade, simulate

pytestmark = pytest.mark.regression

REFERENCE = Path(__file__).with_name("sx_engine_reference.json")

CASES: dict[str, dict[str, Any]] = {
    "langmuir_4c_60": {
        "name": "4 components, 60 stages, saturated",
        "components": ["La", "Ce", "Pr", "Nd"],
        "sections": {"extraction": 30, "scrubbing": 30},
        "feed": {"flow": "1 L/min", "concentration": {s: "0.25 mol/L" for s in ["La", "Ce", "Pr", "Nd"]}},
        "organic": {"flow": "4 L/min"},
        "scrub": {"flow": "0.8 L/min"},
        "equilibrium": {"model": "competitive_langmuir", "capacity": "0.18 mol/L",
                        "K": {"La": "2 L/mol", "Ce": "11 L/mol", "Pr": "22 L/mol", "Nd": "33 L/mol"}},
    },
    "langmuir_strip_recycle": {
        "name": "La/Ce with stripping and organic recycle",
        "components": ["La", "Ce"],
        "sections": {"extraction": 8, "scrubbing": 6, "stripping": 5},
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}},
        "organic": {"flow": "4 L/min", "recycle": True},
        "scrub": {"flow": "0.5 L/min"},
        "strip": {"flow": "0.6 L/min", "equilibrium": {"model": "constant_distribution", "D": {"La": 0.01, "Ce": 0.05}}},
        "equilibrium": {"model": "competitive_langmuir", "capacity": "0.18 mol/L", "K": {"La": "2 L/mol", "Ce": "11 L/mol"}},
    },
    "mass_action_la_ce": {
        "name": "La/Ce, mass action, P507-HCl",
        "components": ["La", "Ce"],
        "sections": {"extraction": 10, "scrubbing": 10},
        "feed": {"flow": "1 L/min", "concentration": {"La": "0.5 mol/L", "Ce": "0.5 mol/L"}, "acidity": "0.5 mol/L"},
        "organic": {"flow": "3 L/min"},
        "scrub": {"flow": "0.3 L/min", "acidity": "1 mol/L"},
        "equilibrium": {"model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L", "saponification": 0.1},
    },
}


def _run(name: str) -> dict[str, Any]:
    result = simulate(load_cascade(CASES[name]))
    return {"split": result.split, "aqueous": result.aqueous.tolist(), "organic": result.organic.tolist()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_reference(name: str) -> None:
    reference = json.loads(REFERENCE.read_text())[name]
    now = _run(name)
    for symbol, split in reference["split"].items():
        for outlet, value in split.items():
            assert now["split"][symbol][outlet] == pytest.approx(value, rel=1e-8, abs=1e-15), (symbol, outlet)
    np.testing.assert_allclose(now["aqueous"], reference["aqueous"], rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(now["organic"], reference["organic"], rtol=1e-8, atol=1e-300)


if __name__ == "__main__" and "--save-reference" in sys.argv:
    REFERENCE.write_text(json.dumps({name: _run(name) for name in sorted(CASES)}, indent=1) + "\n")
    print(f"wrote {REFERENCE}")

"""Design targets at the edges: targets the feed itself meets, targets on one side of the split only, and a theory start far from the design."""

from __future__ import annotations

from typing import Any

import pytest

from reeflow.unitops.sx import load_cascade, simulate
from reeflow.unitops.sx.design import design
from reeflow.uom import Q_

pytestmark = pytest.mark.component


def _achieved(result: Any, target: str) -> float:
    kind, outlet, rest = target.split(":")
    component = rest.split("=")[0]
    if kind == "purity":
        return float(result.purity[outlet][component])
    split = result.split[component]
    assert split is not None
    return float(split[outlet])


def _confirmed(data: dict[str, Any], targets: list[str]) -> Any:
    designed = design(load_cascade(data), targets)
    check = simulate(load_cascade(designed.cascade.to_file_dict()))
    for target in targets:
        assert _achieved(check, target) >= float(target.split("=")[1]) * (1 - 1e-9)
    return designed


def test_a_purity_the_feed_already_has_does_not_divide_by_zero() -> None:
    """Regression: Ce is 90.2 % of the feed, so 90 % Ce in the organic product and 99 % Ce
    recovery leave the raffinate empty of La in the theory's group balance (0/0)."""
    data = {
        "name": "Ce-rich feed",
        "components": ["La", "Ce"],
        "sections": {"extraction": 5, "scrubbing": 11},
        "feed": {"flow": "9.656 L/min", "concentration": {"La": "0.0904 mol/L", "Ce": "0.835 mol/L"}},
        "organic": {"flow": "7.997 L/min"},
        "scrub": {"flow": "0.7979 L/min"},
        "equilibrium": {"model": "constant_distribution", "D": {"La": 0.3, "Ce": 0.7346}},
    }
    _confirmed(data, ["purity:loaded_organic:Ce=0.9", "recovery:loaded_organic:Ce=0.99"])


def test_a_raffinate_purity_alone_raises_the_organic_not_the_metal_bearing_scrub() -> None:
    """Regression: the organic and a Pr-bearing scrub were raised together, which kept their
    ratio and never reached 90 % La in the raffinate (exit 3 after 400-stage searches)."""
    data = {
        "name": "La/Ce/Pr, Pr reflux",
        "components": ["La", "Ce", "Pr"],
        "sections": {"extraction": 10, "scrubbing": 1, "stripping": 3},
        "feed": {"flow": "2.836 L/min",
                 "concentration": {"La": "0.771 mol/L", "Ce": "0.72 mol/L", "Pr": "0.891 mol/L"}},
        "organic": {"flow": "4.308 L/min"},
        "scrub": {"flow": "0.8356 L/min", "concentration": {"Pr": "0.5 mol/L"}},
        "strip": {
            "flow": "1 L/min",
            "equilibrium": {"model": "competitive_langmuir", "capacity": "0.2 mol/L",
                            "K": {"La": "0.01 L/mol", "Ce": "0.01 L/mol", "Pr": "0.01 L/mol"}},
        },
        "equilibrium": {"model": "competitive_langmuir", "capacity": "0.114 mol/L",
                        "K": {"La": "2 L/mol", "Ce": "3.578 L/mol", "Pr": "3.76 L/mol"}},
    }
    designed = _confirmed(data, ["purity:raffinate:La=0.9"])
    start_scrub = Q_(designed.theory["scrub"]).to("m**3/s").magnitude
    assert designed.cascade.scrub_flow == pytest.approx(start_scrub, rel=1e-9)


def test_a_scrub_ten_times_the_theory_start_is_reached() -> None:
    """Regression: a 99.9 % Pr product of an organic far from saturation (K x ≈ 8) needs about
    10 × the scrub of Xu's start; five raises (5 ×) ended in exit 3."""
    data = {
        "name": "La/Ce/Pr, unsaturated",
        "components": ["La", "Ce", "Pr"],
        "sections": {"extraction": 12, "scrubbing": 6},
        "feed": {"flow": "0.1572 L/min",
                 "concentration": {"La": "0.321 mol/L", "Ce": "0.957 mol/L", "Pr": "0.674 mol/L"}},
        "organic": {"flow": "1.115 L/min"},
        "scrub": {"flow": "0.3288 L/min"},
        "equilibrium": {"model": "competitive_langmuir", "capacity": "0.415 mol/L",
                        "K": {"La": "2 L/mol", "Ce": "3.585 L/mol", "Pr": "5.815 L/mol"}},
    }
    _confirmed(data, ["purity:loaded_organic:Pr=0.999", "recovery:raffinate:Ce=0.9"])

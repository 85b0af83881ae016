"""Fixtures of the run-store tests: the PostgreSQL plugin and a store URL per back-end.

The PostgreSQL fixtures come from ``tests/plugins/postgres_server.py``, loaded here by path so
that they work whether or not the root conftest registers that plugin.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_PLUGIN = Path(__file__).parents[2] / "plugins" / "postgres_server.py"


def _load_plugin() -> ModuleType:
    name = "reeflow_tests_postgres_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _PLUGIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_plugin = _load_plugin()
postgres_server = _plugin.postgres_server
postgres_url = _plugin.postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty run store: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'store' / 'runs.db').as_posix()}"
    url: str = request.getfixturevalue("postgres_url")
    return url


#: Illustrative element flows of an ore feed (kg/h), a bastnaesite ore of a few % TREO with
#: fluorite, barite, quartz and iron oxide gangue; shaped like reeflow's results, not measured.
ORE_ELEMENTS_KG_PER_H = {
    "La": 420.0, "Ce": 690.0, "Pr": 62.0, "Nd": 170.0, "Th": 4.1, "U": 0.35, "F": 2100.0,
    "C": 310.0, "O": 21500.0, "Ca": 2900.0, "Ba": 3300.0, "S": 760.0, "Si": 12400.0,
    "Fe": 5300.0, "H": 90.0,
}  # fmt: skip
ACID_ELEMENTS_KG_PER_H = {"H": 41.1, "S": 653.9, "O": 1305.0}
#: Fraction of each element reaching the mixed oxide product (the rest leaves as tailings and
#: leach residue, 70:30).
TO_PRODUCT = {"La": 0.82, "Ce": 0.80, "Pr": 0.83, "Nd": 0.83, "Th": 2e-5, "U": 1e-4,
              "Ca": 1e-4, "Fe": 5e-5, "O": 0.0245}  # fmt: skip


def make_results(*, recovery_factor: float = 1.0, closure: float = 3.2e-13) -> dict[str, Any]:
    """A results dict in the ``results.json`` contract, conserving every element exactly.

    ``recovery_factor`` scales the rare-earth fractions reaching the product, so that two runs
    differ in products and stream flows but not in the ore feed.
    """
    to_product = {
        element: fraction * (recovery_factor if element in ("La", "Ce", "Pr", "Nd") else 1.0)
        for element, fraction in TO_PRODUCT.items()
    }
    feed = {
        element: ORE_ELEMENTS_KG_PER_H.get(element, 0.0) + ACID_ELEMENTS_KG_PER_H.get(element, 0.0)
        for element in ORE_ELEMENTS_KG_PER_H.keys() | ACID_ELEMENTS_KG_PER_H.keys()
    }
    product = {el: flow * to_product.get(el, 0.0) for el, flow in feed.items() if el in to_product}
    rest = {el: flow - product.get(el, 0.0) for el, flow in feed.items()}
    tailings = {el: 0.7 * flow for el, flow in rest.items()}
    residue = {el: flow - tailings[el] for el, flow in rest.items()}
    streams = {
        "ore": _stream(None, "flotation", "solid", ORE_ELEMENTS_KG_PER_H),
        "acid": _stream(None, "acid_bake", "aqueous", ACID_ELEMENTS_KG_PER_H),
        "tailings": _stream("flotation", None, "solid", tailings),
        "leach_residue": _stream("leach_filter", None, "solid", residue),
        "mixed_oxide": _stream("calciner", None, "solid", product),
    }
    outflow = {el: tailings[el] + residue[el] + product.get(el, 0.0) for el in feed}
    treo = {"La2O3": 0.3187, "CeO2": 0.5275, "Pr6O11": 0.0484, "Nd2O3": 0.1054}
    return {
        "scenario": "dong_pao_demo",
        "converged": True,
        "balance": {
            "closure": closure,
            "elements": {
                el: {
                    "in_kg_per_h": feed[el],
                    "out_kg_per_h": outflow[el],
                    "closure": abs(feed[el] - outflow[el]) / feed[el],
                }
                for el in sorted(feed)
            },
        },
        "streams": streams,
        "products": {
            "mixed_oxide": {
                "mass_kg_per_h": streams["mixed_oxide"]["mass_kg_per_h"],
                "REO_wt_pct": 92.4 * recovery_factor**0.1,
                "relative_purity": treo,
                "impurities_ppm": {"Th": 68.0, "U": 29.0, "Fe": 220.0, "Ca": 240.0},
            }
        },
        "warnings": ["leach: temperature 368 K above the fitted range 298-363 K"],
    }


def _stream(
    source: str | None, sink: str | None, phase: str, elements: dict[str, float]
) -> dict[str, Any]:
    mass = sum(elements.values())
    return {
        "source": source,
        "sink": sink,
        "phase_kg_per_h": {phase: mass},
        "mass_kg_per_h": mass,
        "elements_kg_per_h": dict(elements),
        "species_kg_per_h": dict(elements),
    }


SCENARIO_TEXT = """\
name: dong_pao_demo
feed: {ore: dong_pao, rate: 50 t/h}
units:
  flotation: {type: component_splitter, recoveries: {RE: 0.82}}
  acid_bake: {type: stoichiometric_reactor, temperature: 523 K}
"""


@pytest.fixture
def results_factory() -> Any:
    """The :func:`make_results` builder."""
    return make_results


@pytest.fixture
def scenario_text() -> str:
    """A short scenario text in reeflow's YAML form."""
    return SCENARIO_TEXT

"""Prices per kg of named species in a stream (``per``): a diluted acid priced on its acid."""

from __future__ import annotations

from typing import Any

import pytest

from reeflow.economics import EconomicsSpec, PriceSpec, check_references, evaluate
from reeflow.errors import ScenarioError

pytestmark = pytest.mark.unit


def results(acid_kg_h: float, water_kg_h: float, oxide: dict[str, float]) -> dict[str, Any]:
    """An 18 % acid feed into unit u, which makes an oxide product."""
    acid = {"HCl(aq)": acid_kg_h, "H2O": water_kg_h}
    return {"streams": {
        "acid": {"source": None, "sink": "u", "mass_kg_per_h": acid_kg_h + water_kg_h, "species_kg_per_h": acid,
                 "elements_kg_per_h": {}},
        "oxide": {"source": "u", "sink": None, "mass_kg_per_h": sum(oxide.values()), "species_kg_per_h": oxide,
                  "elements_kg_per_h": {}},
    }}


def spec() -> EconomicsSpec:
    return EconomicsSpec.model_validate({
        "operating_hours": "1000 h", "main_product": "oxide",
        "feeds": {"acid": {"price": "0.5 USD/kg", "source": "test", "per": "HCl(aq)"}},
        "products": {"oxide": {"price": "50 USD/kg", "source": "test", "per": ["Nd2O3", "Pr6O11"]}},
    })


def test_feed_priced_on_its_acid_and_product_on_its_priced_oxides() -> None:
    out = evaluate(results(18.0, 82.0, {"Nd2O3": 3.0, "Pr6O11": 1.0, "CeO2": 6.0}), spec())
    assert out["feeds"]["acid"]["cost_USD_per_yr"] == pytest.approx(18.0 * 1000 * 0.5)
    assert out["feeds"]["acid"]["priced_per"] == ["HCl(aq)"]
    assert out["outlets"]["oxide"]["revenue_USD_per_yr"] == pytest.approx(4.0 * 1000 * 50.0)
    assert out["raw_material_cost_USD_per_kg_product"] == pytest.approx(18.0 * 0.5 / 10.0)


def test_a_price_without_per_is_per_kg_of_stream() -> None:
    assert PriceSpec.model_validate({"price": "1 USD/kg", "source": "x"}).per is None


def test_unknown_priced_species_is_named_before_solving() -> None:
    bad = EconomicsSpec.model_validate({
        "operating_hours": "1000 h", "main_product": "oxide",
        "feeds": {"acid": {"price": "0.5 USD/kg", "source": "test", "per": "HCl"}},
    })
    with pytest.raises(ScenarioError, match=r"economics\.feeds\.acid\.per\.0: 'HCl' is not a species"):
        check_references(bad, ["acid"], ["oxide"], ["acid", "oxide"], species=["HCl(aq)", "H2O"])


def test_shipped_solution_priced_per_species_pays_its_price_over_its_content() -> None:
    """35-37 % hydrochloric acid at p per kg as sold costs p / 0.36 per kg of HCl; per kg of stream
    it stays p."""
    as_sold = PriceSpec.model_validate({"item": "hydrochloric_acid"}).resolve()
    per_hcl = PriceSpec.model_validate({"item": "hydrochloric_acid", "per": "HCl(aq)"}).resolve()
    assert as_sold.content == pytest.approx(0.36)
    assert per_hcl.value == pytest.approx(as_sold.value / 0.36)
    assert per_hcl.provenance == as_sold.provenance


def test_trace_follows_only_the_listed_elements() -> None:
    """An oxide product's oxygen comes from every water feed: its 'yield' means nothing, so a
    scenario may trace its payable elements only."""
    raw = {"operating_hours": "1000 h", "main_product": "oxide", "trace_elements": ["Nd"]}
    out = results(18.0, 82.0, {"Nd2O3": 3.0})
    out["streams"]["oxide"]["elements_kg_per_h"] = {"Nd": 2.57, "O": 0.43}
    out["streams"]["acid"]["elements_kg_per_h"] = {"Nd": 2.6, "O": 72.9}
    assert list(evaluate(out, EconomicsSpec.model_validate(raw))["trace"]) == ["Nd"]
    with pytest.raises(ValueError, match="'Xx' is not an element symbol"):
        EconomicsSpec.model_validate(raw | {"trace_elements": ["Xx"]})

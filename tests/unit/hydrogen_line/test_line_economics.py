"""Economics: price lookup, price specs, annual flows and cost per kg on hand-made results."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reeflow.data import load_yaml
from reeflow.economics import EconomicsSpec, PriceSpec, evaluate, price_items, price_of
from reeflow.errors import DataError, ScenarioError

pytestmark = pytest.mark.unit


def _stream(kg_per_h: float, source: str | None, sink: str | None, species: dict[str, float],
            elements: dict[str, float]) -> dict[str, Any]:
    return {"source": source, "sink": sink, "mass_kg_per_h": kg_per_h, "species_kg_per_h": species,
            "elements_kg_per_h": elements}


def toy_results(ore_kg_h: float = 10.0, reagent_kg_h: float = 5.0, product_kg_h: float = 12.0) -> dict[str, Any]:
    """Feeds ``ore`` (La2O3) and ``reagent`` (C) into unit u, which makes ``metal`` and ``gas``."""
    la = ore_kg_h * 0.8527  # any split will do: the economics only reads the flows
    gas = ore_kg_h + reagent_kg_h - product_kg_h
    return {"streams": {
        "ore": _stream(ore_kg_h, None, "u", {"La2O3": ore_kg_h}, {"La": la, "O": ore_kg_h - la}),
        "reagent": _stream(reagent_kg_h, None, "u", {"C": reagent_kg_h}, {"C": reagent_kg_h}),
        "metal": _stream(product_kg_h, "u", None, {"La": product_kg_h}, {"La": product_kg_h}),
        "gas": _stream(gas, "u", None, {"CO2(g)": gas}, {"C": gas * 0.27, "O": gas * 0.73}),
    }}


def spec(**overrides: Any) -> EconomicsSpec:
    raw: dict[str, Any] = {"operating_hours": "1000 h", "main_product": "metal",
                           "feeds": {"ore": {"price": "2 USD/kg", "source": "test"}}}
    raw.update(overrides)
    return EconomicsSpec.model_validate(raw)


def test_shipped_price_lookup() -> None:
    nickel = price_of("nickel")
    assert nickel.value == pytest.approx(21.1)  # 21,100 USD/t, LME 14 June 2023
    assert "London Metal Exchange" in nickel.provenance
    assert price_of("manganese_metal").provenance.startswith("assumed:")


def test_every_shipped_price_has_a_unit_a_date_and_provenance() -> None:
    raw = load_yaml("prices.yaml")["items"]
    assert set(price_items()) == set(raw)
    for key in price_items():
        price = price_of(key)
        assert price.value > 0 and price.date, key
        assert bool(raw[key].get("source")) != bool(raw[key].get("assumed")), key


def test_unknown_price_item_lists_the_known_ones() -> None:
    with pytest.raises(DataError, match="unknown price item 'gold'.*nickel"):
        price_of("gold")


def test_explicit_price_is_converted_to_usd_per_kg() -> None:
    assert PriceSpec.model_validate({"price": "2000 USD/t", "assumed": "test"}).resolve().value == pytest.approx(2.0)
    assert PriceSpec.model_validate({"item": "nickel"}).resolve() == price_of("nickel")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"price": "2 USD/kg"}, "needs a `source`"),
        ({"item": "nickel", "price": "2 USD/kg", "source": "x"}, "either `item`"),
        ({}, "either `item`"),
        ({"item": "gold"}, "unknown price item"),
        ({"item": "nickel", "source": "x"}, "belong to explicit prices"),
        ({"price": "2 kg", "source": "x"}, "dimension"),
        ({"price": "-1 USD/kg", "source": "x"}, "greater than or equal to 0"),
    ],
)
def test_bad_price_specs_are_refused(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PriceSpec.model_validate(raw)


@pytest.mark.parametrize(
    ("hours", "message"), [(7200, "with its unit"), ("9000 h", "exceed"), ("0 h", "greater than 0")]
)
def test_bad_operating_hours_are_refused(hours: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        spec(operating_hours=hours)


def test_annual_flows_and_cost_per_kg_by_hand() -> None:
    econ = evaluate(toy_results(), spec(
        products={"metal": {"price": "5 USD/kg", "assumed": "test"}},
        conversion_costs={"power": {"stream": "metal", "price": "0.5 USD/kg", "assumed": "test"}},
        fixed_costs={"staff": {"amount": "10000 USD/year", "assumed": "test"}},
        trace_streams=["metal"],
    ))
    # 1000 h/yr: ore 10 kg/h -> 10 t/yr at 2 USD/kg = 20 000 USD/yr; product 12 t/yr
    assert econ["feeds"]["ore"]["t_per_yr"] == pytest.approx(10.0)
    assert econ["feeds"]["reagent"] == {"t_per_yr": pytest.approx(5.0)}
    assert econ["unpriced_feeds"] == ["reagent"]
    assert econ["raw_material_demand_t_per_yr"] == {"La2O3": pytest.approx(10.0), "C": pytest.approx(5.0)}
    assert econ["raw_material_cost_USD_per_yr"] == pytest.approx(20_000.0)
    assert econ["raw_material_cost_USD_per_kg_product"] == pytest.approx(20_000.0 / 12_000.0)
    assert econ["conversion_costs"]["power"]["cost_USD_per_yr"] == pytest.approx(6_000.0)
    assert econ["fixed_costs"]["staff"]["cost_USD_per_yr"] == pytest.approx(10_000.0)
    assert econ["operating_cost_USD_per_yr"] == pytest.approx(36_000.0)
    assert econ["operating_cost_USD_per_kg_product"] == pytest.approx(3.0)
    assert econ["revenue_USD_per_yr"] == pytest.approx(60_000.0)
    assert econ["margin_USD_per_yr"] == pytest.approx(24_000.0)
    assert econ["outlets"]["gas"] == {"t_per_yr": pytest.approx(3.0)}
    la = econ["trace"]["La"]
    assert list(la["feeds"]) == ["ore"]
    assert la["overall_yield"] == pytest.approx(12.0 / 8.527)
    assert la["feeds"]["ore"]["stream_kg_per_kg_product"] == pytest.approx(10.0 / 12.0)
    assert la["streams_t_per_yr"] == {"metal": pytest.approx(12.0)}


def test_no_product_prices_means_no_revenue() -> None:
    econ = evaluate(toy_results(), spec())
    assert econ["revenue_USD_per_yr"] is None and econ["margin_USD_per_yr"] is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"main_product": "ore"}, "economics.main_product"),
        ({"feeds": {"metal": {"item": "nickel"}}}, "economics.feeds.metal"),
        ({"products": {"ore": {"item": "nickel"}}}, "economics.products.ore"),
        ({"conversion_costs": {"x": {"stream": "nowhere", "item": "nickel"}}}, "economics.conversion_costs.x.stream"),
        ({"trace_streams": ["metal", "nowhere"]}, "economics.trace_streams.1"),
    ],
)
def test_names_the_scenario_lacks_are_errors(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError, match=field.replace(".", r"\.")):
        evaluate(toy_results(), spec(**overrides))


@settings(max_examples=40, deadline=None)
@given(
    hours=st.floats(100.0, 8766.0),
    ore=st.floats(0.1, 1e4),
    product=st.floats(0.1, 1e4),
    price=st.floats(0.01, 1e3),
)
def test_cost_per_kg_does_not_depend_on_operating_hours(hours: float, ore: float, product: float,
                                                        price: float) -> None:
    results = toy_results(ore_kg_h=ore, reagent_kg_h=0.0, product_kg_h=product)
    econ = evaluate(results, spec(operating_hours=f"{hours} h",
                                  feeds={"ore": {"price": f"{price} USD/kg", "assumed": "test"}}))
    assert econ["raw_material_cost_USD_per_kg_product"] == pytest.approx(ore * price / product, rel=1e-12)
    assert econ["raw_material_cost_USD_per_yr"] == pytest.approx(ore * hours * price, rel=1e-12)


def test_public_names() -> None:
    import reeflow.economics as economics

    assert set(economics.__all__) == {
        "PRICE_UNIT", "ConversionCostSpec", "EconomicsSpec", "FixedCostSpec", "Price", "PriceSpec",
        "check_references", "evaluate", "price_items", "price_of",
    }
    assert all(hasattr(economics, name) for name in economics.__all__)


def test_empty_main_product_gives_no_per_kg_figures() -> None:
    econ = evaluate(toy_results(product_kg_h=0.0), spec())
    assert econ["raw_material_cost_USD_per_kg_product"] is None
    assert econ["operating_cost_USD_per_kg_product"] is None
    assert econ["feeds"]["ore"]["cost_USD_per_kg_product"] is None

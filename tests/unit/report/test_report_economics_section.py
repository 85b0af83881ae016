"""The report's Economics section, rendered from ``results["economics"]``.

The economics are computed by :func:`reeflow.economics.evaluate` on the hand-built results of
``conftest.py`` (ore 100 kg/h, product 32.801 kg/h with 8.9 kg/h of La from 10 kg/h in the ore),
so the section is checked against the real results.json keys; the expected numbers are worked
out here by hand from those flows and the prices below.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from reeflow.economics import EconomicsSpec, evaluate
from reeflow.report.assemble import render_report
from reeflow.report.economics import economics_section
from reeflow.report.tables import format_number

pytestmark = pytest.mark.unit

_HOURS = 8000.0  # h/yr
_ODD = "<script>alert('x')</script> & \"q\""


def _spec(**changes: Any) -> EconomicsSpec:
    spec: dict[str, Any] = {
        "operating_hours": f"{_HOURS} h",
        "main_product": "product",
        "feeds": {
            "ore": {"price": "2 USD/kg", "source": "Test price list 2025, https://example.org/ore"},
            "acid": {"price": "0.25 USD/kg", "assumed": "order of magnitude; replace with a quote"},
        },
        "products": {"product": {"price": "40 USD/kg", "assumed": "illustrative"}},
        "conversion_costs": {"leaching": {"stream": "liquor", "price": "0.1 USD/kg",
                                          "assumed": "power and labour"}},
        "fixed_costs": {"maintenance": {"amount": "52480.16 USD/year", "assumed": "2 % of capital"}},
        "trace_streams": ["concentrate", "liquor"],
    }
    spec.update(changes)
    return EconomicsSpec.model_validate(spec)


def _section(page: str) -> str:
    match = re.search(r'<section id="economics">(.*?)</section>', page, flags=re.DOTALL)
    assert match is not None, "no Economics section"
    return match.group(1)


def _cells(fragment: str, row_heading: str) -> list[str]:
    """The cells of the first table row whose heading cell is ``row_heading``."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, flags=re.DOTALL):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.DOTALL)
        if cells and re.sub(r"<[^>]+>", "", cells[0]).strip() == row_heading:
            return cells
    raise AssertionError(f"no row {row_heading!r}")


def test_feeds_totals_outlets_and_trace_show_the_numbers(results: dict[str, Any]) -> None:
    results["economics"] = evaluate(results, _spec())
    section = _section(render_report(results))
    product_kg_per_yr = 32.801 * _HOURS
    ore_cost = 100.0 * _HOURS * 2.0  # USD/yr
    acid_cost = 98.0 * _HOURS * 0.25  # acid: 2 + 32 + 64 = 98 kg/h
    conversion = 98.4 * _HOURS * 0.1  # liquor: 9 + 18 + 0.2 + 22 + 47.2 + 2 = 98.4 kg/h
    operating = ore_cost + acid_cost + conversion + 52480.16
    revenue = product_kg_per_yr * 40.0

    ore = _cells(section, "ore")
    assert ore[1:5] == [format_number(800.0), format_number(2.0), format_number(ore_cost),
                        format_number(ore_cost / product_kg_per_yr)]
    assert "Test price list 2025" in ore[5]
    acid = _cells(section, "acid")
    assert 'class="source assumed"' in acid[5] and "assumed: order of magnitude" in acid[5]
    assert _cells(section, "Total")[3] == format_number(ore_cost + acid_cost)
    assert _cells(section, "Conversion")[1:] == [format_number(conversion),
                                                 format_number(conversion / product_kg_per_yr)]
    assert _cells(section, "Operating cost")[1:] == [format_number(operating),
                                                     format_number(operating / product_kg_per_yr)]
    assert _cells(section, "Revenue")[1] == format_number(revenue)
    assert _cells(section, "Margin (revenue − operating cost)")[1] == format_number(
        revenue - operating)
    assert _cells(section, "maintenance")[1] == format_number(52480.16)
    assert _cells(section, "tailings")[1] == format_number(60.0 * _HOURS / 1000.0)  # 60 kg/h

    # La: 10 kg/h in the ore, 9 kg/h in the concentrate and liquor, 8.9 kg/h in the product.
    la = _cells(section, "La")
    assert re.sub(r"<[^>]+>", "", la[1]) == "ore"
    assert la[5:] == [format_number(9.0 * _HOURS / 1000.0), format_number(9.0 * _HOURS / 1000.0),
                      format_number(8.9 * _HOURS / 1000.0), format_number(89.0)]
    th = _cells(section, "Th")  # 0.001 of 1 kg/h of Th reaches the product
    assert th[-1] == format_number(0.1)


def test_section_sits_after_products_and_is_in_the_navigation(results: dict[str, Any]) -> None:
    results["economics"] = evaluate(results, _spec())
    page = render_report(results)
    assert '<a href="#economics" title="Economics">Economics</a>' in page
    assert page.index('id="products"') < page.index('id="economics"') < page.index('id="flowsheet"')


def test_unpriced_feeds_are_warned_about(results: dict[str, Any]) -> None:
    results["economics"] = evaluate(results, _spec())
    section = _section(render_report(results))
    warning = re.search(r'<div class="warnings economics-warning">(.*?)</div>', section)
    assert warning is not None
    assert "Unpriced feeds (1):" in warning.group(1) and "oxalic" in warning.group(1)
    assert "lower bounds" in warning.group(1)
    oxalic = _cells(section, "oxalic")
    assert oxalic[2:5] == ["–", "–", "–"] and "not priced" in oxalic[5]


def test_no_warning_when_every_feed_is_priced(results: dict[str, Any]) -> None:
    feeds = {fid: {"price": "1 USD/kg", "assumed": "test"} for fid in ("ore", "acid", "oxalic")}
    results["economics"] = evaluate(results, _spec(feeds=feeds))
    assert "Unpriced feeds" not in _section(render_report(results))


def test_without_product_prices_there_is_no_revenue_or_margin(results: dict[str, Any]) -> None:
    results["economics"] = evaluate(results, _spec(products={}, fixed_costs={},
                                                   conversion_costs={}, trace_streams=[]))
    section = _section(render_report(results))
    assert "Revenue" not in section and "Margin" not in section
    assert "Conversion costs" not in section and "Fixed costs" not in section
    assert "Element trace" in section  # the product's elements are traced from the feeds anyway


def test_no_economics_no_section(results: dict[str, Any]) -> None:
    page = render_report(results)
    assert 'id="economics"' not in page and 'href="#economics"' not in page


def test_every_string_is_escaped(results: dict[str, Any]) -> None:
    streams = results["streams"]
    streams[_ODD] = streams.pop("acid")
    feeds = {_ODD: {"price": "1 USD/kg", "source": _ODD}}
    results["economics"] = evaluate(results, _spec(feeds=feeds, trace_streams=["liquor"]))
    results["economics"]["currency"] = "<b>USD</b>"
    section = _section(render_report(results))
    assert _ODD not in section and "<script>" not in section and "<b>USD" not in section
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;"
    assert section.count(escaped) >= 2  # the feed's id and its price source
    assert "&lt;b&gt;USD&lt;/b&gt;/yr" in section


def test_per_kg_figures_of_an_empty_main_product_are_dashes() -> None:
    economics = {
        "currency": "USD", "main_product": "alloy", "main_product_t_per_yr": 0.0,
        "operating_hours_per_year": 7200.0,
        "feeds": {"nickel": {"t_per_yr": 1.0, "price_USD_per_kg": 20.0,
                             "price_source": "assumed: test", "cost_USD_per_yr": 20000.0,
                             "cost_USD_per_kg_product": None}},
        "outlets": {"alloy": {"t_per_yr": 0.0}}, "unpriced_feeds": [],
        "raw_material_cost_USD_per_yr": 20000.0, "raw_material_cost_USD_per_kg_product": None,
        "conversion_costs": {"melting": {"stream": "melt", "price_USD_per_kg": 1.0,
                                         "price_source": "assumed: test", "cost_USD_per_yr": 5.0}},
        "fixed_costs": {}, "operating_cost_USD_per_yr": 20005.0,
        "operating_cost_USD_per_kg_product": None, "revenue_USD_per_yr": None,
        "margin_USD_per_yr": None, "trace": {},
    }
    section = economics_section(economics)
    assert _cells(section, "Operating cost")[1:] == [format_number(20005.0), "–"]
    assert _cells(section, "melting")[4] == "–"
    assert "Element trace" not in section

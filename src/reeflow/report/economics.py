"""The report's Economics section, built from ``results["economics"]``.

:func:`reeflow.economics.evaluate` annualises a solved scenario: flows in t/yr, prices in USD/kg,
costs and revenue in USD/yr and per kg of the main product. This module only presents those
numbers; the one thing it computes is the cost per kg of the main product for the lines the
results give only per year (conversion and fixed costs, revenue, margin):

    c = C / (m_P · 1000 kg/t)        (USD/kg, C in USD/yr, m_P the main product in t/yr)

Parts, in order: a summary (main product and its annual output, operating hours), a warning when
some feeds have no price (the totals are then lower bounds), the feeds with their price and its
source or assumption, conversion and fixed costs, the totals, the outlets, the raw-material
demand per species and the element trace from each feed through the traced streams (e.g. oxide →
metal → furnace charge) to the main product, with the overall yield. Every string from the
results is escaped with :func:`html.escape`; prices whose provenance starts with ``assumed:`` are
marked as assumptions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from reeflow.report.groups import RARE_EARTH_ELEMENTS
from reeflow.report.tables import data_table, format_number
from reeflow.uom import conversion_factor

__all__ = ["economics_section"]

_ASSUMED = "assumed:"
_NOT_PRICED = '<span class="source missing">not priced</span>'


def economics_section(economics: Mapping[str, Any]) -> str:
    """The Economics section's HTML (a fragment) for ``economics``, i.e. ``results["economics"]``."""
    currency = _text(economics.get("currency") or "USD")
    product = _text(economics.get("main_product", "–"))
    parts = [
        _summary(economics, currency, product),
        _unpriced_warning(economics),
        "<h3>Feeds</h3>",
        _feeds_table(economics, currency, product),
    ]
    conversion = _conversion_table(economics, currency, product)
    if conversion:
        parts += ["<h3>Conversion costs</h3>", conversion]
    fixed = _fixed_table(economics, currency, product)
    if fixed:
        parts += ["<h3>Fixed costs</h3>", fixed]
    parts += [
        "<h3>Totals</h3>", _totals_table(economics, currency, product),
        "<h3>Outlets</h3>", _outlets_table(economics, currency),
    ]
    demand = economics.get("raw_material_demand_t_per_yr") or {}
    if demand:
        parts.append(
            "<details><summary>Raw-material demand by species (t/yr)</summary>"
            + data_table(["Species", "Demand (t/yr)"],
                         [[_text(sp), format_number(t)] for sp, t in demand.items()])
            + "</details>"
        )
    trace = _trace_table(economics)
    if trace:
        parts += [f"<h3>Element trace: feeds → traced streams → {product}</h3>", trace]
    body = "\n".join(part for part in parts if part)
    return f'<div class="economics">{body}</div>'


def _summary(economics: Mapping[str, Any], currency: str, product: str) -> str:
    items = [
        ("Main product", product),
        ("Main product output", f"{format_number(economics.get('main_product_t_per_yr'))} t/yr"),
        ("Operating time", f"{format_number(economics.get('operating_hours_per_year'))} h/yr"),
        ("Currency", currency),
    ]
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    return (
        f'<dl class="summary">{rows}</dl><p class="note">Operating costs only: no capital cost, '
        "taxes, escalation or discounting. Prices are per kg of the whole stream unless marked "
        "per kg of named species.</p>"
    )


def _unpriced_warning(economics: Mapping[str, Any]) -> str:
    unpriced = economics.get("unpriced_feeds") or []
    if not unpriced:
        return ""
    names = ", ".join(_text(feed) for feed in unpriced)
    return (
        f'<div class="warnings economics-warning"><strong>Unpriced feeds ({len(unpriced)}):</strong> '
        f"{names}. They are left out of the costs, so the raw-material and operating costs are "
        "lower bounds.</div>"
    )


def _feeds_table(economics: Mapping[str, Any], currency: str, product: str) -> str:
    feeds: Mapping[str, Mapping[str, Any]] = economics.get("feeds") or {}
    unpriced = set(economics.get("unpriced_feeds") or [])
    rows, classes = [], []
    for feed, row in feeds.items():
        priced = "price_USD_per_kg" in row
        rows.append([
            _text(feed),
            format_number(row.get("t_per_yr")),
            _price(row) if priced else "–",
            format_number(row.get("cost_USD_per_yr")) if priced else "–",
            format_number(row.get("cost_USD_per_kg_product")) if priced else "–",
            _provenance(row.get("price_source")) if priced else _NOT_PRICED,
        ])
        classes.append("" if priced else "unpriced")
    rows.append([
        "Total", format_number(sum(float(r.get("t_per_yr") or 0.0) for r in feeds.values())),
        "", format_number(economics.get("raw_material_cost_USD_per_yr")),
        format_number(economics.get("raw_material_cost_USD_per_kg_product")),
        '<span class="source">priced feeds only</span>' if unpriced else "",
    ])
    classes.append("total")
    header = ["Feed", "Flow (t/yr)", f"Price ({currency}/kg)", f"Cost ({currency}/yr)",
              f"Cost ({currency} per kg of {product})", "Price source or assumption"]
    return data_table(header, rows, classes)


def _conversion_table(economics: Mapping[str, Any], currency: str, product: str) -> str:
    steps: Mapping[str, Mapping[str, Any]] = economics.get("conversion_costs") or {}
    if not steps:
        return ""
    rows = [
        [_text(step), _left(row.get("stream", "–")), _price(row),
         format_number(row.get("cost_USD_per_yr")),
         format_number(_per_kg_product(economics, row.get("cost_USD_per_yr"))),
         _provenance(row.get("price_source"))]
        for step, row in steps.items()
    ]
    header = ["Step", "Charged on stream", f"Charge ({currency} per kg of stream)",
              f"Cost ({currency}/yr)", f"Cost ({currency} per kg of {product})",
              "Source or assumption"]
    return data_table(header, rows)


def _fixed_table(economics: Mapping[str, Any], currency: str, product: str) -> str:
    items: Mapping[str, Mapping[str, Any]] = economics.get("fixed_costs") or {}
    if not items:
        return ""
    rows = [
        [_text(item), format_number(row.get("cost_USD_per_yr")),
         format_number(_per_kg_product(economics, row.get("cost_USD_per_yr"))),
         _provenance(row.get("source"))]
        for item, row in items.items()
    ]
    header = ["Item", f"Cost ({currency}/yr)", f"Cost ({currency} per kg of {product})",
              "Source or assumption"]
    return data_table(header, rows)


def _totals_table(economics: Mapping[str, Any], currency: str, product: str) -> str:
    conversion = sum(float(r.get("cost_USD_per_yr") or 0.0)
                     for r in (economics.get("conversion_costs") or {}).values())
    fixed = sum(float(r.get("cost_USD_per_yr") or 0.0)
                for r in (economics.get("fixed_costs") or {}).values())
    lines: list[tuple[str, Any, Any, str]] = [
        ("Raw materials", economics.get("raw_material_cost_USD_per_yr"),
         economics.get("raw_material_cost_USD_per_kg_product"), ""),
    ]
    if economics.get("conversion_costs"):
        lines.append(("Conversion", conversion, _per_kg_product(economics, conversion), ""))
    if economics.get("fixed_costs"):
        lines.append(("Fixed", fixed, _per_kg_product(economics, fixed), ""))
    lines.append(("Operating cost", economics.get("operating_cost_USD_per_yr"),
                  economics.get("operating_cost_USD_per_kg_product"), "total"))
    for label, key in (("Revenue", "revenue_USD_per_yr"), ("Margin (revenue − operating cost)",
                                                           "margin_USD_per_yr")):
        value = economics.get(key)
        if value is not None:
            lines.append((label, value, _per_kg_product(economics, value),
                          "total" if key.startswith("margin") else ""))
    rows = [[label, format_number(per_year), format_number(per_kg)]
            for label, per_year, per_kg, _css in lines]
    header = ["", f"{currency}/yr", f"{currency} per kg of {product}"]
    return data_table(header, rows, [css for *_rest, css in lines])


def _price(row: Mapping[str, Any]) -> str:
    """The price per kg, with the species it applies to when it is not the whole stream."""
    per = row.get("priced_per")
    basis = f' <span class="source">per kg of {_text(" + ".join(per))}</span>' if per else ""
    return format_number(row.get("price_USD_per_kg")) + basis


def _outlets_table(economics: Mapping[str, Any], currency: str) -> str:
    """Every stream leaving the flowsheet in t/yr, the main product first; prices and revenue
    when any outlet is priced."""
    outlets: Mapping[str, Mapping[str, Any]] = economics.get("outlets") or {}
    main = economics.get("main_product")
    any_priced = any("price_USD_per_kg" in row for row in outlets.values())
    rows, classes = [], []
    for outlet in sorted(outlets, key=lambda name: name != main):  # the main product first
        row = outlets[outlet]
        cells = [
            _text(outlet) + (' <span class="tag">main product</span>' if outlet == main else ""),
            format_number(row.get("t_per_yr")),
        ]
        if any_priced:
            priced = "price_USD_per_kg" in row
            cells += [
                _price(row) if priced else "–",
                format_number(row.get("revenue_USD_per_yr")) if priced else "–",
                _provenance(row.get("price_source")) if priced else "",
            ]
        rows.append(cells)
        classes.append("main" if outlet == main else "")
    header = ["Outlet", "Flow (t/yr)"]
    if any_priced:
        header += [f"Price ({currency}/kg)", f"Revenue ({currency}/yr)",
                   "Price source or assumption"]
    return data_table(header, rows, classes)


def _trace_table(economics: Mapping[str, Any]) -> str:
    """One row per element of the main product: feeds, traced streams, product, overall yield."""
    trace: Mapping[str, Mapping[str, Any]] = economics.get("trace") or {}
    if not trace:
        return ""
    streams: dict[str, None] = {}
    for entry in trace.values():
        streams.update(dict.fromkeys(entry.get("streams_t_per_yr") or {}))
    rows = []
    for element in _rare_earths_first(list(trace)):
        entry = trace[element]
        feeds: Mapping[str, Mapping[str, Any]] = entry.get("feeds") or {}
        through = entry.get("streams_t_per_yr") or {}
        yield_ = entry.get("overall_yield")
        rows.append(
            [_text(element),
             _left("\n".join(feeds) or "–"),
             "<br>".join(format_number(f.get("stream_t_per_yr")) for f in feeds.values()) or "–",
             "<br>".join(format_number(f.get("element_t_per_yr")) for f in feeds.values()) or "–",
             "<br>".join(format_number(f.get("stream_kg_per_kg_product"))
                         for f in feeds.values()) or "–"]
            + [_trace_flow(through.get(stream)) for stream in streams]
            + [format_number(entry.get("in_product_t_per_yr")),
               format_number(100.0 * yield_) if isinstance(yield_, (int, float)) else "–"]
        )
    product = _text(economics.get("main_product", "product"))
    header = (["Element", "Feed", "Feed stream (t/yr)", "Element in feed (t/yr)",
               f"Feed (kg per kg of {product})"]
              + [f"In {_text(stream)} (t/yr)" for stream in streams]
              + [f"In {product} (t/yr)", "Overall yield (%)"])
    note = (
        '<p class="note">Element flows in t/yr. Overall yield = element in the main product / '
        "element in all feeds; traced streams may include recycles (e.g. remelted returns), so "
        "their flows can exceed the feed.</p>"
    )
    return data_table(header, rows) + note


def _trace_flow(value: Any) -> str:
    if isinstance(value, (int, float)) and value == 0.0:
        return '<span class="zero">0</span>'
    return format_number(value)


def _rare_earths_first(elements: list[str]) -> list[str]:
    """``elements`` with the rare earths first (La, Ce, …, Y, Sc), the others in given order."""
    rare_earths = [el for el in RARE_EARTH_ELEMENTS if el in elements]
    return rare_earths + [el for el in elements if el not in RARE_EARTH_ELEMENTS]


def _per_kg_product(economics: Mapping[str, Any], usd_per_year: Any) -> float | None:
    """``usd_per_year`` (USD/yr) per kg of the main product's annual output (USD/kg)."""
    output = economics.get("main_product_t_per_yr")
    if not isinstance(usd_per_year, (int, float)) or not isinstance(output, (int, float)):
        return None
    kg_per_year = output * conversion_factor("t", "kg")
    return float(usd_per_year) / kg_per_year if kg_per_year > 0 else None


def _provenance(text: Any) -> str:
    if not text:
        return '<span class="source missing">no source given</span>'
    value = str(text)
    css = "source assumed" if value.strip().lower().startswith(_ASSUMED) else "source"
    return f'<span class="{css}">{_text(value)}</span>'


def _text(value: Any) -> str:
    return html.escape(str(value))


def _left(value: Any) -> str:
    """Escaped text, left-aligned in a numeric table; newlines become line breaks."""
    lines = "<br>".join(_text(line) for line in str(value).split("\n"))
    return f'<span class="text">{lines}</span>'

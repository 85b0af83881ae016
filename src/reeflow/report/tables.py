"""HTML tables of the report, built from a results dictionary (the results.json contract).

Every string taken from the results (scenario name, stream, unit, species ids, warnings) is
escaped with :func:`html.escape`; numbers are formatted by :func:`format_number`. Each builder
returns an HTML fragment; :mod:`reeflow.report.assemble` places the fragments in the page.

Tables
------
* header: scenario, convergence, overall element-balance closure, warnings, solver details;
* products: mass flow (kg/h), REO content (wt %) and any other scalar assay value, then one
  table per composition: relative purity (% of TREO per oxide), impurities (ppm), recovery (% of
  each element fed) and any other mapping the results carry;
* streams: source → sink, temperature (K, when given), phase and total mass flows, TREE (La–Lu + Y + Sc) and the key impurity
  and reagent elements present (kg/h);
* full element and species tables (kg/h, streams as columns, as in a heat-and-material balance);
* element balance: in, out, out − in (kg/h) and closure per element; the worst row is marked;
* units: type, inlet and outlet streams, and each unit's own balance closure when given.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reeflow.report.groups import (
    KEY_ELEMENTS,
    RARE_EARTH_ELEMENTS,
    element_order,
    group_flow,
    species_order,
)

__all__ = [
    "PHASES",
    "balance_table",
    "data_table",
    "element_table",
    "format_number",
    "header_html",
    "products_table",
    "species_table",
    "stream_table",
    "units_table",
]

PHASES: tuple[str, ...] = ("solid", "aqueous", "organic", "gas")
"""Phases of the results contract, in table order."""

Row = Sequence[str]

_PRODUCT_MAPPINGS: dict[str, tuple[str, float, str]] = {
    "relative_purity": ("Relative purity (% of TREO)", 100.0, "Oxide"),
    "impurities_ppm": ("Impurities (ppm)", 1.0, "Impurity"),
    "recovery": ("Recovery (% of the element fed)", 100.0, "Element"),
}
"""Product fields that map names to values: table title, factor to the shown unit, row heading."""

_UNIT_SUFFIXES = (("_kg_per_h", " (kg/h)"), ("_wt_pct", " (wt %)"), ("_ppm", " (ppm)"))


def format_number(value: Any, digits: int = 4) -> str:
    """``value`` with ``digits`` significant figures; plain notation from 1e-3 to 1e7.

    Non-numbers are returned escaped as text, ``None`` as an en dash.

    >>> format_number(50000.0), format_number(12.3456), format_number(2.5e-9), format_number(0)
    ('50,000', '12.35', '2.5e-09', '0')
    """
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return html.escape(str(value))
    if isinstance(value, int):
        return f"{value:,}"
    number = float(value)
    if number == 0.0:
        return "0"
    if not math.isfinite(number):
        return f"{number:g}"
    rounded = float(f"{number:.{digits - 1}e}")  # 0.099999 → 0.1000, not 0.10000
    if 1e-3 <= abs(rounded) < 1e7:
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
        return f"{rounded:,.{decimals}f}"
    return f"{number:.{digits}g}"


def header_html(results: Mapping[str, Any]) -> str:
    """Summary list (scenario, convergence, closure, counts, solver), tear streams, warnings."""
    balance = results.get("balance") or {}
    status = '<span class="ok">yes</span>' if results.get("converged") else (
        '<span class="bad">no</span>'
    )
    items = [
        ("Scenario", _name(results.get("scenario", "–"))),
        ("Converged", status),
        ("Overall element-balance closure", format_number(balance.get("closure"), 3)),
        ("Streams", str(len(results.get("streams") or {}))),
    ]
    if results.get("units"):
        items.append(("Units", str(len(results["units"]))))
    solver = results.get("solver")
    solver = solver if isinstance(solver, Mapping) else {}
    tears = solver.get("tears") or results.get("tears") or {}
    per_tear: dict[str, Mapping[str, Any]] = {}
    for key, value in solver.items():
        label = f"Solver {_name(key).replace('_', ' ')}"
        if key in ("converged", "tears"):
            continue
        if _is_scalar(value):
            items.append((label, format_number(value)))
        elif isinstance(value, Mapping) and value and all(_is_scalar(v) for v in value.values()):
            if isinstance(tears, Mapping) and set(value) <= set(tears):
                per_tear[key] = value  # e.g. iterations per tear stream: a column of the table
            else:
                items.append((label, ", ".join(
                    f"{_name(k)}: {format_number(v)}" for k, v in value.items())))
    tear_html = ""
    if isinstance(tears, Mapping) and tears:
        tear_html = _tear_table(tears, per_tear)
    elif isinstance(tears, Mapping) and "tears" in solver:
        items.append(("Recycle loops", "none: each unit solved once, in order"))
    elif isinstance(tears, (list, tuple)):
        items.append(("Tear streams", ", ".join(_name(t) for t in tears)))
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    warnings = results.get("warnings") or []
    if warnings:
        listed = "".join(f"<li>{_name(w)}</li>" for w in warnings)
        warning_html = (
            f'<div class="warnings"><h3>Warnings ({len(warnings)})</h3><ul>{listed}</ul></div>'
        )
    else:
        warning_html = '<p class="ok">No warnings.</p>'
    return f'<dl class="summary">{rows}</dl>{tear_html}{warning_html}'


def products_table(results: Mapping[str, Any]) -> str:
    """Products: scalar assay values (mass, REO %, …) and one table per composition mapping."""
    products: Mapping[str, Mapping[str, Any]] = results.get("products") or {}
    if not products:
        return '<p class="note">The results list no products.</p>'
    names = list(products)
    scalars: dict[str, None] = dict.fromkeys(["mass_kg_per_h", "REO_wt_pct"])
    mappings: dict[str, None] = dict.fromkeys(_PRODUCT_MAPPINGS)
    for product in products.values():
        for key, value in product.items():
            (mappings if isinstance(value, Mapping) else scalars).setdefault(key, None)
    parts = [data_table(
        ["Product"] + [_field_label(key) for key in scalars],
        [[_name(p)] + [format_number(products[p].get(key)) for key in scalars] for p in names],
    )]
    for key in mappings:
        title, scale, heading = _PRODUCT_MAPPINGS.get(key, (_field_label(key), 1.0, "Item"))
        rows = _matrix(products, key, scale)
        if rows:
            parts.append(f"<h3>{title}</h3>")
            parts.append(data_table([heading] + [_name(p) for p in names], rows))
    return "\n".join(parts)


def stream_table(results: Mapping[str, Any]) -> str:
    """Every stream: source → sink, phase masses, total mass, TREE and key elements, in kg/h."""
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    present = {
        el for s in streams.values() for el, x in (s.get("elements_kg_per_h") or {}).items() if x
    }
    keys = [el for el in KEY_ELEMENTS if el in present]
    temperature = any("temperature_K" in s for s in streams.values())
    header = (["Stream", "From", "To"] + (["T (K)"] if temperature else [])
              + [f"{p.capitalize()} (kg/h)" for p in PHASES]
              + ["Total (kg/h)", "TREE (kg/h)"] + [f"{el} (kg/h)" for el in keys])
    rows = []
    for stream_id, s in streams.items():
        phases = s.get("phase_kg_per_h") or {}
        elements = s.get("elements_kg_per_h") or {}
        rows.append(
            [_name(stream_id), _end(s.get("source"), "feed"), _end(s.get("sink"), "product")]
            + ([format_number(s.get("temperature_K"), 5)] if temperature else [])
            + [format_number(phases.get(p, 0.0)) for p in PHASES]
            + [format_number(s.get("mass_kg_per_h")),
               format_number(group_flow(s, RARE_EARTH_ELEMENTS))]
            + [format_number(elements.get(el, 0.0)) for el in keys]
        )
    return data_table(header, rows)


def element_table(results: Mapping[str, Any]) -> str:
    """Every element flow (kg/h): elements as rows, streams as columns."""
    return _flow_matrix(results, element_order(results), "elements_kg_per_h", "Element")


def species_table(results: Mapping[str, Any]) -> str:
    """Every species flow (kg/h): species as rows, streams as columns."""
    return _flow_matrix(results, species_order(results), "species_kg_per_h", "Species")


def balance_table(results: Mapping[str, Any]) -> str:
    """Element balance over the flowsheet boundary; the element with the worst closure is marked."""
    balance = results.get("balance") or {}
    elements: Mapping[str, Mapping[str, float]] = balance.get("elements") or {}
    if not elements:
        return '<p class="note">The results carry no element balance.</p>'
    worst = max(elements, key=lambda el: abs(float(elements[el].get("closure") or 0.0)))
    if not abs(float(elements[worst].get("closure") or 0.0)) > 0.0:
        worst = ""  # every element closes exactly: nothing to mark
    rows, classes = [], []
    for element, entry in elements.items():
        flow_in, flow_out = entry.get("in_kg_per_h"), entry.get("out_kg_per_h")
        difference = (
            float(flow_out) - float(flow_in)
            if isinstance(flow_in, (int, float)) and isinstance(flow_out, (int, float)) else None
        )
        rows.append([_name(element), format_number(flow_in), format_number(flow_out),
                     format_number(difference), format_number(entry.get("closure"), 3)])
        classes.append("worst" if element == worst else "")
    header = ["Element", "In (kg/h)", "Out (kg/h)", "Out − in (kg/h)", "Closure |out − in|/in"]
    return data_table(header, rows, classes)


def units_table(results: Mapping[str, Any]) -> str:
    """Every unit: type, inlet and outlet streams, and its own element-balance closure if given."""
    units: Mapping[str, Any] = results.get("units") or {}
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    names = list(units) + [
        end for s in streams.values() for end in (s.get("source"), s.get("sink"))
        if end is not None and end not in units
    ]
    rows = []
    for unit in dict.fromkeys(names):
        info = units.get(unit)
        info = info if isinstance(info, Mapping) else {}
        rows.append([
            _name(unit),
            _name(info.get("type", "–")),
            ", ".join(_name(sid) for sid, s in streams.items() if s.get("sink") == unit),
            ", ".join(_name(sid) for sid, s in streams.items() if s.get("source") == unit),
            format_number(info.get("closure"), 3),
        ])
    if not rows:
        return ""
    return data_table(["Unit", "Type", "Inlets", "Outlets", "Closure |out − in|/in"], rows, text=True)


def _flow_matrix(
    results: Mapping[str, Any], names: Iterable[str], key: str, heading: str
) -> str:
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    rows = []
    for name in names:
        flows = [float((s.get(key) or {}).get(name, 0.0)) for s in streams.values()]
        if any(flows):
            rows.append([_name(name)] + [format_number(x) for x in flows])
    return data_table([heading] + [_name(s) for s in streams], rows, sticky=True)


def _matrix(products: Mapping[str, Mapping[str, Any]], key: str, scale: float) -> list[Row]:
    """Rows of ``products[p][key]`` (a mapping), one per name present in any product."""
    names: dict[str, None] = {}
    for product in products.values():
        names.update(dict.fromkeys(product.get(key) or {}))
    rows: list[Row] = []
    for name in names:
        values = [(p.get(key) or {}).get(name) for p in products.values()]
        rows.append([_name(name)] + [
            format_number(scale * v) if isinstance(v, (int, float)) else format_number(v)
            for v in values
        ])
    return rows


def data_table(
    header: Row,
    rows: Iterable[Row],
    classes: Sequence[str] = (),
    sticky: bool = False,
    text: bool = False,
) -> str:
    """An HTML table; ``sticky`` keeps the first column in view, ``text`` left-aligns cells."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = []
    for i, row in enumerate(rows):
        css = f' class="{classes[i]}"' if i < len(classes) and classes[i] else ""
        cells = "".join(
            f"<th>{cell}</th>" if j == 0 else f"<td>{cell}</td>" for j, cell in enumerate(row)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    wrapper, table_class = ("scroll tall", "data sticky") if sticky else ("scroll", "data")
    table_class += " text" if text else ""
    return (
        f'<div class="{wrapper}"><table class="{table_class}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _name(text: Any) -> str:
    return html.escape(str(text))


def _end(unit: Any, boundary: str) -> str:
    return f'<span class="boundary">({boundary})</span>' if unit is None else _name(unit)


def _field_label(key: str) -> str:
    """A column heading for a results key: ``"TREO_kg_per_h"`` → ``"TREO (kg/h)"``."""
    labels = {"mass_kg_per_h": "Mass (kg/h)", "REO_wt_pct": "REO (wt %)"}
    if key in labels:
        return labels[key]
    for suffix, unit in _UNIT_SUFFIXES:
        if key.endswith(suffix):
            return _name(key[: -len(suffix)].replace("_", " ")) + unit
    return _name(key.replace("_", " "))


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) or value is None


def _tear_table(tears: Mapping[str, Any], per_tear: Mapping[str, Mapping[str, Any]]) -> str:
    """Tear streams with the scalar fields of their solver records (residual, worst element)
    and the solver's other per-tear values (``per_tear``, e.g. iterations)."""
    if not tears:
        return ""
    columns: dict[str, dict[str, Any]] = {}
    for tear, record in tears.items():
        for field, value in (record.items() if isinstance(record, Mapping) else ()):
            if _is_scalar(value):
                columns.setdefault(field, {})[tear] = value
    for field, values in per_tear.items():
        columns.setdefault(field, {}).update(values)
    rows = [
        [_name(tear)] + [format_number(columns[field].get(tear), 3) for field in columns]
        for tear in tears
    ]
    header = ["Tear stream"] + [_name(field).replace("_", " ") for field in columns]
    return "<h3>Tear streams</h3>" + data_table(header, rows)

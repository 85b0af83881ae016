"""Annual flows, raw-material cost and the element trace of a solved scenario.

Model
-----
A scenario is solved at steady state in kg/h. With ``H`` operating hours per year, the annual
flow of a stream with mass flow ``ṁ`` (kg/h) is ``ṁ·H`` (reported in t/yr). Costs are linear:

    raw-material cost   C_rm  = Σ_feeds  ṁ_f·H·p_f            (USD/yr)
    conversion cost     C_cv  = Σ_steps  ṁ_s·H·c_s            (USD/yr, per kg of stream s)
    operating cost      C_op  = C_rm + C_cv + Σ fixed costs   (USD/yr)
    per kg of product   C/(ṁ_P·H)                              (USD/kg of the main product P)
    revenue             R     = Σ_products ṁ_p·H·p_p          (USD/yr, priced products only)

With ``per`` species, ṁ is the mass flow of those species in the stream and p the price per kg of
them (a shipped price of a solution divided by its ``content``, see :mod:`reeflow.economics.prices`).
Feeds without a price are listed in ``unpriced_feeds`` and left out of the sums (the totals are
then lower bounds). Per-kg figures are ``None`` when the main product is empty.

The element trace follows every element of the main product (or those listed in
``trace_elements``) from the feeds that bring it (e.g. La from the La2O3 feed) through the
``trace_streams`` (e.g. the La metal stream) to the product, with the overall yield
``ṁ_el,P / ṁ_el,in`` and the feed needed per kg of product.

No capital cost, taxes, escalation or discounting: this is an operating-cost view.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from reeflow.economics.spec import EconomicsSpec, PriceSpec
from reeflow.errors import ScenarioError
from reeflow.uom import conversion_factor

__all__ = ["check_references", "evaluate"]


def evaluate(results: dict[str, Any], spec: EconomicsSpec) -> dict[str, Any]:
    """Economics of a solved scenario's ``results`` (the results.json dict) under ``spec``.

    Parameters
    ----------
    results
        Results of :func:`reeflow.flowsheet.flowsheet_results` (flows in kg/h).
    spec
        The scenario's ``economics`` section.

    Returns
    -------
    dict
        Annual flows (t/yr) of every feed and outlet, raw-material demand per species (t/yr),
        costs (USD/yr and USD/kg of the main product), revenue, and the element trace.

    Raises
    ------
    ScenarioError
        If the spec names a stream that is not a feed, outlet or stream of the scenario.
    """
    streams = results["streams"]
    feeds = [sid for sid, s in streams.items() if s["source"] is None]
    outlets = [sid for sid, s in streams.items() if s["sink"] is None and s["source"] is not None]
    check_references(spec, feeds, outlets, list(streams))
    hours = spec.operating_hours * conversion_factor("s", "h")
    to_t = conversion_factor("kg", "t")

    def t_per_yr(kg_per_h: float) -> float:
        return kg_per_h * hours * to_t

    def kg_per_yr(kg_per_h: float) -> float:
        return kg_per_h * hours

    product_kg = kg_per_yr(streams[spec.main_product]["mass_kg_per_h"])

    def per_kg_product(usd_per_yr: float) -> float | None:
        return usd_per_yr / product_kg if product_kg > 0 else None

    feed_rows: dict[str, dict[str, Any]] = {}
    raw_material_cost = 0.0
    for fid in feeds:
        row: dict[str, Any] = {"t_per_yr": t_per_yr(streams[fid]["mass_kg_per_h"])}
        if fid in spec.feeds:
            price = spec.feeds[fid].resolve()
            cost = kg_per_yr(_priced_mass(streams[fid], spec.feeds[fid])) * price.value
            raw_material_cost += cost
            row |= {"price_USD_per_kg": price.value, "priced_per": spec.feeds[fid].per,
                    "price_source": price.provenance,
                    "cost_USD_per_yr": cost, "cost_USD_per_kg_product": per_kg_product(cost)}
        feed_rows[fid] = row

    revenue = 0.0
    outlet_rows: dict[str, dict[str, Any]] = {}
    for oid in outlets:
        row = {"t_per_yr": t_per_yr(streams[oid]["mass_kg_per_h"])}
        if oid in spec.products:
            price = spec.products[oid].resolve()
            income = kg_per_yr(_priced_mass(streams[oid], spec.products[oid])) * price.value
            revenue += income
            row |= {"price_USD_per_kg": price.value, "priced_per": spec.products[oid].per,
                    "price_source": price.provenance, "revenue_USD_per_yr": income}
        outlet_rows[oid] = row

    conversion_rows: dict[str, dict[str, Any]] = {}
    for name, conv in spec.conversion_costs.items():
        price = conv.resolve()
        cost = kg_per_yr(_priced_mass(streams[conv.stream], conv)) * price.value
        conversion_rows[name] = {"stream": conv.stream, "price_USD_per_kg": price.value, "priced_per": conv.per,
                                 "price_source": price.provenance, "cost_USD_per_yr": cost}
    conversion_cost = sum(r["cost_USD_per_yr"] for r in conversion_rows.values())
    fixed_rows: dict[str, dict[str, Any]] = {
        name: {"cost_USD_per_yr": fc.per_year, "source": fc.source or f"assumed: {fc.assumed}"}
        for name, fc in spec.fixed_costs.items()
    }
    fixed_cost = sum(fc.per_year for fc in spec.fixed_costs.values())
    operating_cost = raw_material_cost + conversion_cost + fixed_cost

    return {
        "currency": spec.currency,
        "operating_hours_per_year": hours,
        "main_product": spec.main_product,
        "main_product_t_per_yr": product_kg * to_t,
        "feeds": feed_rows,
        "outlets": outlet_rows,
        "unpriced_feeds": [fid for fid in feeds if fid not in spec.feeds],
        "raw_material_demand_t_per_yr": _demand_by_species(streams, feeds, t_per_yr),
        "raw_material_cost_USD_per_yr": raw_material_cost,
        "raw_material_cost_USD_per_kg_product": per_kg_product(raw_material_cost),
        "conversion_costs": conversion_rows,
        "fixed_costs": fixed_rows,
        "operating_cost_USD_per_yr": operating_cost,
        "operating_cost_USD_per_kg_product": per_kg_product(operating_cost),
        "revenue_USD_per_yr": revenue if spec.products else None,
        "margin_USD_per_yr": revenue - operating_cost if spec.products else None,
        "trace": _trace(streams, feeds, spec, t_per_yr),
    }


def _priced_mass(stream: dict[str, Any], price: PriceSpec) -> float:
    """Mass flow (kg/h) a price applies to: the stream's, or that of the species in ``price.per``."""
    if price.per is None:
        return float(stream["mass_kg_per_h"])
    return sum(float(stream["species_kg_per_h"].get(species, 0.0)) for species in price.per)


def check_references(spec: EconomicsSpec, feeds: list[str], outlets: list[str], streams: list[str],
                     species: Collection[str] | None = None) -> None:
    """Raise ScenarioError for a stream named in ``spec`` that the scenario does not have, or (given
    ``species``, the ids of the scenario's species database) a priced species it does not know.

    ``feeds``, ``outlets`` and ``streams`` are the ids of the scenario's boundary feeds, of the
    streams leaving the flowsheet and of all its streams. Usable before solving (``validate``).
    """
    if spec.main_product not in outlets:
        raise ScenarioError(f"economics.main_product: {spec.main_product!r} is not a stream leaving the "
                            f"flowsheet; expected one of {', '.join(sorted(outlets))}")
    for fid in spec.feeds:
        if fid not in feeds:
            raise ScenarioError(f"economics.feeds.{fid}: {fid!r} is not a feed of the scenario; "
                                f"feeds are {', '.join(sorted(feeds))}")
    for pid in spec.products:
        if pid not in outlets:
            raise ScenarioError(f"economics.products.{pid}: {pid!r} is not a stream leaving the flowsheet; "
                                f"expected one of {', '.join(sorted(outlets))}")
    for name, conv in spec.conversion_costs.items():
        if conv.stream not in streams:
            raise ScenarioError(f"economics.conversion_costs.{name}.stream: {conv.stream!r} is not a stream "
                                "of the scenario")
    for i, sid in enumerate(spec.trace_streams):
        if sid not in streams:
            raise ScenarioError(f"economics.trace_streams.{i}: {sid!r} is not a stream of the scenario")
    if species is None:
        return
    priced = {f"feeds.{k}": p for k, p in spec.feeds.items()} | {f"products.{k}": p for k, p in spec.products.items()}
    priced |= {f"conversion_costs.{k}": p for k, p in spec.conversion_costs.items()}
    for where, price in priced.items():
        for i, name in enumerate(price.per or []):
            if name not in species:
                raise ScenarioError(f"economics.{where}.per.{i}: {name!r} is not a species of the scenario's "
                                    "database; write it as the stream's species are written, e.g. 'HCl(aq)'")


def _demand_by_species(streams: dict[str, Any], feeds: list[str], t_per_yr: Any) -> dict[str, float]:
    """Annual demand of each species over all feeds (t/yr)."""
    demand: dict[str, float] = {}
    for fid in feeds:
        for species, kg_h in streams[fid]["species_kg_per_h"].items():
            demand[species] = demand.get(species, 0.0) + t_per_yr(kg_h)
    return demand


def _trace(streams: dict[str, Any], feeds: list[str], spec: EconomicsSpec, t_per_yr: Any) -> dict[str, Any]:
    """Each element of the main product from its feeds through the trace streams to the product."""
    product = streams[spec.main_product]
    product_kg_h = product["mass_kg_per_h"]
    out: dict[str, Any] = {}
    for element, in_product in product["elements_kg_per_h"].items():
        if spec.trace_elements is not None and element not in spec.trace_elements:
            continue
        bringing = {fid: streams[fid] for fid in feeds if streams[fid]["elements_kg_per_h"].get(element, 0.0) > 0}
        total_in = sum(s["elements_kg_per_h"][element] for s in bringing.values())
        out[element] = {
            "feeds": {
                fid: {
                    "stream_t_per_yr": t_per_yr(s["mass_kg_per_h"]),
                    "element_t_per_yr": t_per_yr(s["elements_kg_per_h"][element]),
                    "stream_kg_per_kg_product": s["mass_kg_per_h"] / product_kg_h if product_kg_h > 0 else None,
                }
                for fid, s in bringing.items()
            },
            "streams_t_per_yr": {sid: t_per_yr(streams[sid]["elements_kg_per_h"].get(element, 0.0))
                                 for sid in spec.trace_streams},
            "in_feeds_t_per_yr": t_per_yr(total_in),
            "in_product_t_per_yr": t_per_yr(in_product),
            "overall_yield": in_product / total_in if total_in > 0 else None,
        }
    return out

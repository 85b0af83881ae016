"""PCT families and van 't Hoff lines of the hydrogen-storage alloys a run produces, for its report.

Which alloys
------------
A species of kind ``hydrogen_storage_alloy`` in the scenario's species database is plotted when
it flows (> 0 kg/h) in one of the run's declared product streams (``results["products"]``). Its
formula (e.g. ``LaY2Ni10Mn0.5``) is passed to :func:`reeflow.hydrogen.resolve_alloy`, which uses
the shipped data for a known alloy and the composition model for the rest (values from the model
are listed in ``HydrideAlloy.predicted_fields``).

Figures
-------
For each alloy, two plotly figures drawn by :mod:`reeflow.hydrogen.figures`:

* a PCT family: absorption (dashed) and desorption (solid) isotherms at 20, 40, 60 and 80 °C,
  hydrogen pressure in bar on a log axis against H/M (H atoms per metal atom);
* its van 't Hoff lines: ln(P_plateau / 1 atm) against 1000/T for both branches, from
  ln(P/P0) = ΔH/(RT) − ΔS/R, with the measured plateau points of the shipped data if any.

Each title says where the numbers come from: the shipped alloy record (first source), or
"predicted" with the predicted quantities and the model's cross-validated error, and the
temperature range of the data the values rest on.

Failures
--------
An alloy the hydrogen package cannot answer for (a formula outside its elements or structure
types, a shipped record without the needed data) raises a :class:`reeflow.errors.ReeflowError`
there (or a lookup, value or arithmetic error from incomplete data); it is skipped here and a
warning naming the species and the reason is appended to ``results["warnings"]``, so the run and
its report still complete.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reeflow.errors import ReeflowError
from reeflow.hydrogen.alloy import HydrideAlloy, resolve_alloy
from reeflow.hydrogen.figures import pct_family_figure, van_t_hoff_figure
from reeflow.species import Species, SpeciesDatabase
from reeflow.uom import conversion_factor, to_si, to_unit

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["ALLOY_KIND", "REPORT_TEMPERATURES", "alloy_products", "hydrogen_figures"]

#: Species kind that marks a hydrogen-storage alloy in a species database.
ALLOY_KIND = "hydrogen_storage_alloy"
#: Temperatures of the PCT family in the report.
REPORT_TEMPERATURES: tuple[str, ...] = ("20 degC", "40 degC", "60 degC", "80 degC")
_SOURCE_CHARS = 120  # the first source is cut to this length in a figure subtitle
_CANNOT_ANSWER = (ReeflowError, ValueError, LookupError, ArithmeticError)
"""Errors that make an alloy's figures be skipped with a warning: the hydrogen package's own
(:class:`ReeflowError`) and those of incomplete data (a missing key, a value out of range)."""
_SAME_FRACTION = 1e-6  # atom fractions closer than this are the same composition
_TITLE_PX, _SUBTITLE_PX, _PLOT_PX = 50, 20, 480  # figure title and subtitle lines, figure height


def alloy_products(results: Mapping[str, Any], database: SpeciesDatabase) -> dict[str, list[str]]:
    """Hydrogen-storage alloy species in the run's product streams.

    Parameters
    ----------
    results
        The results.json dictionary (``products`` and ``streams`` with ``species_kg_per_h``).
    database
        The scenario's species database (its species' ``kind`` marks the alloys).

    Returns
    -------
    dict
        Species id → ids of the product streams that carry it (> 0 kg/h), in database order.
    """
    alloys = [sp.id for sp in database if sp.kind == ALLOY_KIND]
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    found: dict[str, list[str]] = {}
    for species_id in alloys:
        for product in results.get("products") or {}:
            flows = (streams.get(product) or {}).get("species_kg_per_h") or {}
            if float(flows.get(species_id, 0.0)) > 0.0:
                found.setdefault(species_id, []).append(product)
    return found


def hydrogen_figures(
    results: dict[str, Any], database: SpeciesDatabase
) -> list[tuple[str, go.Figure]]:
    """PCT family and van 't Hoff figures of every alloy product, as report sections.

    Parameters
    ----------
    results
        The results.json dictionary; a warning is appended to its ``warnings`` list for each
        alloy that the hydrogen package cannot describe (that alloy is skipped).
    database
        The scenario's species database.

    Returns
    -------
    list of (str, plotly.graph_objects.Figure)
        ``(section title, figure)`` pairs for :func:`reeflow.report.write_report`'s
        ``extra_figures``: for each alloy its PCT family, then its van 't Hoff lines. Empty when
        no product carries an alloy.
    """
    temperatures = [to_si(t, "K", field="report temperature") for t in REPORT_TEMPERATURES]
    sections: list[tuple[str, go.Figure]] = []
    warnings: list[str] = []
    for species_id, products in alloy_products(results, database).items():
        species = database[species_id]
        try:
            alloy = _resolve(species)
            pct = pct_family_figure(alloy, temperatures)
            van_t_hoff = van_t_hoff_figure([alloy])
        except _CANNOT_ANSWER as exc:
            warnings.append(
                f"hydrogen report: no PCT figures for alloy {species_id!r} (in "
                f"{', '.join(products)}): {exc}"
            )
            continue
        label = _label(species, alloy)
        provenance = _provenance(alloy)
        for figure, title in ((pct, f"PCT isotherms of {label}"),
                              (van_t_hoff, f"van 't Hoff lines of {label}")):
            figure.update_layout(
                title={"text": _title(title, provenance), "yref": "container", "y": 0.965,
                       "yanchor": "top"},
                margin={"t": _TITLE_PX + _SUBTITLE_PX * len(provenance)},
                height=_PLOT_PX + _SUBTITLE_PX * len(provenance),
            )
        suffix = " (predicted)" if alloy.predicted else ""
        sections += [(f"PCT isotherms: {species.name}{suffix}", pct),
                     (f"van 't Hoff lines: {species.name}{suffix}", van_t_hoff)]
    if warnings:
        results.setdefault("warnings", []).extend(warnings)
    return sections


def _resolve(species: Species) -> HydrideAlloy:
    """The alloy of ``species``: shipped data found by its formula or, failing that, by the first
    word of its name (e.g. ``MmNi3.4Co1.0Mn0.5Al0.1`` for a formula with the mischmetal written
    out) when that record has the same composition; else the composition model's prediction."""
    alloy = resolve_alloy(species.formula)
    name = species.name.split()[0] if species.name.split() else ""
    if alloy.sources or name in ("", species.formula):
        return alloy
    try:
        named = resolve_alloy(name)
    except ReeflowError:
        return alloy
    return named if named.sources and _same_composition(named.atoms, species.composition) else alloy


def _same_composition(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """True when the two formulas have the same atom fractions (to 1e-6)."""
    total_1, total_2 = sum(first.values()), sum(second.values())
    return set(first) == set(second) and all(
        abs(first[el] / total_1 - second[el] / total_2) <= _SAME_FRACTION for el in first
    )


def _label(species: Species, alloy: HydrideAlloy) -> str:
    """The species' name, its structure type unless the name says it, the matched shipped record
    when its name differs, and "predicted" when any value comes from the composition model."""
    label = species.name if alloy.structure in species.name else f"{species.name} ({alloy.structure})"
    if not alloy.predicted and alloy.name not in (species.name, species.formula):
        label += f", shipped record {alloy.name}"
    return label + (" - predicted" if alloy.predicted else "")


def _provenance(alloy: HydrideAlloy) -> list[str]:
    """Lines on where the values come from and the temperatures they rest on."""
    low, high = (round(to_unit(t, "K", "degC")) for t in alloy.temperature_range)
    lines: list[str] = []
    if alloy.predicted:
        line = f"Predicted by the composition model: {', '.join(alloy.predicted_fields)}"
        if alloy.prediction is not None:
            dH_error = alloy.prediction.dH_error * conversion_factor("J/mol", "kJ/mol")
            line += (f" (cross-validated RMS error {alloy.prediction.ln_p_error:.2f} in ln P, "
                     f"{dH_error:.1f} kJ/mol in ΔH)")
        lines.append(line)
    if alloy.sources:
        lines.append(f"Data: {_shorten(alloy.sources[0])}")
    span = f"at {low} °C" if low == high else f"from {low} to {high} °C"
    lines.append(f"Values rest on data {span}")
    return lines


def _shorten(text: str) -> str:
    return text if len(text) <= _SOURCE_CHARS else text[: _SOURCE_CHARS - 1] + "…"


def _title(title: str, subtitle: list[str]) -> str:
    """A plotly title with smaller lines below; text escaped for plotly's HTML-like labels."""
    lines = "".join(f"<br><sup>{html.escape(line, quote=False)}</sup>" for line in subtitle)
    return html.escape(title, quote=False) + lines

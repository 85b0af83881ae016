"""Assembly of the self-contained HTML report (``report.html``) of a flowsheet run.

The page is filled from ``template.html`` (package data, :class:`string.Template`) with the
tables of :mod:`reeflow.report.tables` and the figures of :mod:`reeflow.report.figures`, in this
order: summary, products, economics (when the results carry ``economics``, see
:mod:`reeflow.report.economics`), flowsheet diagram, Sankey diagrams of rare-earth (TREE) and
thorium flows, solvent-extraction circuits (when the flowsheet has any, see
:mod:`reeflow.report.separation`), activity concentrations (when the results carry
``radioactivity``), stream
tables, element balance, then any extra figures a caller passes (PCT plots
and the like). plotly.js is inlined once, with the first plotly figure; the others reuse it, so
the file opens without a network connection. Figure ``div`` ids are numbered, not random, so two
reports of the same results are identical. Section titles longer than ``_NAV_CHARS`` characters
are cut in the navigation bar (the full title shows on hover).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from reeflow import __version__
from reeflow.report import figures, tables
from reeflow.report.economics import economics_section
from reeflow.report.radioactivity import radioactivity_section
from reeflow.report.separation import separation_section, solvent_extraction_units
from reeflow.report.groups import RARE_EARTH_ELEMENTS

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["render_report", "write_report"]

_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
_NAV_CHARS = 30  # longer section titles are cut in the navigation bar (full title on hover)


def write_report(
    results: Mapping[str, Any],
    path: Path,
    *,
    extra_figures: Sequence[tuple[str, go.Figure]] | None = None,
) -> None:
    """Write the HTML report of ``results`` (the results.json dictionary) to ``path``.

    Parameters
    ----------
    results
        The results.json dictionary; extra keys (``units``, ``tears``, ``solver``) are used when
        present.
    path
        File to write (UTF-8); its folder is created if missing.
    extra_figures
        ``(title, figure)`` pairs appended as sections after the standard content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(results, extra_figures=extra_figures), encoding="utf-8")


def render_report(
    results: Mapping[str, Any],
    *,
    extra_figures: Sequence[tuple[str, go.Figure]] | None = None,
) -> str:
    """The report of ``results`` as one HTML document (a string); see :func:`write_report`."""
    plots = _PlotlyEmbedder()
    rare_earths = figures.sankey_figure(
        results, RARE_EARTH_ELEMENTS, title="Rare-earth flows (TREE, La–Lu + Y + Sc), kg/h"
    )
    thorium = figures.sankey_figure(results, ("Th",), title="Thorium flows, kg/h")
    sections: list[tuple[str, str, str]] = [
        ("summary", "Summary", tables.header_html(results)),
        ("products", "Products", tables.products_table(results)),
    ]
    if results.get("economics"):
        sections.append(("economics", "Economics", economics_section(results["economics"])))
    sections += [
        ("flowsheet", "Flowsheet", f'<div class="figure">{figures.flowsheet_svg(results)}</div>'),
        ("sankey-ree", "Rare-earth flows",
         plots.embed(rare_earths) if rare_earths else _note("No stream carries rare earths.")),
        ("sankey-th", "Thorium flows",
         plots.embed(thorium) if thorium else _note("No stream carries thorium.")),
        *([("separation", "Solvent extraction", separation_section(results, plots.embed))]
          if solvent_extraction_units(results) else []),
        *([("radioactivity", "Radioactivity", radioactivity_section(results))]
          if results.get("radioactivity") else []),
        ("streams", "Streams", _streams_section(results)),
        ("balance", "Element balance", _balance_section(results)),
    ]
    for number, (title, figure) in enumerate(extra_figures or (), start=1):
        sections.append((f"extra-{number}", html.escape(title), plots.embed(figure)))
    nav = "".join(
        f'<a href="#{anchor}" title="{title}">{_nav_label(title)}</a>'
        for anchor, title, _body in sections
    )
    body = "\n".join(
        f'<section id="{anchor}"><h2>{title}</h2>\n{content}\n</section>'
        for anchor, title, content in sections
    )
    scenario = html.escape(str(results.get("scenario", "")))
    return _template().substitute(
        title=f"reeflow report: {scenario}" if scenario else "reeflow report",
        version=html.escape(__version__),
        nav=nav,
        body=body,
    )


class _PlotlyEmbedder:
    """Turns plotly figures into ``div`` fragments, inlining plotly.js with the first only."""

    def __init__(self) -> None:
        self.count = 0

    def embed(self, figure: go.Figure) -> str:
        self.count += 1
        fragment: str = figure.to_html(
            full_html=False,
            include_plotlyjs=self.count == 1,
            div_id=f"reeflow-figure-{self.count}",
            config=_PLOTLY_CONFIG,
        )
        return f'<div class="figure">{fragment}</div>'


def _streams_section(results: Mapping[str, Any]) -> str:
    return "\n".join([
        tables.stream_table(results),
        "<details><summary>All element flows (kg/h)</summary>"
        f"{tables.element_table(results)}</details>",
        "<details><summary>All species flows (kg/h)</summary>"
        f"{tables.species_table(results)}</details>",
    ])


def _balance_section(results: Mapping[str, Any]) -> str:
    units = tables.units_table(results)
    return tables.balance_table(results) + (f"<h3>Units</h3>{units}" if units else "")


def _nav_label(title: str) -> str:
    """A section title (escaped HTML) cut to :data:`_NAV_CHARS` characters for the navigation bar."""
    text = html.unescape(title)
    return title if len(text) <= _NAV_CHARS else html.escape(text[: _NAV_CHARS - 1] + "…")


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


@cache
def _template() -> Template:
    return Template(files("reeflow.report").joinpath("template.html").read_text(encoding="utf-8"))

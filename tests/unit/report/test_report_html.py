"""The assembled HTML report: self-contained, escaped, reproducible, with extra figures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import reeflow.report
from reeflow.report import write_report
from reeflow.report.assemble import render_report

pytestmark = pytest.mark.unit

_ODD = "<script>alert('x')</script> & \"q\""


def _plotly_bundles(page: str) -> int:
    return len(re.findall(r"\* plotly\.js v\d", page))


def test_public_names() -> None:
    assert reeflow.report.__all__ == ["write_report", "write_streams_csv"]


def test_report_is_self_contained_with_plotly_inlined_once(
    results: dict[str, Any], tmp_path: Path
) -> None:
    import plotly.graph_objects as go

    path = tmp_path / "new" / "report.html"
    extra = go.Figure(go.Scatter(x=[0.0, 1.0], y=[1.0, 2.0]))
    write_report(results, path, extra_figures=[("PCT <isotherms>", extra), ("Second", extra)])
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, flags=re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, flags=re.IGNORECASE)
    assert _plotly_bundles(page) == 1
    assert page.count("Plotly.newPlot(") == 4  # TREE and Th Sankeys, two extra figures
    assert "<h2>PCT &lt;isotherms&gt;</h2>" in page
    assert page.index('id="sankey-ree"') < page.index('id="extra-1"') < page.index('id="extra-2"')
    for section in ("summary", "products", "flowsheet", "sankey-th", "streams", "balance"):
        assert f'<section id="{section}">' in page


def test_odd_identifiers_are_escaped_everywhere(results: dict[str, Any]) -> None:
    streams = results["streams"]
    streams[_ODD] = streams.pop("liquor")
    results["scenario"] = _ODD
    results["products"][_ODD] = results["products"]["product"]
    page = render_report(results)
    assert _ODD not in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;" in page


def test_report_without_thorium_or_rare_earths_says_so(results: dict[str, Any]) -> None:
    for stream in results["streams"].values():
        for element in ("La", "Ce", "Th"):
            stream["elements_kg_per_h"].pop(element, None)
    page = render_report(results)
    assert "No stream carries rare earths." in page and "No stream carries thorium." in page
    assert _plotly_bundles(page) == 0


def test_two_reports_of_the_same_results_are_identical(results: dict[str, Any]) -> None:
    assert render_report(results) == render_report(results)


def test_report_of_a_failed_run_with_nan_flows(results: dict[str, Any]) -> None:
    results["converged"] = False
    results["streams"]["slurry"]["elements_kg_per_h"]["La"] = float("nan")
    page = render_report(results)
    assert '<span class="bad">no</span>' in page
    assert "<td>nan</td>" in page  # the stream table shows it


def test_report_of_empty_results() -> None:
    page = render_report({"scenario": "empty", "converged": False, "balance": {}, "streams": {}})
    assert "The results contain no streams." in page
    assert "The results carry no element balance." in page

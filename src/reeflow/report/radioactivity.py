"""The "Radioactivity" section: activity concentrations of Th-232, U-238 and U-235 per stream.

Built from ``results["radioactivity"]`` (see :mod:`reeflow.radioactivity`): one row per stream
that carries thorium or uranium, with its source and sink, the heads' activity concentrations per
gram of stream and per gram of its solids, the largest ratio to the exemption level and the
class; regulated streams are marked.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from reeflow.report.tables import data_table, format_number

__all__ = ["radioactivity_section"]


def radioactivity_section(results: Mapping[str, Any]) -> str:
    """HTML of the radioactivity section, or a note when no stream carries Th or U."""
    radioactivity = results["radioactivity"]
    records: Mapping[str, Mapping[str, Any]] = radioactivity["streams"]
    if not records:
        return "<p class=\"note\">No stream carries thorium or uranium.</p>"
    # series heads first, then the progeny, as the results list them
    nuclides = list(dict.fromkeys(n for r in records.values() for n in r["nuclides"]))
    header = ["Stream", "From → to", "Class", "max / exemption", *(f"{n} Bq/g" for n in nuclides),
              *(f"{n} Bq/g solids" for n in nuclides)]
    rows, classes = [], []
    streams = results.get("streams", {})
    for sid, record in records.items():
        ends = streams.get(sid, {})
        route = f"{ends.get('source') or 'feed'} → {ends.get('sink') or 'out'}"
        cells = [html.escape(sid), html.escape(route), html.escape(record["class"]),
                 format_number(record["max_ratio_to_exemption"])]
        cells += [format_number(record["nuclides"].get(n, {}).get("Bq_per_g")) for n in nuclides]
        cells += [format_number(record["nuclides"].get(n, {}).get("Bq_per_g_solids")) for n in nuclides]
        rows.append(cells)
        classes.append("worst" if record["class"] == "regulated" else "")
    basis = html.escape(str(radioactivity.get("basis", "")))
    return f"<p>{basis}.</p>" + data_table(header, rows, classes, sticky=True)

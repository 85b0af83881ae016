"""Conversion of the source database formats (small inline samples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reeflow.hydrogen.importer import database_structure, import_purdue, import_purdue_isotherms

pytestmark = pytest.mark.unit

SAMPLE = """Elements: [La:1, Ni:4.7, Al:0.3]
Type: AB5

Thermodynamics
{
    Weight Percent: 1.35  # a note
    Dehydriding
    {
        DH: -28511    # J/mol
        DS: -90.1
        slope: 0.4
    }
    Hydriding
    {
        ln(Pa/Pd): 0.2
    }
}
References
{
    Someone
    {
        ID:      10.0000/example
        Authors: A. Author
        Title:   A title
        Year:    1999
    }
}
"""


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("LaNi5", "AB5"), ("CaNi5 (M)", None), ("La2Ni7", "A2B7"), ("Ce.7La.3Ni5", "AB5"), ("LaNi5-yAly", None),
     ("Eu2FeH6", None), ("LaMg2Ni9", "AB3")],
)
def test_database_structure(formula: str, expected: str | None) -> None:
    parsed = database_structure(formula)
    assert (parsed[1] if parsed else None) == expected


def test_purdue_entry_is_read(tmp_path: Path) -> None:
    (tmp_path / "La[1]Ni[4.7]Al[0.3].mh").write_text(SAMPLE, encoding="utf-8")
    (entry,) = import_purdue(tmp_path)
    assert entry["formula"] == "La1Ni4.7Al0.3"
    assert entry["structure"] == "AB5"
    assert entry["wt_pct"]["value"] == 1.35
    assert entry["desorption"]["dH_J_per_mol_H2"]["value"] == -28511.0
    assert entry["absorption"]["hysteresis_ln_Pa_Pd"]["value"] == 0.2
    assert entry["references"][0]["id"] == "10.0000/example"


PCI = """Author,Someone,,,
DOI,10.0000/example,,,
Location,Figure 2,,,
,,,,
Abs/Des,Abs,,Des,
Temp (K),298,,298,
,mass %,eq. pressure (bar),mass %,eq. pressure (bar)
,0.1,1.5,0.1,1.2
,0.7,2.0,,
"""


def test_purdue_isotherms_are_read_in_long_format(tmp_path: Path) -> None:
    (tmp_path / "supporting").mkdir()
    (tmp_path / "supporting" / "La[1]Ni[5]_PCI.csv").write_text(PCI, encoding="utf-8")
    (tmp_path / "supporting" / "Other_PCI.csv").write_text(PCI, encoding="utf-8")
    points = import_purdue_isotherms(tmp_path, {"La[1]Ni[5]"})
    assert [(p["branch"], p["mass_pct"], p["P_bar"]) for p in points] == [
        ("absorption", "0.1", "1.5"), ("absorption", "0.7", "2.0"), ("desorption", "0.1", "1.2")]
    assert {p["doi"] for p in points} == {"10.0000/example"}
    assert {p["T_K"] for p in points} == {"298"}

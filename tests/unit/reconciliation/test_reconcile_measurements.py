"""Reading measurement files: quantities in SI, and a clear InputError for every bad row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reeflow.reconciliation as reconciliation
from reeflow.errors import InputError
from reeflow.reconciliation import read_measurements

pytestmark = pytest.mark.unit

STREAMS = ("ore", "concentrate", "leach_liquor", "mixed_oxide")
ELEMENTS = ("H", "O", "Fe", "La", "Ce", "Th")
HEADER = "stream,quantity,value,sd,basis\n"


def read(tmp_path: Path, text: str, name: str = "m.csv") -> list[reconciliation.Measurement]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_measurements(path, STREAMS, ELEMENTS)


def test_public_names() -> None:
    assert sorted(reconciliation.__all__) == [
        "BalanceModel", "Measurement", "MeasurementModel", "MeasurementResult", "Reconciliation", "balance_model",
        "measurement_model", "read_measurements", "reconcile", "reconcile_scenario", "reconciliation_results",
    ]


def test_csv_rows_are_read_in_si_with_comments_and_optional_basis(tmp_path: Path) -> None:
    text = (
        "# synthetic data\n" + HEADER
        + "ore,mass_flow,50 t/h,1 t/h\n"
        + "\n# a comment between rows\n"
        + "concentrate,Ce,18.2 wt%,0.4 wt%,solids\n"
        + "concentrate,La,0.12,0.004\n"
        + "ore,Th,300 g/t,20 g/t,\n"
        + "leach_liquor,La,12 g/L,0.3 g/L\n"
        + "mixed_oxide,Ce_flow,0.8 t/h,20 kg/h\n"
        + "ore,Fe,20 mg/kg,2 ppm\n"
    )
    ms = read(tmp_path, text)
    assert [(m.stream, m.kind, m.element, m.basis) for m in ms] == [
        ("ore", "mass_flow", None, "stream"),
        ("concentrate", "assay", "Ce", "solids"),
        ("concentrate", "assay", "La", "stream"),
        ("ore", "assay", "Th", "stream"),
        ("leach_liquor", "liquor_concentration", "La", "stream"),
        ("mixed_oxide", "element_flow", "Ce", "stream"),
        ("ore", "assay", "Fe", "stream"),
    ]
    expected = [(50 / 3.6, 1 / 3.6), (0.182, 0.004), (0.12, 0.004), (3e-4, 2e-5), (12.0, 0.3), (0.8 / 3.6, 0.02 / 3.6),
                (2e-5, 2e-6)]
    for m, (value, sd) in zip(ms, expected, strict=True):
        assert m.value == pytest.approx(value, rel=1e-12)
        assert m.sd == pytest.approx(sd, rel=1e-12)
    assert [m.unit for m in ms][:3] == ["t/h", "wt%", ""]
    assert ms[1].where.endswith("m.csv, line 6")


def test_yaml_list_is_read_like_csv(tmp_path: Path) -> None:
    text = "- {stream: ore, quantity: mass_flow, value: 50 t/h, sd: 1 t/h}\n- {stream: ore, quantity: Ce, value: 0.02, sd: 0.001}\n"
    ms = read(tmp_path, text, "m.yaml")
    assert [(m.kind, m.value) for m in ms] == [("mass_flow", pytest.approx(50 / 3.6)), ("assay", 0.02)]
    assert ms[1].where.endswith("m.yaml, entry 2")


@pytest.mark.parametrize(
    ("row", "field", "hint"),
    [
        ("tailings,mass_flow,5 t/h,1 t/h", "stream", "streams of this flowsheet"),
        ("ore,Xx,5 wt%,1 wt%", "quantity", "unknown element"),
        ("ore,Nd,5 wt%,1 wt%", "quantity", "carries no Nd"),
        ("ore,grade,5 wt%,1 wt%", "quantity", "mass_flow, <element>_flow"),
        ("ore,mass_flow,50 blorps,1 t/h", "value", "cannot read"),
        ("ore,mass_flow,5 wt%,1 wt%", "value", "expected a quantity in kg/s"),
        ("ore,mass_flow,50,1", "value", "expected a quantity in kg/s"),
        ("ore,Ce,5 m/s,1 m/s", "value", "element concentration"),
        ("ore,Ce,5 wt%,1 t/h", "sd", "dimension"),
        ("ore,Ce,5 wt%,0 wt%", "sd", "must be positive"),
        ("ore,Ce,5 wt%,-1 wt%", "sd", "must be positive"),
        ("ore,Ce,120 wt%,1 wt%", "value", "between 0 and 100 wt%"),
        ("ore,mass_flow,-5 t/h,1 t/h", "value", "zero or positive"),
        ("ore,mass_flow,nan t/h,1 t/h", "value", "finite"),
        ("ore,mass_flow,50 t/h,1 t/h,solids", "basis", "only to assays"),
        ("ore,Ce,5 wt%,1 wt%,dry", "basis", "'stream' or 'solids'"),
        ("ore,,5 wt%,1 wt%", "quantity", "missing or empty"),
    ],
)
def test_bad_rows_name_file_row_field_and_value(tmp_path: Path, row: str, field: str, hint: str) -> None:
    with pytest.raises(InputError) as info:
        read(tmp_path, HEADER + "ore,mass_flow,50 t/h,1 t/h\n" + row + "\n")
    message = str(info.value)
    assert "m.csv, line 3" in message
    assert f"field '{field}'" in message
    assert hint in message


def test_duplicate_rows_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 3: ore Ce \(basis stream\) is measured twice, also at .*line 2"):
        read(tmp_path, HEADER + "ore,Ce,2 wt%,0.1 wt%\nore,Ce,0.021,0.001\n")


@pytest.mark.parametrize(
    ("text", "name", "hint"),
    [
        ("stream,quantity,value\nore,mass_flow,5 t/h\n", "m.csv", "missing sd"),
        ("stream,quantity,value,sd,note\n", "m.csv", "unknown note"),
        (HEADER + "ore,mass_flow,5 t/h\n", "m.csv", "3 fields"),
        (HEADER + "ore,mass_flow,5 t/h,1 t/h,stream,extra\n", "m.csv", "6 fields"),
        ("# only a comment\n", "m.csv", "empty file"),
        (HEADER, "m.csv", "no measurements"),
        ("stream: ore\n", "m.yaml", "expected a YAML list"),
        ("- [ore, mass_flow]\n", "m.yaml", "expected a mapping"),
        ("- {stream: ore, quantity: mass_flow, value: 5 t/h}\n", "m.yaml", "missing sd"),
        ("- {stream: ore\n", "m.yaml", "not valid YAML"),
        (HEADER, "m.txt", "use a .csv or .yaml file"),
    ],
)
def test_bad_files_are_refused(tmp_path: Path, text: str, name: str, hint: str) -> None:
    with pytest.raises(InputError, match=str(tmp_path / name).replace("\\", "\\\\")) as info:
        read(tmp_path, text, name)
    assert hint in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the measurement file"):
        read_measurements(tmp_path / "absent.csv", STREAMS, ELEMENTS)


FIELD = st.one_of(
    st.sampled_from(["ore", "mass_flow", "Ce", "Ce_flow", "50 t/h", "1 wt%", "solids", "stream", "", "nan", "-1 g/L"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00"), max_size=12),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(FIELD, min_size=3, max_size=6), min_size=1, max_size=4))
def test_junk_rows_raise_input_error_or_parse(tmp_path: Path, rows: list[list[str]]) -> None:
    text = HEADER + "".join(",".join(row) + "\n" for row in rows)
    try:
        measurements = read(tmp_path, text)
    except InputError as exc:
        assert str(tmp_path / "m.csv") in str(exc)
    else:
        for m in measurements:
            assert m.stream in STREAMS and m.sd > 0 and m.value >= 0

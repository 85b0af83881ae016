"""Specific activities of natural Th and U, stream activity concentrations and their class."""

import pytest

from reeflow.radioactivity import specific_activity, stream_radioactivity
from reeflow.report.radioactivity import radioactivity_section
from reeflow.species import default_database
from reeflow.streams import Stream

pytestmark = pytest.mark.unit

DB = default_database()


@pytest.mark.parametrize(
    ("nuclide", "kBq_per_g", "rel"),
    [
        # Conversion factors of gamma-ray spectrometry: 1 ppm Th = 4.06 Bq/kg of Th-232 and 1 ppm
        # U = 12.35 Bq/kg of U-238 (IAEA-TECDOC-1363, Guidelines for radioelement mapping using
        # gamma ray spectrometry data, 2003). U-235: about 0.57 kBq per g of natural uranium.
        ("Th232", 4.06, 0.005),
        ("U238", 12.35, 0.005),
        ("U235", 0.57, 0.01),
    ],
)
def test_specific_activity_of_the_natural_elements(nuclide: str, kBq_per_g: float, rel: float) -> None:
    assert specific_activity(nuclide) * 1e-6 == pytest.approx(kBq_per_g, rel=rel)  # Bq/kg → kBq/g


def test_monazite_like_solid_is_regulated_and_dry_basis_is_higher() -> None:
    # 7 wt% ThO2 in a wet cake with 30 % water
    stream = Stream.from_mass_flows("cake", DB, {"ThO2": 0.07, "CePO4": 0.63, "H2O": 0.30})
    record = stream_radioactivity(stream)
    assert record is not None
    th_fraction = 0.07 * 232.04 / (232.04 + 2 * 15.999)
    th = record["nuclides"]["Th232"]
    assert th["Bq_per_g"] == pytest.approx(th_fraction * specific_activity("Th232") * 1e-3, rel=1e-4)
    assert th["Bq_per_g_solids"] == pytest.approx(th["Bq_per_g"] / 0.70, rel=1e-9)
    assert record["class"] == "regulated" and "U238" not in record["nuclides"]


def test_trace_thorium_below_one_becquerel_per_gram_is_exempt() -> None:
    stream = Stream.from_mass_flows("oxide", DB, {"ThO2": 1e-4, "La2O3": 1.0})  # ~100 ppm ThO2
    record = stream_radioactivity(stream)
    assert record is not None and record["class"] == "exempt"
    assert record["max_ratio_to_exemption"] == pytest.approx(0.36, rel=0.02)


def test_streams_without_thorium_or_uranium_have_no_record() -> None:
    assert stream_radioactivity(Stream.from_mass_flows("water", DB, {"H2O": 1.0})) is None


def test_report_section_marks_regulated_streams_and_escapes_ids() -> None:
    results = {
        "radioactivity": {"basis": "heads only", "streams": {
            "<cake>": {"nuclides": {"Th232": {"Bq_per_s": 1.0, "Bq_per_g": 12.0, "Bq_per_g_solids": 20.0}},
                       "max_ratio_to_exemption": 12.0, "class": "regulated"}}},
        "streams": {"<cake>": {"source": "filter", "sink": None}},
    }
    html = radioactivity_section(results)
    assert "&lt;cake&gt;" in html and "<cake>" not in html
    assert 'class="worst"' in html and "filter → out" in html


def test_report_section_puts_the_class_first_and_heads_before_progeny() -> None:
    nuclides = {name: {"Bq_per_s": 1.0, "Bq_per_g": 0.5, "Bq_per_g_solids": None}
                for name in ("Th232", "U238", "Ra228", "Th230")}
    results = {
        "radioactivity": {"basis": "b", "streams": {
            "ore": {"nuclides": nuclides, "max_ratio_to_exemption": 0.5, "class": "exempt"}}},
        "streams": {"ore": {"source": None, "sink": "mill"}},
    }
    header = radioactivity_section(results).split("<thead>")[1].split("</thead>")[0]
    order = [header.index(label) for label in
             ("Class", "max / exemption", "Th232 Bq/g", "U238 Bq/g", "Ra228 Bq/g", "Th230 Bq/g")]
    assert order == sorted(order)

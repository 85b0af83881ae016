"""Activity in solved flowsheets: conservation of activity flow and where thorium reports."""

from pathlib import Path

import pytest

from reeflow.pipeline import run_scenario

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_monazite_thorium_activity_is_conserved_and_ends_in_the_residue(tmp_path: Path) -> None:
    results = run_scenario(EXAMPLES / "monazite_caustic.yaml", tmp_path, record=False).results
    records = results["radioactivity"]["streams"]
    streams = results["streams"]

    def th_flow(ids):
        return sum(records[s]["nuclides"]["Th232"]["Bq_per_s"] for s in ids if s in records)

    inlets = [s for s, v in streams.items() if v["source"] is None]
    outlets = [s for s, v in streams.items() if v["sink"] is None]
    assert th_flow(outlets) == pytest.approx(th_flow(inlets), rel=1e-9)
    assert records["thorium_residue"]["class"] == "regulated"
    assert th_flow(["thorium_residue"]) > 0.9 * th_flow(inlets)
    assert "Radioactivity" in (tmp_path / "report.html").read_text()


def test_dong_pao_ore_activity_matches_its_thorium_assay(tmp_path: Path) -> None:
    results = run_scenario(EXAMPLES / "dong_pao.yaml", tmp_path, record=False).results
    ore = results["radioactivity"]["streams"]["ore"]["nuclides"]["Th232"]["Bq_per_g"]
    th_wt = results["streams"]["ore"]["elements_kg_per_h"]["Th"] / results["streams"]["ore"]["mass_kg_per_h"]
    assert ore == pytest.approx(th_wt * 4.06e3, rel=0.005)  # 4.06 Bq/g per ppm·1e6 (IAEA-TECDOC-1363)


def test_dong_pao_radium_starts_in_equilibrium_is_conserved_and_leaves_with_the_solids(tmp_path: Path) -> None:
    """The ore's Ra-226 and Ra-228 carry the activity of U-238 and Th-232 (secular equilibrium); every
    becquerel of radium that enters leaves, and as RaSO4 it stays with the flotation tailings and the
    leach residue, none in the oxide product."""
    results = run_scenario(EXAMPLES / "dong_pao.yaml", tmp_path, record=False).results
    records = results["radioactivity"]["streams"]
    ore = records["ore"]["nuclides"]
    assert ore["Ra226"]["Bq_per_g"] == pytest.approx(ore["U238"]["Bq_per_g"], rel=1e-9)
    assert ore["Ra228"]["Bq_per_g"] == pytest.approx(ore["Th232"]["Bq_per_g"], rel=1e-9)
    streams = results["streams"]

    def radium(ids):
        return sum(records[s]["nuclides"].get("Ra226", {}).get("Bq_per_s", 0.0) for s in ids if s in records)

    inlets = [s for s, v in streams.items() if v["source"] is None]
    outlets = [s for s, v in streams.items() if v["sink"] is None]
    assert radium(outlets) == pytest.approx(radium(inlets), rel=1e-9)
    assert radium(["flotation_tailings", "leach_residue"]) == pytest.approx(radium(inlets), rel=1e-9)
    assert "Ra226" not in records.get("mixed_oxide", {}).get("nuclides", {})


def test_dong_pao_thorium_230_leaves_its_uranium_with_the_thorium(tmp_path: Path) -> None:
    """Every followed progeny carries its head's activity in the ore; Th-230 (U-238 series) is
    thorium, so the neutralisation cake that takes the thorium takes it, away from the uranium that
    stays in solution: a U-238 series member far out of equilibrium, conserved through the flowsheet."""
    results = run_scenario(EXAMPLES / "dong_pao.yaml", tmp_path, record=False).results
    records = results["radioactivity"]["streams"]
    ore = records["ore"]["nuclides"]
    for member, head in {"Th230": "U238", "U234": "U238", "Ra226": "U238", "Th228": "Th232",
                         "Ra228": "Th232", "Ra224": "Th232"}.items():
        assert ore[member]["Bq_per_g"] == pytest.approx(ore[head]["Bq_per_g"], rel=1e-9)
    cake = records["iron_thorium_cake"]["nuclides"]
    assert cake["Th230"]["Bq_per_g"] > 100.0 * cake["U238"]["Bq_per_g"]
    streams = results["streams"]

    def th230(ids):
        return sum(records[s]["nuclides"].get("Th230", {}).get("Bq_per_s", 0.0) for s in ids if s in records)

    inlets = [s for s, v in streams.items() if v["source"] is None]
    outlets = [s for s, v in streams.items() if v["sink"] is None]
    assert th230(outlets) == pytest.approx(th230(inlets), rel=1e-9)

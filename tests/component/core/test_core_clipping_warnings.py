"""Conditions that silently zero or clip a flow now leave a warning in the results: a feed dosed on
a stream (or phase) that carries nothing, and a wash too small for its wash efficiency."""

from __future__ import annotations

import pytest

from reeflow.flowsheet import Feed, Flowsheet, flowsheet_results, solve
from reeflow.species import default_database
from reeflow.streams import Stream, element_balance
from reeflow.unitops import Mixer, SolidLiquidSeparator

pytestmark = pytest.mark.component

DB = default_database()


def dosed(ratio: float, phase: str | None) -> Flowsheet:
    fs = Flowsheet("dosed", DB)
    fs.add_feed(Feed("ore", {"CaF2": 1.0}, rate=1.0))
    fs.add_feed(Feed("acid", {"H2SO4(aq)": 0.25, "H2O": 0.75}, ratio=ratio, per="ore", per_phase=phase))
    fs.add_unit(Mixer("leach", {}, DB), ["ore", "acid"], {"out": "slurry"})
    return fs


def warnings(fs: Flowsheet) -> list[str]:
    return flowsheet_results(fs, solve(fs), ["slurry"])["warnings"]


def test_a_feed_dosed_on_a_phase_its_stream_lacks_is_zero_and_says_so() -> None:
    fs = dosed(4.0, "organic")
    found = warnings(fs)
    assert fs.streams["acid"].mass_flow == 0.0
    assert found == ["feed 'acid' is dosed 4 kg per kg of the organic phase of stream 'ore', which carries none: "
                     "its rate is 0; check feeds.acid.rate.per and phase"]


@pytest.mark.parametrize(("ratio", "phase"), [(4.0, "solid"), (4.0, None), (0.0, "organic")])
def test_a_feed_dosed_on_flow_or_at_ratio_zero_gives_no_warning(ratio: float, phase: str | None) -> None:
    fs = dosed(ratio, phase)
    assert warnings(fs) == []
    assert fs.streams["acid"].mass_flow == pytest.approx(ratio * 1.0, rel=1e-15)


def test_a_wash_too_small_for_its_efficiency_warns_and_fills_with_mother_liquor() -> None:
    """Cake: 1 kg/s solids at 50 % moisture holds 1 kg/s liquor; η = 0.8 wants 0.8 kg/s of wash
    but only 0.3 kg/s comes: the cake liquor is 0.3 wash + 0.7 mother liquor."""
    unit = SolidLiquidSeparator("wash", {"cake_moisture": 0.5, "wash_efficiency": 0.8}, DB)
    slurry = Stream.from_mass_flows("slurry", DB, {"CaF2": 1.0, "H2O": 2.0, "NaCl(aq)": 0.1})
    wash = Stream.from_mass_flows("wash", DB, {"H2O": 0.3})
    out = unit.run([slurry, wash])
    assert element_balance([slurry, wash], out.values()).closure <= 1e-12
    assert out["cake"].phase_mass_flows()["aqueous"] == pytest.approx(1.0, rel=1e-12)
    assert out["cake"].species_mass_flow("NaCl(aq)") == pytest.approx(0.1 * 0.7 / 2.1, rel=1e-12)
    assert len(unit.warnings) == 1 and "too little wash liquor for wash efficiency 0.8" in unit.warnings[0]
    assert "0.3 wash liquor" in unit.warnings[0]


def test_a_wash_large_enough_gives_no_warning() -> None:
    unit = SolidLiquidSeparator("wash", {"cake_moisture": 0.5, "wash_efficiency": 0.8}, DB)
    unit.run([Stream.from_mass_flows("s", DB, {"CaF2": 1.0, "H2O": 2.0}), Stream.from_mass_flows("w", DB, {"H2O": 1.0})])
    assert unit.warnings == []

"""Streams: mixing, splitting and copying conserve every element; derived properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reeflow.errors import InputError, UnitsError
from reeflow.species import default_database
from reeflow.streams import Stream, element_balance, mix, product_assay, split

pytestmark = pytest.mark.unit

DB = default_database()
flows = arrays(np.float64, len(DB), elements=st.floats(0.0, 1e3, allow_subnormal=False))


@given(st.lists(flows, min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_mixing_conserves_every_element(parts: list[np.ndarray]) -> None:
    streams = [Stream(f"s{i}", DB, f) for i, f in enumerate(parts)]
    balance = element_balance(streams, [mix("m", streams)])
    assert balance.closure <= 1e-14


@given(flows, st.lists(st.floats(0.0, 1.0), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_splitting_conserves_every_element(f: np.ndarray, weights: list[float]) -> None:
    total = sum(weights)
    fractions = {f"o{i}": (w / total if total > 0 else 1.0 / len(weights)) for i, w in enumerate(weights)}
    fractions[f"o{len(weights) - 1}"] = 1.0 - sum(list(fractions.values())[:-1])
    stream = Stream("s", DB, f)
    outlets = split(stream, fractions)
    assert element_balance([stream], outlets.values()).closure <= 1e-12
    assert all(np.all(o.molar_flows >= 0) for o in outlets.values())


@given(flows)
@settings(max_examples=30, deadline=None)
def test_copy_is_independent_and_equal(f: np.ndarray) -> None:
    s = Stream("s", DB, f)
    c = s.copy("c")
    assert element_balance([s], [c]).closure == 0.0
    c.molar_flows[:] = 0.0
    assert np.array_equal(s.molar_flows, f)


def test_element_mass_flows_add_up_to_stream_mass() -> None:
    s = Stream.from_mass_flows("s", DB, {"LaCO3F": 2.0, "CaF2": 1.0, "H2O": 5.0})
    assert s.element_mass_flows.sum() == pytest.approx(8.0, rel=1e-14)
    assert s.mass_flow == pytest.approx(8.0, rel=1e-14)


def test_concentrations_at_the_edges() -> None:
    s = Stream.from_mass_flows("s", DB, {"LaCl3(aq)": 0.1, "H2O": 1.0})
    la = 0.1 * DB["LaCl3(aq)"].composition["La"] * 138.905 / DB["LaCl3(aq)"].molar_mass  # kg/s of La
    assert s.get_element_flow("kg/h", "La") == pytest.approx(la * 3600, rel=1e-4)
    assert s.get_flow("t/h", "LaCl3(aq)") == pytest.approx(0.36, rel=1e-12)
    assert s.get_flow("mol/s", "H2O") == pytest.approx(1000 / 18.015, rel=1e-4)
    assert s.concentration("g/L", element="La") == pytest.approx(la / (1.0 / 997.05), rel=1e-4)
    assert s.concentration("mol/L", element="La") == pytest.approx(la / 138.905 / (1.0 / 997.05), rel=1e-4)
    assert s.concentration("wt%", species="LaCl3(aq)") == pytest.approx(100 * 0.1 / 1.1)
    with pytest.raises(UnitsError):
        s.get_flow("m", "H2O")


def test_split_rejects_fractions_that_do_not_add_up() -> None:
    with pytest.raises(InputError, match="add up to 1"):
        split(Stream("s", DB, np.ones(len(DB))), {"a": 0.5, "b": 0.6})


def test_product_assay_of_a_pure_oxide() -> None:
    s = Stream.from_mass_flows("p", DB, {"La2O3": 0.5, "CeO2": 0.5})
    assay = product_assay(s)
    assert assay["REO_wt_pct"] == pytest.approx(100.0)
    assert assay["relative_purity"] == pytest.approx({"La2O3": 0.5, "CeO2": 0.5})
    assert assay["impurities_ppm"] == {}

"""Cascade files: units, defaults, one-line errors naming field, value and expected form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import ScenarioError
from reeflow.species import atomic_weight
from reeflow.unitops.sx import load_cascade
from reeflow.uom import to_si

pytestmark = pytest.mark.unit

Builder = Callable[..., dict[str, Any]]  # the la_ce fixture of tests/plugins/sx_cascades.py


def test_si_conversion_and_defaults(la_ce: Builder) -> None:
    cascade = load_cascade(la_ce(organic__flow="0.18 m3/h"))
    assert cascade.organic_flow == pytest.approx(0.18 / 3600)
    assert cascade.feed_flow == pytest.approx(to_si("1 L/min", "m**3/s"))
    np.testing.assert_allclose(cascade.feed_concentration, [500.0, 500.0])
    assert cascade.feed_stage == 12
    assert cascade.n_stages == 22
    assert cascade.outlets == ("raffinate", "loaded_organic")


def test_grams_per_litre_use_the_atomic_weight(la_ce: Builder) -> None:
    weight = atomic_weight("La")  # g/mol
    cascade = load_cascade(la_ce(feed__concentration={"La": f"{weight!r} g/L", "Ce": 0.25}))
    np.testing.assert_allclose(cascade.feed_concentration, [1000.0, 250.0], rtol=1e-12)
    assert 138.9 < weight < 138.92


def test_file_form_round_trips_in_the_files_units(la_ce: Builder) -> None:
    data = la_ce(feed__concentration={"La": "20 g/L", "Ce": "0.3 mol/L"}, organic__flow="0.2 m3/h")
    cascade = load_cascade(data)
    written = cascade.to_file_dict()
    assert written["organic"]["flow"].endswith("m3/h")
    assert written["feed"]["concentration"]["La"].endswith("g/L")
    again = load_cascade(written)
    np.testing.assert_allclose(again.feed_concentration, cascade.feed_concentration, rtol=1e-10)
    assert again.organic_flow == pytest.approx(cascade.organic_flow, rel=1e-10)
    changed = cascade.replace(organic_flow=2 * cascade.organic_flow, extraction=15, feed_stage=15)
    assert load_cascade(changed.to_file_dict()).extraction == 15


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("feed.concentration.La", "0.5 kg", "feed.concentration.La = '0.5 kg'"),
        ("feed.concentration.Xx", "0.5 mol/L", "feed.concentration.Xx"),
        ("feed.flow", "1 mol/L", "feed.flow = '1 mol/L'"),
        ("feed.flow", 3, "feed.flow = 3"),
        ("organic.flow", "-1 L/min", "organic.flow"),
        ("feed.stage", 30, "feed.stage = 30"),
        ("sections.extraction", 0, "sections.extraction"),
        ("equilibrium.D", {"La": 0.4}, "equilibrium.D"),
        ("equilibrium.model", "magic", "equilibrium"),
        ("scrub.flow", "0 L/min", "scrub.flow"),
        ("organic.recycle", True, "organic.recycle"),
    ],
)
def test_bad_input_names_field_and_value(la_ce: Builder, path: str, value: Any, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_cascade(la_ce(**{path.replace(".", "__"): value}))
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert "expected" in message


def test_unknown_key_is_rejected(la_ce: Builder) -> None:
    data = la_ce(feed__colour="blue")
    with pytest.raises(ScenarioError, match="feed.colour"):
        load_cascade(data)


@settings(max_examples=40, deadline=None)
@given(
    value=st.floats(min_value=1e-6, max_value=1e3, allow_nan=False),
    unit=st.sampled_from(["mol/L", "mmol/L", "mol/m**3", "g/L", "mg/L"]),
)
def test_concentration_parsing_round_trips(la_ce: Builder, value: float, unit: str) -> None:
    cascade = load_cascade(la_ce(feed__concentration={"La": f"{value!r} {unit}", "Ce": "0.1 mol/L"}))
    again = load_cascade(cascade.to_file_dict())
    assert again.feed_concentration[0] == pytest.approx(cascade.feed_concentration[0], rel=1e-9)
    assert cascade.feed_concentration[0] > 0

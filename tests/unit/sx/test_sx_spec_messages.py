"""Cascade-file errors: each names the field, the value
and the expected form in words a user can act on; scientific unit notation is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reeflow.errors import ScenarioError
from reeflow.unitops.sx import load_cascade

pytestmark = pytest.mark.unit

Builder = Callable[..., dict[str, Any]]  # the la_ce fixture of tests/plugins/sx_cascades.py


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_cascade(data)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_repeated_components_are_named_as_such_before_any_map_is_read(la_ce: Builder) -> None:
    data = la_ce(components=["La", "La"])
    message = _error(data)
    assert message.startswith("cascade: components = ['La', 'La']: expected distinct component symbols")
    assert "['La'] repeated" in message


@pytest.mark.parametrize(
    ("block", "allowed"),
    [
        ("organic", "flow, concentration, recycle"),
        ("feed", "flow, concentration, acidity, stage"),
        ("equilibrium", "model, D"),
        (None, "name, components, sections, feed, organic, scrub, strip, equilibrium"),
    ],
)
def test_an_unknown_key_is_named_with_the_keys_allowed_there(la_ce: Builder, block: str | None, allowed: str) -> None:
    data = la_ce()
    (data if block is None else data[block])["colour"] = "blue"
    path = "colour" if block is None else f"{block}.colour"
    assert _error(data) == f"cascade: {path} = 'blue': expected no such key; allowed here: {allowed}"


def test_a_missing_field_is_named_as_missing(la_ce: Builder) -> None:
    data = la_ce(feed__flow=None)
    assert _error(data).startswith("cascade: feed.flow is missing: expected it (a required field")


def test_pydantic_wording_is_turned_into_an_expected_form(la_ce: Builder) -> None:
    data = la_ce(sections__extraction=0)
    assert _error(data) == "cascade: sections.extraction = 0: expected greater than or equal to 1"


@pytest.mark.parametrize(
    ("flow", "concentration"),
    [("60 L h-1", "0.5 mol L-1"), ("1 L min^-1", "500 mmol dm-3"), ("0.06 m3 h-1", "0.5 mol/dm3")],
)
def test_negative_unit_powers_are_read(la_ce: Builder, flow: str, concentration: str) -> None:
    data = la_ce(feed={"flow": flow, "concentration": {"La": concentration, "Ce": "0.5 mol/L"}})
    cascade = load_cascade(data)
    assert cascade.feed_flow == pytest.approx(1e-3 / 60.0, rel=1e-12)  # m³/s
    assert cascade.feed_concentration[0] == pytest.approx(500.0, rel=1e-12)  # mol/m³
    written = cascade.to_file_dict()["feed"]
    assert written["flow"].endswith(flow.split(" ", 1)[1])
    assert load_cascade(cascade.to_file_dict()).feed_flow == pytest.approx(cascade.feed_flow, rel=1e-11)


def test_a_preloaded_organic_cannot_be_recycled(la_ce: Builder) -> None:
    """Regression: with ``recycle: true`` no fresh organic enters and its loading was silently
    ignored."""
    data = la_ce(
        sections__stripping=2,
        strip={"flow": "0.5 L/min"},
        organic={"flow": "3 L/min", "recycle": True, "concentration": {"Ce": "5 g/L"}},
    )
    assert _error(data) == (
        "cascade: organic.concentration = {'Ce': '5 g/L'}: expected no concentration with organic.recycle: "
        "true (no fresh organic enters; the recycled organic's loading is solved for)"
    )


def test_a_mass_action_scrub_without_acid_or_metal_is_refused(la_ce: Builder) -> None:
    """Regression: such a scrub strips nothing (stripping takes H+), its stages hold exactly zero
    and the solver ended with exit 3 after 400 iterations; now the file is refused, naming it."""
    data = la_ce(equilibrium={"model": "mass_action", "system": "p507_hcl", "extractant": "1.5 mol/L"})
    message = _error(data)
    assert message.startswith("cascade: scrub.acidity = 0: expected an H+ concentration above zero")
    acid = {"flow": "0.4 L/min", "acidity": "1e-6 mol/L"}
    metal = {"flow": "0.4 L/min", "concentration": {"Ce": "0.01 mol/L"}}
    for scrub in (acid, metal):
        data["scrub"] = scrub
        load_cascade(data)

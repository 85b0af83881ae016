"""Parsing of design targets ``purity|recovery:OUTLET:COMPONENT=VALUE``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.unitops.sx.targets import Target, parse_target

pytestmark = pytest.mark.unit

kinds = st.sampled_from(["purity", "recovery", "Purity", "RECOVERY"])
outlets = st.from_regex(r"[a-z_][a-z0-9_]{0,15}", fullmatch=True)
components = st.from_regex(r"[A-Z][a-z]?[0-9]?", fullmatch=True)
values = st.floats(min_value=1e-9, max_value=1.0 - 1e-9, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(kind=kinds, outlet=outlets, component=components, value=values)
def test_round_trip_of_well_formed_targets(kind: str, outlet: str, component: str, value: float) -> None:
    text = f"{kind}:{outlet}:{component}={value!r}"
    target = parse_target(text)
    assert target == Target(kind.lower(), outlet, component, value, text)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(kind=kinds, outlet=outlets, component=components, value=st.one_of(
    st.floats(max_value=0.0, allow_nan=False), st.floats(min_value=1.0, allow_nan=False), st.just(float("nan"))
))
def test_values_outside_the_open_unit_interval_are_refused(kind: str, outlet: str, component: str, value: float) -> None:
    text = f"{kind}:{outlet}:{component}={value!r}"
    with pytest.raises(InputError) as info:
        parse_target(text)
    message = str(info.value)
    assert repr(text) in message
    assert "purity|recovery:OUTLET:COMPONENT=VALUE" in message


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=40))
def test_any_string_parses_or_raises_input_error_naming_it(text: str) -> None:
    try:
        target = parse_target(text)
    except InputError as exc:
        assert repr(text) in str(exc)
        assert "purity|recovery:OUTLET:COMPONENT=VALUE" in str(exc)
    else:
        assert target.kind in ("purity", "recovery")
        assert 0.0 < target.value < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "purity",
        "purity:raffinate:La",
        "purity:raffinate=0.9",
        "purity:raffinate:La=",
        "purity:raffinate:La=abc",
        "grade:raffinate:La=0.99",
        "purity::La=0.99",
        "purity:raffinate:La=0.99=0.98",
        "purity:raffinate:La:Ce=0.99",
        "purity:raffinate:La=1",
        "recovery:raffinate:La=0",
        "purity:raffinate:La=99%",
    ],
)
def test_malformed_targets_raise_input_error(text: str) -> None:
    with pytest.raises(InputError, match="purity\\|recovery:OUTLET:COMPONENT=VALUE"):
        parse_target(text)


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_target("  purity:raffinate:La=0.9999 ").value == 0.9999

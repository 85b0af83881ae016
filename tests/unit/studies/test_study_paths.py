"""Dotted paths: get and set on nested mappings and lists; errors that name the path."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reeflow.errors import InputError
from reeflow.studies.paths import get_path, parse_path, set_path

pytestmark = pytest.mark.unit


def _data() -> dict:
    return {
        "feeds": {"acid": {"rate": {"ratio": 1.0}}},
        "units": {"bake": {"parameters": {"reactions": [{"conversion": 0.96}, {"conversion": 0.9}]},
                           "inlets": ["a", "b"]},
                  "flotation": {"parameters": {"recoveries": {"concentrate": {"*CO3F": 0.85, "key.dot": 2}}}}},
    }


def test_get_nested_mapping_and_list() -> None:
    data = _data()
    assert get_path(data, "feeds.acid.rate.ratio") == 1.0
    assert get_path(data, "units.bake.parameters.reactions.1.conversion") == 0.9
    assert get_path(data, "units.bake.inlets.0") == "a"
    assert get_path(data, 'units.flotation.parameters.recoveries.concentrate."*CO3F"') == 0.85
    assert get_path(data, 'units.flotation.parameters.recoveries.concentrate."key.dot"') == 2


def test_set_replaces_only_that_value() -> None:
    data = _data()
    set_path(data, "units.bake.parameters.reactions.0.conversion", 0.5)
    set_path(data, "feeds.acid.rate.ratio", "1.1 kg/kg")
    assert data["units"]["bake"]["parameters"]["reactions"] == [{"conversion": 0.5}, {"conversion": 0.9}]
    assert data["feeds"]["acid"]["rate"] == {"ratio": "1.1 kg/kg"}


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("feeds.acd.rate.ratio", "no 'acd' under feeds; keys there: acid"),
        ("units.bake.parameters.reactions.2.conversion", "list index from 0 to 1"),
        ("units.bake.parameters.reactions.x", "list index"),
        ("feeds.acid.rate.ratio.more", "goes deeper"),
        ("feeds..acid", "empty segment"),
        ("", "empty segment"),
    ],
)
def test_missing_paths_name_the_path(path: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment) as info:
        get_path(_data(), path)
    assert repr(path) in str(info.value)


def test_set_refuses_a_new_key() -> None:
    with pytest.raises(InputError, match="no 'rate2'"):
        set_path(_data(), "feeds.acid.rate2", 1.0)


def test_parse_path_quotes() -> None:
    assert parse_path('a."b.c".d') == ("a", "b.c", "d")
    with pytest.raises(InputError, match="expected '.'"):
        parse_path('a."b"c')


keys = st.text(alphabet="abcxyz_*()0123", min_size=1, max_size=6).filter(lambda k: not k.isdigit())


@settings(max_examples=60, deadline=None)
@given(st.lists(keys, min_size=1, max_size=5), st.floats(allow_nan=False))
def test_set_then_get_round_trip(segments: list[str], value: float) -> None:
    data: dict = {}
    node = data
    for key in segments[:-1]:
        node = node.setdefault(key, {})
    node[segments[-1]] = 0.0
    path = ".".join(segments)
    set_path(data, path, value)
    assert get_path(data, path) == value

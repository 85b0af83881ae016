"""The public names of reeflow.hydrogen."""

from __future__ import annotations

import pytest

import reeflow.hydrogen as hydrogen

pytestmark = pytest.mark.unit


def test_public_names_exist_and_are_sorted() -> None:
    assert list(hydrogen.__all__) == sorted(hydrogen.__all__)
    for name in hydrogen.__all__:
        assert hasattr(hydrogen, name), name
    assert {"parse_alloy", "molar_mass", "resolve_alloy", "wt_pct", "electrochemical_capacity"} <= set(hydrogen.__all__)

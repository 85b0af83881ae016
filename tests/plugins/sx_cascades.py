"""Pytest plugin: the small cascade file that the solvent-extraction tests of every level share.

The case is the La/Ce split of issue 4's cascade-file example: constant distribution ratios
D(La) = 0.4 and D(Ce) = 2.2, 12 extraction + 10 scrubbing stages, feed 1 L/min of 0.5 mol/L La
and 0.5 mol/L Ce, organic 3 L/min, metal-free scrub 0.4 L/min (illustrative numbers, not a plant).

Fixtures (session scope: each is a constant or a pure builder, so hypothesis tests may use them)
--------
la_ce_text
    The case as cascade-file text, in the YAML flow style a user writes.
la_ce_file (function scope)
    The text written to ``la_ce.yaml`` in the test's temporary folder; its path.
la_ce
    Builder ``la_ce(**changes) -> dict``: a fresh mapping of the case. ``key=value`` sets a
    top-level key, ``block__key=value`` a nested one (``feed__concentration__La="20 g/L"``), and
    the value ``None`` removes the key (``scrub=None``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

LA_CE_TEXT = """\
name: La/Ce split, constant D
components: [La, Ce]
sections: {extraction: 12, scrubbing: 10}
feed: {flow: 1 L/min, concentration: {La: 0.5 mol/L, Ce: 0.5 mol/L}}
organic: {flow: 3 L/min}
scrub: {flow: 0.4 L/min}
equilibrium: {model: constant_distribution, D: {La: 0.4, Ce: 2.2}}
"""


def la_ce_mapping(**changes: Any) -> dict[str, Any]:
    """The La/Ce case as a new mapping with ``changes`` applied (see the module docstring)."""
    data: dict[str, Any] = yaml.safe_load(LA_CE_TEXT)
    for path, value in changes.items():
        *blocks, key = path.split("__")
        node = data
        for block in blocks:
            node = node.setdefault(block, {})
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value
    return data


@pytest.fixture(scope="session")
def la_ce_text() -> str:
    """The La/Ce case as cascade-file text."""
    return LA_CE_TEXT


@pytest.fixture
def la_ce_file(tmp_path: Path) -> Path:
    """The La/Ce case as the cascade file ``la_ce.yaml`` in the test's temporary folder."""
    path = tmp_path / "la_ce.yaml"
    path.write_text(LA_CE_TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def la_ce() -> Callable[..., dict[str, Any]]:
    """Builder of the La/Ce case as a mapping, with changes."""
    return la_ce_mapping

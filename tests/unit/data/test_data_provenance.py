"""Provenance of the shipped data: every number says where it comes from.

Walks ``elements.yaml``, ``species.yaml`` and every ``ores/*.yaml`` and checks that each mapping
holding a number (``value``, ``atomic_weight``) carries ``source`` (a key of the file's ``sources``),
``derived`` (how it was computed) or ``assumed`` (why), and that every file has the headers
``description``, ``units`` and ``sources``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from reeflow.data import load_yaml
from reeflow.species import ore_names

pytestmark = pytest.mark.unit

PROVENANCE = ("source", "derived", "assumed")
NUMERIC_KEYS = ("value", "atomic_weight")
FILES = ["elements.yaml", "species.yaml"] + [f"ores/{name}.yaml" for name in ore_names()]


def _numeric_entries(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping under ``node`` that holds a number under one of NUMERIC_KEYS."""
    if isinstance(node, dict):
        if any(isinstance(node.get(k), (int, float)) and not isinstance(node.get(k), bool) for k in NUMERIC_KEYS):
            yield path, node
        for key, child in node.items():
            if key != "sources":
                yield from _numeric_entries(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _numeric_entries(child, f"{path}[{i}]")


@pytest.mark.parametrize("name", FILES)
def test_headers(name: str) -> None:
    doc = load_yaml(name)
    for header in ("description", "units", "sources"):
        assert header in doc, f"{name}: missing top-level {header!r}"
    assert str(doc["description"]).strip(), f"{name}: empty description"
    for key, citation in doc["sources"].items():
        assert isinstance(citation, str) and len(citation) > 30, f"{name}: source {key!r} is not a full citation"
        assert any(tag in citation for tag in ("doi:", "http", "ISBN")), f"{name}: source {key!r} has no DOI, URL or ISBN"


@pytest.mark.parametrize("name", FILES)
def test_every_number_has_provenance(name: str) -> None:
    doc = load_yaml(name)
    entries = list(_numeric_entries(doc, name))
    assert entries, f"{name}: no numeric entries found"
    missing = [path for path, entry in entries if not any(entry.get(k) for k in PROVENANCE)]
    assert not missing, f"numbers without source/derived/assumed: {missing[:10]}"


@pytest.mark.parametrize("name", FILES)
def test_source_keys_resolve(name: str) -> None:
    doc = load_yaml(name)
    known = set(doc["sources"])
    unknown = [
        f"{path}: {entry['source']!r}"
        for path, entry in _numeric_entries(doc, name)
        if "source" in entry and entry["source"] not in known
    ]
    assert not unknown, f"source keys not in {name}'s sources: {unknown}"


@pytest.mark.parametrize("name", FILES)
def test_provenance_texts_are_explanations(name: str) -> None:
    for path, entry in _numeric_entries(load_yaml(name), name):
        for key in ("derived", "assumed"):
            if key in entry:
                assert isinstance(entry[key], str) and len(entry[key]) >= 10, f"{path}: {key} needs a reason"


def test_the_walker_finds_entries_without_provenance() -> None:
    doc = {"sources": {}, "a": {"value": 1.0}, "b": [{"value": 2, "source": "x"}], "c": {"value": True}}
    found = {path for path, _ in _numeric_entries(doc, "doc")}
    assert found == {"doc.a", "doc.b[0]"}

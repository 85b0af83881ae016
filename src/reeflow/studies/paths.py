"""Dotted paths into nested mappings: where a study reads and writes values.

A path names one value of the scenario mapping (the parsed YAML) or of the results mapping
(results.json), e.g. ``feeds.sulfuric_acid.rate.ratio`` or ``units.leach.inlets.0``. Segments are
separated by dots; a segment that is an integer indexes a list; a key that itself contains a dot
is written in double quotes (``units.acid_bake.parameters."key.with.dot"``). Errors name the path,
the segment that is missing and the keys that exist there, so a typo can be fixed at once.

>>> data = {"feeds": {"acid": {"rate": {"ratio": 1.0}}}, "units": {"leach": {"inlets": ["a", "b"]}}}
>>> get_path(data, "feeds.acid.rate.ratio")
1.0
>>> get_path(data, "units.leach.inlets.1")
'b'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from reeflow.errors import InputError

__all__ = ["get_path", "parse_path", "set_path"]

_SEGMENT = re.compile(r'"([^"]*)"|([^.]+)')


def parse_path(path: str) -> tuple[str, ...]:
    """The segments of ``path`` (quotes removed); InputError for an empty path or segment."""
    segments: list[str] = []
    position = 0
    while position <= len(path):
        match = _SEGMENT.match(path, position)
        if match is None:
            raise InputError(f"path {path!r}: empty segment at character {position}; expected a.b.c")
        segments.append(match.group(1) if match.group(1) is not None else match.group(2))
        position = match.end()
        if position == len(path):
            break
        if path[position] != ".":
            raise InputError(f"path {path!r}: expected '.' after segment {segments[-1]!r} at character {position}")
        position += 1
    if not segments or any(s == "" for s in segments):
        raise InputError(f"path {path!r}: empty segment; expected dot-separated keys such as feeds.acid.rate.ratio")
    return tuple(segments)


def get_path(data: Any, path: str, *, what: str = "scenario") -> Any:
    """The value at ``path`` in ``data`` (a nested mapping of mappings and lists).

    ``what`` names the mapping in errors ("scenario", "results").
    """
    node = data
    segments = parse_path(path)
    for depth, segment in enumerate(segments):
        node = _child(node, segment, path, segments[:depth], what)
    return node


def set_path(data: Any, path: str, value: Any, *, what: str = "scenario") -> None:
    """Replace the value at ``path`` in ``data`` by ``value`` (in place; the path must exist)."""
    segments = parse_path(path)
    parent = data
    for depth, segment in enumerate(segments[:-1]):
        parent = _child(parent, segment, path, segments[:depth], what)
    _child(parent, segments[-1], path, segments[:-1], what)  # checks that the last segment exists
    if isinstance(parent, list):
        parent[int(segments[-1])] = value
    else:
        parent[segments[-1]] = value


def _child(node: Any, segment: str, path: str, above: tuple[str, ...], what: str) -> Any:
    where = ".".join(above) or "the top level"
    if isinstance(node, Mapping):
        if segment in node:
            return node[segment]
        keys = ", ".join(str(k) for k in node) or "none"
        raise InputError(f"path {path!r}: the {what} has no {segment!r} under {where}; keys there: {keys}")
    if isinstance(node, list):
        if re.fullmatch(r"\d+", segment) and int(segment) < len(node):
            return node[int(segment)]
        raise InputError(
            f"path {path!r}: {segment!r} under {where} must be a list index from 0 to {len(node) - 1}"
        )
    raise InputError(
        f"path {path!r}: {where} holds the value {node!r}, which has no {segment!r}; "
        f"the path goes deeper than the {what}"
    )

"""Cited data files (YAML). Read them through :func:`load_yaml`, never at import time."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from reeflow.errors import DataError

__all__ = ["load_yaml"]

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # libyaml missing: the pure-Python loader gives the same result
    _Loader = yaml.SafeLoader


@cache
def load_yaml(name: str) -> Any:
    """Parsed content of the shipped data file ``name`` (a path relative to ``reeflow/data``)."""
    path = resources.files("reeflow.data").joinpath(name)
    if not path.is_file():
        raise DataError(f"data file {name!r} is not shipped with reeflow")
    with path.open("r", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)

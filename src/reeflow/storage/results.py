"""Reading the ``results.json`` contract for the run store.

A results dict (the contract of ``reeflow run``) has the top keys ``scenario``, ``converged``,
``balance`` (``closure`` and per-element ``in_kg_per_h``, ``out_kg_per_h``, ``closure``),
``streams`` (per stream ``mass_kg_per_h`` and its breakdowns), ``products`` (per product
``mass_kg_per_h``, ``REO_wt_pct``, ``relative_purity``, ``impurities_ppm``) and ``warnings``.

This module does three things with it:

* :func:`json_safe` makes a copy that every back-end stores identically: numpy scalars and arrays
  become plain numbers and lists; NaN and ±infinity, which JSON cannot represent (PostgreSQL
  rejects them), become ``null``;
* :func:`run_outcome` reads the converged flag and the overall closure;
* :func:`compared_quantities` flattens the numbers that ``reeflow runs diff`` compares, each with
  its unit of measure.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from reeflow.errors import InputError

__all__ = ["compared_quantities", "json_safe", "run_outcome"]

#: Product entries compared by ``runs diff``: key in the results → unit of measure shown.
PRODUCT_QUANTITIES = {"mass_kg_per_h": "kg/h", "REO_wt_pct": "wt%"}
#: Product breakdowns compared entry by entry: key → unit of measure shown.
PRODUCT_BREAKDOWNS = {"relative_purity": "fraction of TREO", "impurities_ppm": "ppm"}


def json_safe(value: Any, path: str = "results") -> Any:
    """Return a copy of ``value`` made only of JSON types, with non-finite floats as None.

    Parameters
    ----------
    value : Any
        A results dict or any part of it.
    path : str
        Where ``value`` sits in the results, for error messages (e.g. ``results.streams.S1``).

    Raises
    ------
    InputError
        When a dict key is not a string or a value is not a number, string, bool, None, list or
        dict (or a numpy scalar or array).
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, Mapping):
        safe: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(
                    f"{path} has the key {key!r} of type {type(key).__name__}; "
                    "results keys must be strings"
                )
            safe[key] = json_safe(item, f"{path}.{key}")
        return safe
    if isinstance(value, (list, tuple)):
        return [json_safe(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if hasattr(value, "tolist"):
        return json_safe(value.tolist(), path)
    raise InputError(
        f"{path} is a {type(value).__name__} ({value!r}); results may hold numbers, strings, "
        "booleans, null, lists and dicts only"
    )


def run_outcome(results: Mapping[str, Any]) -> tuple[bool, float | None]:
    """Return the converged flag and the overall balance closure of a results dict.

    Returns
    -------
    tuple of (bool, float or None)
        ``results["converged"]`` and ``results["balance"]["closure"]`` (dimensionless, max
        relative element-balance error; None when it is null, e.g. a NaN made JSON-safe).

    Raises
    ------
    InputError
        When ``converged`` is not a boolean or ``balance.closure`` is missing or not a number.
    """
    converged = results.get("converged")
    if not isinstance(converged, bool):
        raise InputError(
            f"results.converged is {converged!r}, expected true or false (results.json contract)"
        )
    balance = results.get("balance")
    if not isinstance(balance, Mapping) or "closure" not in balance:
        raise InputError(
            "results.balance.closure is missing; the results.json contract requires "
            "balance: {closure: number, elements: {...}}"
        )
    closure = balance["closure"]
    if closure is not None and (isinstance(closure, bool) or not isinstance(closure, (int, float))):
        raise InputError(f"results.balance.closure is {closure!r}, expected a number")
    return converged, None if closure is None else float(closure)


def compared_quantities(results: Mapping[str, Any]) -> dict[str, tuple[float | None, str]]:
    """Flatten the quantities that ``runs diff`` compares.

    Parameters
    ----------
    results : Mapping
        A results dict (``results.json`` contract).

    Returns
    -------
    dict
        ``{path: (value, unit)}`` with paths such as ``products.MREO.mass_kg_per_h`` (kg/h),
        ``products.MREO.REO_wt_pct`` (wt%), ``products.MREO.relative_purity.CeO2`` (fraction of
        TREO), ``products.MREO.impurities_ppm.Th`` (ppm), ``balance.closure`` and
        ``balance.elements.La.closure`` (relative), ``streams.S1.mass_kg_per_h`` (kg/h). A value
        that is not a number is given as None.
    """
    return dict(_products(results)) | dict(_balance(results)) | dict(_streams(results))


def _products(results: Mapping[str, Any]) -> Iterator[tuple[str, tuple[float | None, str]]]:
    for product_id, product in _mappings(results.get("products")):
        for key, unit in PRODUCT_QUANTITIES.items():
            if key in product:
                yield f"products.{product_id}.{key}", (_number(product[key]), unit)
        for key, unit in PRODUCT_BREAKDOWNS.items():
            for name, value in _entries(product.get(key)):
                yield f"products.{product_id}.{key}.{name}", (_number(value), unit)


def _balance(results: Mapping[str, Any]) -> Iterator[tuple[str, tuple[float | None, str]]]:
    balance = results.get("balance")
    if not isinstance(balance, Mapping):
        return
    if "closure" in balance:
        yield "balance.closure", (_number(balance["closure"]), "relative")
    for element, entry in _mappings(balance.get("elements")):
        if "closure" in entry:
            yield f"balance.elements.{element}.closure", (_number(entry["closure"]), "relative")


def _streams(results: Mapping[str, Any]) -> Iterator[tuple[str, tuple[float | None, str]]]:
    for stream_id, stream in _mappings(results.get("streams")):
        if "mass_kg_per_h" in stream:
            yield f"streams.{stream_id}.mass_kg_per_h", (_number(stream["mass_kg_per_h"]), "kg/h")


def _entries(mapping: Any) -> Iterator[tuple[str, Any]]:
    """Yield the items of a mapping (none when it is absent or not a mapping)."""
    if isinstance(mapping, Mapping):
        yield from mapping.items()


def _mappings(mapping: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield the entries of a mapping whose values are themselves mappings."""
    for key, value in _entries(mapping):
        if isinstance(value, Mapping):
            yield key, value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)

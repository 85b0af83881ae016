"""Plant measurements for data reconciliation: reading and validating a measurement file.

A measurement file lists one measured quantity per row, as CSV with the header
``stream,quantity,value,sd[,basis]`` (lines starting with ``#`` are comments) or as a YAML list of
mappings with the same keys. ``value`` and ``sd`` (one standard deviation of the measurement error)
are quantity strings parsed with reeflow's unit registry and must share a dimension.

Quantities
----------
``mass_flow``
    total mass flow of the stream (any mass-flow unit: ``50 t/h``, ``13.9 kg/s``).
``<El>_flow`` (e.g. ``Ce_flow``)
    mass flow of element ``El`` in the stream, whatever species carry it (``1.01 t/h``).
``<El>`` (e.g. ``Ce``)
    concentration of element ``El``. A dimensionless value is an assay, the element's mass per
    mass of stream (``wt%``, ``%``, ``ppm``, ``g/t``, ``mg/kg`` or a plain fraction); with
    ``basis: solids`` it is a dry assay, per mass of the stream's solid phase. A mass per volume
    (``g/L``) is a liquor concentration, per volume of the stream's aqueous phase.

``basis`` is ``stream`` (default) or ``solids``; ``solids`` applies only to assays.

Every row is checked: known stream and element, parseable units of the right dimension, finite
values, ``value >= 0`` (and ``<= 1`` for an assay), ``sd > 0``, no two rows measuring the same
quantity. A bad row raises :class:`~reeflow.errors.InputError` naming the file, the row, the field,
the value and the fix. Values are stored in SI: kg/s, kg/kg or kg/m³.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from reeflow.errors import DataError, InputError
from reeflow.species import element
from reeflow.uom import parse_quantity

__all__ = ["Basis", "Measurement", "MeasurementKind", "read_measurements"]

MeasurementKind = Literal["mass_flow", "element_flow", "assay", "liquor_concentration"]
Basis = Literal["stream", "solids"]

#: SI unit in which each kind of measurement is stored.
SI_UNITS: dict[MeasurementKind, str] = {
    "mass_flow": "kg/s",
    "element_flow": "kg/s",
    "assay": "kg/kg",
    "liquor_concentration": "kg/m**3",
}

REQUIRED_COLUMNS = ("stream", "quantity", "value", "sd")
OPTIONAL_COLUMNS = ("basis",)
_ELEMENT_FLOW = re.compile(r"^([A-Z][a-z]?)_flow$")
_ELEMENT = re.compile(r"^[A-Z][a-z]?$")
_LEADING_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


@dataclass(frozen=True)
class Measurement:
    """One validated measurement.

    ``value`` and ``sd`` are in the SI unit of the kind (:data:`SI_UNITS`: kg/s for flows, kg/kg
    for assays, kg/m³ for liquor concentrations); ``unit`` is the unit the user wrote the value in
    (used to print results back in it); ``where`` locates the row in its file.
    """

    stream: str
    quantity: str
    kind: MeasurementKind
    element: str | None
    basis: Basis
    value: float
    sd: float
    unit: str
    where: str

    @property
    def si_unit(self) -> str:
        """SI unit of ``value`` and ``sd``."""
        return SI_UNITS[self.kind]

    @property
    def label(self) -> str:
        """Short name for tables: ``"concentrate Ce (solids)"``."""
        basis = " (solids)" if self.basis == "solids" else ""
        return f"{self.stream} {self.quantity}{basis}"


def read_measurements(path: Path, streams: Collection[str], elements: Collection[str]) -> list[Measurement]:
    """Read and validate the measurement file ``path`` (``.csv``, ``.yaml`` or ``.yml``).

    Parameters
    ----------
    path
        Measurement file.
    streams
        Stream ids of the flowsheet the measurements belong to.
    elements
        Element symbols the flowsheet carries (the reconciliation's variables).

    Returns
    -------
    list of Measurement
        In file order, values in SI.
    """
    rows = _read_rows(path)
    if not rows:
        raise InputError(f"{path}: no measurements; add rows 'stream,quantity,value,sd[,basis]'")
    measurements: list[Measurement] = []
    seen: dict[tuple[str, MeasurementKind, str | None, Basis], str] = {}
    for where, row in rows:
        m = _measurement(row, where, streams, elements)
        key = (m.stream, m.kind, m.element, m.basis)
        if key in seen:
            raise InputError(
                f"{where}: {m.stream} {m.quantity} (basis {m.basis}) is measured twice, also at {seen[key]}; "
                "keep one row per quantity (combine repeated analyses into one value and sd)"
            )
        seen[key] = where
        measurements.append(m)
    return measurements


def _read_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(location, {column: text})`` for every data row of the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the measurement file ({exc})") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, text)
    if suffix in (".yaml", ".yml"):
        return _yaml_rows(path, text)
    raise InputError(f"{path}: unknown measurement file type {suffix!r}; use a .csv or .yaml file")


def _csv_rows(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    header: list[str] | None = None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in next(csv.reader([line]))]
        if header is None:
            header = fields
            _check_columns(header, f"{path}, line {number} (header)")
            continue
        where = f"{path}, line {number}"
        missing = header[len(fields):]
        if all(column in OPTIONAL_COLUMNS for column in missing):
            fields += [""] * len(missing)
        if len(fields) != len(header):
            raise InputError(
                f"{where}: {len(fields)} fields {fields}, expected {len(header)} ({','.join(header)}); "
                "quote values that contain commas"
            )
        rows.append((where, dict(zip(header, fields, strict=True))))
    if header is None:
        raise InputError(f"{path}: empty file; expected the header 'stream,quantity,value,sd[,basis]' and rows")
    return rows


def _yaml_rows(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(raw, list):
        raise InputError(
            f"{path}: expected a YAML list of mappings with keys stream, quantity, value, sd[, basis]; "
            f"got {type(raw).__name__}"
        )
    rows = []
    for i, item in enumerate(raw, start=1):
        where = f"{path}, entry {i}"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: expected a mapping with keys stream, quantity, value, sd[, basis]; got {item!r}")
        _check_columns([str(k) for k in item], where)
        rows.append((where, {str(k): v for k, v in item.items()}))
    return rows


def _check_columns(columns: list[str], where: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(columns)) != len(columns):
        raise InputError(
            f"{where}: columns {columns}; expected stream, quantity, value, sd and optionally basis, each once"
            + (f" (missing {', '.join(missing)})" if missing else "")
            + (f" (unknown {', '.join(unknown)})" if unknown else "")
        )


def _measurement(
    row: Mapping[str, Any], where: str, streams: Collection[str], elements: Collection[str]
) -> Measurement:
    stream = _text(row, "stream", where)
    if stream not in streams:
        raise InputError(
            f"{where}, field 'stream': unknown stream {stream!r}; streams of this flowsheet: {', '.join(sorted(streams))}"
        )
    quantity = _text(row, "quantity", where)
    kind, symbol = _quantity(quantity, where, elements)
    basis_text = _text(row, "basis", where) if row.get("basis") not in (None, "") else "stream"
    if basis_text not in ("stream", "solids"):
        raise InputError(f"{where}, field 'basis': {basis_text!r} is not 'stream' or 'solids'")
    basis: Basis = "solids" if basis_text == "solids" else "stream"
    value_text = _text(row, "value", where)
    if kind == "assay":
        kind, value = _concentration(value_text, f"{where}, field 'value'")
    else:
        value = _si(value_text, SI_UNITS[kind], f"{where}, field 'value'")
    if basis == "solids" and kind != "assay":
        raise InputError(
            f"{where}, field 'basis': 'solids' applies only to assays (mass fractions), not to {quantity} in "
            f"{value_text!r}; remove the basis or give a dry assay such as '18 wt%'"
        )
    sd = _si(_text(row, "sd", where), SI_UNITS[kind], f"{where}, field 'sd'")
    if value < 0 or (kind == "assay" and value > 1):
        bound = "between 0 and 100 wt%" if kind == "assay" else "zero or positive"
        raise InputError(f"{where}, field 'value': {value_text!r} must be {bound}")
    if sd <= 0:
        raise InputError(f"{where}, field 'sd': {row['sd']!r} must be positive (one standard deviation of the error)")
    unit = _LEADING_NUMBER.sub("", value_text, count=1).strip()
    return Measurement(stream, quantity, kind, symbol, basis, value, sd, unit, where)


def _text(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()) or isinstance(value, (list, dict)):
        raise InputError(f"{where}, field {key!r}: missing or empty ({value!r})")
    return str(value).strip()


def _quantity(quantity: str, where: str, elements: Collection[str]) -> tuple[MeasurementKind, str | None]:
    """Kind and element of a quantity name; ``assay`` stands for any element concentration here."""
    if quantity == "mass_flow":
        return "mass_flow", None
    flow = _ELEMENT_FLOW.match(quantity)
    symbol = flow.group(1) if flow else quantity if _ELEMENT.match(quantity) else None
    if symbol is None:
        raise InputError(
            f"{where}, field 'quantity': {quantity!r} is not a known quantity; use mass_flow, <element>_flow "
            "(e.g. Ce_flow) or an element symbol (e.g. Ce) for an assay or liquor concentration"
        )
    try:
        element(symbol)
    except DataError as exc:
        raise InputError(f"{where}, field 'quantity': {exc}") from None
    if symbol not in elements:
        raise InputError(
            f"{where}, field 'quantity': the flowsheet carries no {symbol} in any stream; "
            f"elements it carries: {', '.join(elements)}"
        )
    return ("element_flow" if flow else "assay"), symbol


def _concentration(text: str, field: str) -> tuple[MeasurementKind, float]:
    """An assay (dimensionless, kg/kg) or a liquor concentration (mass per volume, kg/m³)."""
    for kind in ("assay", "liquor_concentration"):
        try:
            return kind, _si(text, SI_UNITS[kind], field)
        except InputError:
            continue
    raise InputError(
        f"{field}: cannot read {text!r} as an element concentration; expected a mass fraction "
        "('18.2 wt%', '450 ppm', '300 g/t', '20 mg/kg', '0.182') or a liquor concentration ('12 g/L')"
    )


def _si(text: str, si_unit: str, field: str) -> float:
    value = float(parse_quantity(text, si_unit, field).to(si_unit).magnitude)
    if not math.isfinite(value):
        raise InputError(f"{field}: {text!r} is not a finite number")
    return value

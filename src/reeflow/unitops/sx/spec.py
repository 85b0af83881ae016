"""Cascade files: their schema, their conversion to SI, and their writing back.

A cascade file (YAML) names the components, the section sizes, the feed, organic, scrub and strip
streams and the equilibrium model; quantities are strings with units parsed by
:mod:`reeflow.uom` (``"1 L/min"``, ``"0.5 mol/L"``, ``"20 g/L"``). ``g/L`` means grams of the
element per litre, converted with the element's standard atomic weight; a bare number in a
concentration map means mol/L. :func:`load_cascade` validates a file into a :class:`Cascade` whose
flows are in m³/s and whose concentrations are numpy arrays in mol/m³, in the order of
``components``. :meth:`Cascade.to_file_dict` writes it back in the units the file used.

Topology (stage 1 is where the organic enters): extraction stages 1…n, scrubbing n+1…n+m,
stripping n+m+1…N. The feed enters at ``feed.stage`` (default n), the scrub liquor at n+m, the
strip liquor at N. The aqueous flow leaving stage j of the extraction/scrubbing sections is the
scrub flow above the feed stage and scrub + feed at and below it; the stripping section has its
own aqueous stream (the strip liquor), leaving at stage n+m+1.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reeflow.errors import DataError, InputError, ScenarioError
from reeflow.unitops.sx.equilibrium import (
    CompetitiveLangmuir,
    ConstantDistribution,
    EquilibriumModel,
    MassAction,
    extractant_constants,
)
from reeflow.unitops.sx.equilibrium.base import FloatArray
from reeflow.uom import Q_, conversion_factor, quick_si, to_si, unit_text

__all__ = ["Cascade", "CascadeFile", "load_cascade"]

Quantity = str | float | int

_FLOW_SI = "m**3/s"
_CONC_SI = "mol/m**3"
_DEFAULT_FLOW_UNIT = "L/min"
#: Smallest non-zero inlet concentration, mol/m³: far below any assay, far above float underflow.
_SMALLEST = 1e-100
_DEFAULT_CONC_UNIT = "mol/L"
_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionsFile(_Strict):
    """Numbers of stages per section."""

    extraction: int = Field(ge=1)
    scrubbing: int = Field(default=0, ge=0)
    stripping: int = Field(default=0, ge=0)


class AqueousInletFile(_Strict):
    """An aqueous inlet: flow, metal concentrations and (mass-action) acidity."""

    flow: Quantity
    concentration: dict[str, Quantity] = Field(default_factory=dict)
    acidity: Quantity | None = None


class FeedFile(AqueousInletFile):
    """Aqueous feed, with its entry stage."""

    stage: int | None = None


class OrganicFile(_Strict):
    """Fresh organic: flow, pre-loaded metals, recycle of the stripped organic to stage 1."""

    flow: Quantity
    concentration: dict[str, Quantity] = Field(default_factory=dict)
    recycle: bool = False


class ScrubFile(AqueousInletFile):
    """Scrub liquor entering the last scrubbing stage."""


class ConstantDistributionFile(_Strict):
    """``y_i = D_i x_i`` with dimensionless ``D``."""

    model: Literal["constant_distribution"]
    D: dict[str, float]


class CompetitiveLangmuirFile(_Strict):
    """``y_i = Q K_i x_i / (1 + Σ K_j x_j)``."""

    model: Literal["competitive_langmuir"]
    capacity: Quantity
    K: dict[str, Quantity]


class MassActionFile(_Strict):
    """Cation exchange with shipped (``system``) or given dimensionless ``K``."""

    model: Literal["mass_action"]
    system: str | None = None
    K: dict[str, float] = Field(default_factory=dict)
    extractant: Quantity
    saponification: float = Field(default=0.0, ge=0.0, lt=1.0)


EquilibriumFile = Annotated[
    ConstantDistributionFile | CompetitiveLangmuirFile | MassActionFile,
    Field(discriminator="model"),
]


class StripFile(AqueousInletFile):
    """Strip liquor entering the last stage; its own equilibrium model is optional."""

    equilibrium: EquilibriumFile | None = None


class CascadeFile(_Strict):
    """The cascade file as written (quantities still strings)."""

    name: str
    components: list[str] = Field(min_length=1)
    sections: SectionsFile
    feed: FeedFile
    organic: OrganicFile
    scrub: ScrubFile | None = None
    strip: StripFile | None = None
    equilibrium: EquilibriumFile


def _frozen(values: Any, size: int) -> FloatArray:
    array = np.array(values, dtype=float).reshape(size)
    array.setflags(write=False)
    return array


@dataclasses.dataclass(frozen=True, eq=False)
class Cascade:
    """A validated counter-current cascade in SI units.

    Flows are in m³/s, concentrations in mol/m³ as arrays ordered like ``components``.
    ``acidity`` values (H⁺, mol/m³) are used by the mass-action model only. Build one with
    :func:`load_cascade`; derive variants with :meth:`replace` (validated again).

    Attributes
    ----------
    units : mapping of str to str
        Unit text the file used per field path (``"feed.flow"``, ``"feed.concentration.La"``), so
        that :meth:`to_file_dict` writes values back in the same units.
    """

    name: str
    components: tuple[str, ...]
    extraction: int
    scrubbing: int
    stripping: int
    feed_flow: float
    feed_concentration: FloatArray
    feed_stage: int
    organic_flow: float
    organic_concentration: FloatArray
    equilibrium: EquilibriumModel
    scrub_flow: float = 0.0
    scrub_concentration: FloatArray | None = None
    strip_flow: float = 0.0
    strip_concentration: FloatArray | None = None
    strip_equilibrium: EquilibriumModel | None = None
    recycle: bool = False
    feed_acidity: float = 0.0
    scrub_acidity: float = 0.0
    strip_acidity: float = 0.0
    source: str = "cascade"
    units: Mapping[str, str] = dataclasses.field(default_factory=dict)
    equilibrium_file: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    strip_equilibrium_file: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        n_c = len(self.components)
        set_ = object.__setattr__
        for name in ("feed_concentration", "organic_concentration"):
            set_(self, name, _frozen(getattr(self, name), n_c))
        for name in ("scrub_concentration", "strip_concentration"):
            value = getattr(self, name)
            set_(self, name, _frozen(np.zeros(n_c) if value is None else value, n_c))
        self._validate()

    def _fail(self, path: str, value: Any, expected: str) -> ScenarioError:
        return ScenarioError(f"{self.source}: {path} = {value!r}: expected {expected}")

    def _validate(self) -> None:
        n_c = len(self.components)
        if len(set(self.components)) != n_c:
            raise self._fail("components", list(self.components), "distinct component symbols")
        for path, value in (("sections.extraction", self.extraction),):
            if value < 1:
                raise self._fail(path, value, "at least 1 stage")
        for path, value in (("sections.scrubbing", self.scrubbing), ("sections.stripping", self.stripping)):
            if value < 0:
                raise self._fail(path, value, "0 or more stages")
        top = self.extraction + self.scrubbing
        if not 1 <= self.feed_stage <= top:
            raise self._fail("feed.stage", self.feed_stage, f"a stage from 1 to {top} (extraction + scrubbing)")
        for path, flow in (("feed.flow", self.feed_flow), ("organic.flow", self.organic_flow)):
            if not flow > 0:
                raise self._fail(path, flow, "a positive volumetric flow")
        if not self.scrub_flow >= 0:
            raise self._fail("scrub.flow", self.scrub_flow, "a volumetric flow of zero or more")
        if self.scrub_flow == 0 and self.feed_stage < top:
            raise self._fail(
                "scrub.flow", self.scrub_flow,
                f"a positive scrub flow: stages {self.feed_stage + 1}..{top} above the feed stage would have no aqueous flow",
            )
        if self.stripping > 0 and not self.strip_flow > 0:
            raise self._fail("strip.flow", self.strip_flow, f"a positive flow for the {self.stripping} stripping stages")
        if self.stripping == 0 and self.strip_flow > 0:
            raise self._fail("strip", "given", "no strip block when sections.stripping is 0")
        if self.recycle and self.stripping == 0:
            raise self._fail("organic.recycle", True, "recycle only with a stripping section (sections.stripping > 0)")
        if self.recycle and np.any(self.organic_concentration > 0):
            raise self._fail(
                "organic.concentration", self._conc_map("organic.concentration", self.organic_concentration),
                "no concentration with organic.recycle: true (no fresh organic enters; the recycled organic's "
                "loading is solved for)",
            )
        for name in ("feed_concentration", "organic_concentration", "scrub_concentration", "strip_concentration"):
            array = getattr(self, name)
            if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any((array > 0) & (array < _SMALLEST)):
                raise self._fail(
                    name.replace("_", ".", 1), array.tolist(), f"concentrations of zero or from {_SMALLEST:g} mol/m³ up"
                )
        for name in ("feed_acidity", "scrub_acidity", "strip_acidity"):
            if not getattr(self, name) >= 0:
                raise self._fail(name.replace("_", ".", 1), getattr(self, name), "an H+ concentration of zero or more")
        scrub_empty = self.scrub_acidity == 0 and not np.any(np.asarray(self.scrub_concentration) > 0)
        if isinstance(self.equilibrium, MassAction) and self.scrubbing > 0 and scrub_empty:
            raise self._fail(
                "scrub.acidity", 0,
                "an H+ concentration above zero (e.g. '1 mol/L') or metal in the scrub liquor: with the mass_action "
                "model a liquor without either strips nothing (stripping takes 3 H+ per metal) and the scrubbing "
                "stages would hold exactly nothing, a state the solver cannot reach",
            )
        for model in (self.equilibrium, self.strip_equilibrium):
            if model is not None and tuple(model.components) != self.components:
                raise self._fail("equilibrium", model.model, f"a model for the components {list(self.components)}")

    # ------------------------------------------------------------------ topology
    @property
    def n_stages(self) -> int:
        """Total number of stages ``N = n + m + k``."""
        return self.extraction + self.scrubbing + self.stripping

    @property
    def outlets(self) -> tuple[str, ...]:
        """Outlet names: raffinate and loaded organic, or raffinate, strip liquor (and stripped organic)."""
        if self.stripping == 0:
            return ("raffinate", "loaded_organic")
        if self.recycle:
            return ("raffinate", "strip_liquor")
        return ("raffinate", "strip_liquor", "stripped_organic")

    def total_input(self) -> FloatArray:
        """Molar input of each component by all external streams, mol/s."""
        total = self.feed_flow * self.feed_concentration + self.scrub_flow * np.asarray(self.scrub_concentration)
        total = total + self.strip_flow * np.asarray(self.strip_concentration)
        if not self.recycle:
            total = total + self.organic_flow * self.organic_concentration
        return np.asarray(total, dtype=float)

    def replace(self, **changes: Any) -> Cascade:
        """A validated copy with ``changes`` (SI field values, e.g. ``organic_flow=5e-5``)."""
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------------ writing back
    def to_file_dict(self) -> dict[str, Any]:
        """The cascade in its file form: quantities as strings in the units the file used."""
        out: dict[str, Any] = {"name": self.name, "components": list(self.components)}
        sections: dict[str, int] = {"extraction": self.extraction, "scrubbing": self.scrubbing}
        if self.stripping:
            sections["stripping"] = self.stripping
        out["sections"] = sections
        feed: dict[str, Any] = {
            "flow": self._flow_text("feed.flow", self.feed_flow),
            "concentration": self._conc_map("feed.concentration", self.feed_concentration),
            "stage": self.feed_stage,
        }
        if self.feed_acidity or "feed.acidity" in self.units:
            feed["acidity"] = self._conc_text("feed.acidity", self.feed_acidity, None)
        out["feed"] = feed
        organic: dict[str, Any] = {"flow": self._flow_text("organic.flow", self.organic_flow)}
        if np.any(self.organic_concentration > 0):
            organic["concentration"] = self._conc_map("organic.concentration", self.organic_concentration)
        if self.recycle:
            organic["recycle"] = True
        out["organic"] = organic
        if self.scrub_flow > 0 or "scrub.flow" in self.units:
            scrub: dict[str, Any] = {"flow": self._flow_text("scrub.flow", self.scrub_flow)}
            if np.any(np.asarray(self.scrub_concentration) > 0):
                scrub["concentration"] = self._conc_map("scrub.concentration", np.asarray(self.scrub_concentration))
            if self.scrub_acidity or "scrub.acidity" in self.units:
                scrub["acidity"] = self._conc_text("scrub.acidity", self.scrub_acidity, None)
            out["scrub"] = scrub
        if self.stripping:
            strip: dict[str, Any] = {"flow": self._flow_text("strip.flow", self.strip_flow)}
            if np.any(np.asarray(self.strip_concentration) > 0):
                strip["concentration"] = self._conc_map("strip.concentration", np.asarray(self.strip_concentration))
            if self.strip_acidity or "strip.acidity" in self.units:
                strip["acidity"] = self._conc_text("strip.acidity", self.strip_acidity, None)
            if self.strip_equilibrium_file:
                strip["equilibrium"] = dict(self.strip_equilibrium_file)
            out["strip"] = strip
        out["equilibrium"] = dict(self.equilibrium_file)
        return out

    def _flow_text(self, path: str, value: float) -> str:
        unit = self.units.get(path, _DEFAULT_FLOW_UNIT)
        return f"{Q_(value, _FLOW_SI).to(unit_text(unit)).magnitude:.12g} {unit}"

    def _conc_text(self, path: str, value: float, symbol: str | None) -> str:
        unit = self.units.get(path, _DEFAULT_CONC_UNIT)
        quantity = Q_(value, _CONC_SI)
        if Q_(1, unit_text(unit)).check("[mass] / [length] ** 3") and symbol is not None:
            quantity = quantity * Q_(_atomic_weight(symbol), "g/mol")
        return f"{quantity.to(unit_text(unit)).magnitude:.12g} {unit}"

    def _conc_map(self, path: str, values: FloatArray) -> dict[str, str]:
        return {
            symbol: self._conc_text(f"{path}.{symbol}", float(value), symbol)
            for symbol, value in zip(self.components, values, strict=True)
            if value > 0 or f"{path}.{symbol}" in self.units
        }


# ---------------------------------------------------------------------- loading


def _atomic_weight(symbol: str) -> float:
    """Standard atomic weight of element ``symbol``, kg/kmol (= g/mol), from :mod:`reeflow.species`.

    Raises :class:`DataError` for an unknown symbol.
    """
    from reeflow.species import atomic_weight

    return float(atomic_weight(symbol))


class _Reader:
    """Converts file quantities to SI, recording unit texts; errors name the file and field."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.units: dict[str, str] = {}

    def fail(self, path: str, value: Any, expected: str) -> ScenarioError:
        return ScenarioError(f"{self.source}: {path} = {value!r}: expected {expected}")

    def _unit_text(self, value: Any, default: str) -> str:
        if isinstance(value, str):
            match = _NUMBER.match(value)
            if match and value[match.end():].strip():
                return value[match.end():].strip()
        return default

    def flow(self, value: Any, path: str) -> float:
        expected = "a volumetric flow with units, such as '1 L/min' or '0.5 m3/h'"
        if not isinstance(value, str):
            raise self.fail(path, value, expected)
        try:
            magnitude = to_si(unit_text(value), _FLOW_SI, path)
        except InputError:
            raise self.fail(path, value, expected) from None
        if magnitude < 0:
            raise self.fail(path, value, expected + " of zero or more")
        self.units[path] = self._unit_text(value, _DEFAULT_FLOW_UNIT)
        return magnitude

    def concentration(self, value: Any, path: str, symbol: str | None) -> float:
        expected = "a concentration such as '0.5 mol/L'" + (" or '20 g/L' (grams of element per litre)" if symbol else "")
        magnitude = self._quick_concentration(value, symbol)
        if magnitude is not None:
            if not np.isfinite(magnitude) or magnitude < 0:
                raise self.fail(path, value, expected + " of zero or more")
            self.units[path] = self._unit_text(value, _DEFAULT_CONC_UNIT)
            return magnitude
        try:
            quantity = Q_(float(value), _DEFAULT_CONC_UNIT) if isinstance(value, int | float) else Q_(unit_text(str(value)))
        except Exception:
            raise self.fail(path, value, expected) from None
        if not isinstance(quantity, type(Q_(1.0))):
            raise self.fail(path, value, expected)
        if symbol is not None and quantity.check("[mass] / [length] ** 3"):
            try:
                quantity = quantity / Q_(_atomic_weight(symbol), "g/mol")
            except DataError as exc:
                raise self.fail(path, value, f"a molar concentration (mol/L); {exc}") from None
        if not quantity.check("[substance] / [length] ** 3"):
            raise self.fail(path, value, expected)
        magnitude = float(quantity.to(_CONC_SI).magnitude)
        if not np.isfinite(magnitude) or magnitude < 0:
            raise self.fail(path, value, expected + " of zero or more")
        self.units[path] = self._unit_text(value, _DEFAULT_CONC_UNIT)
        return magnitude

    @staticmethod
    def _quick_concentration(value: Any, symbol: str | None) -> float | None:
        """mol/m³ of a plain ``"<number> <unit>"`` molar (or, for an element, mass) concentration from
        cached unit factors; None for anything :meth:`concentration` must parse in full."""
        if not isinstance(value, str):
            return None
        text = unit_text(value)
        molar = quick_si(text, _CONC_SI)
        if molar is not None or symbol is None:
            return molar
        mass = quick_si(text, "kg/m**3")
        if mass is None:
            return None
        try:
            return mass / (_atomic_weight(symbol) * conversion_factor("g/mol", "kg/mol"))
        except DataError:
            return None

    def concentration_map(self, values: Mapping[str, Any], path: str, components: tuple[str, ...]) -> FloatArray:
        array = np.zeros(len(components))
        for symbol, value in values.items():
            if symbol not in components:
                raise self.fail(f"{path}.{symbol}", value, f"one of the components {list(components)}")
            array[components.index(symbol)] = self.concentration(value, f"{path}.{symbol}", symbol)
        return array

    def per_component(self, values: Mapping[str, Any], path: str, components: tuple[str, ...]) -> list[Any]:
        for symbol in values:
            if symbol not in components:
                raise self.fail(f"{path}.{symbol}", values[symbol], f"one of the components {list(components)}")
        missing = [c for c in components if c not in values]
        if missing:
            raise self.fail(path, dict(values), f"a value for every component; missing {missing}")
        return [values[c] for c in components]

    def equilibrium(
        self,
        block: ConstantDistributionFile | CompetitiveLangmuirFile | MassActionFile,
        path: str,
        components: tuple[str, ...],
    ) -> EquilibriumModel:
        if isinstance(block, ConstantDistributionFile):
            d = np.array(self.per_component(block.D, f"{path}.D", components), dtype=float)
            for symbol, value in zip(components, d, strict=True):
                if not (np.isfinite(value) and value > 0):
                    raise self.fail(f"{path}.D.{symbol}", float(value), "a positive distribution ratio")
            return ConstantDistribution(components, d)
        if isinstance(block, CompetitiveLangmuirFile):
            capacity = self.concentration(block.capacity, f"{path}.capacity", None)
            if capacity <= 0:
                raise self.fail(f"{path}.capacity", block.capacity, "a positive loading capacity such as '0.18 mol/L'")
            k = []
            for symbol, value in zip(components, self.per_component(block.K, f"{path}.K", components), strict=True):
                k.append(self._affinity(value, f"{path}.K.{symbol}"))
            return CompetitiveLangmuir(components, capacity, np.array(k))
        shipped: Mapping[str, float] = {}
        if block.system is not None:
            try:
                shipped = extractant_constants(block.system)
            except DataError as exc:
                raise self.fail(f"{path}.system", block.system, str(exc)) from None
        merged = {**{c: shipped[c] for c in components if c in shipped}, **block.K}
        k_values = np.array(self.per_component(merged, f"{path}.K", components), dtype=float)
        for symbol, value in zip(components, k_values, strict=True):
            if not (np.isfinite(value) and value > 0):
                raise self.fail(f"{path}.K.{symbol}", float(value), "a positive equilibrium constant")
        extractant = self.concentration(block.extractant, f"{path}.extractant", None)
        if extractant <= 0:
            raise self.fail(f"{path}.extractant", block.extractant, "a positive extractant concentration (as HA monomer)")
        return MassAction(components, k_values, extractant, block.saponification)

    def _affinity(self, value: Any, path: str) -> float:
        expected = "a positive affinity in L/mol, such as '2.0 L/mol'"
        try:
            magnitude = (
                float(value) * conversion_factor("L/mol", "m**3/mol")
                if isinstance(value, int | float)
                else to_si(unit_text(str(value)), "m**3/mol", path)
            )
        except (InputError, ValueError, TypeError):
            raise self.fail(path, value, expected) from None
        if not (np.isfinite(magnitude) and magnitude > 0):
            raise self.fail(path, value, expected)
        return magnitude


def _allowed_keys(block: list[str]) -> list[str]:
    """Keys allowed in the file block at path ``block`` (pydantic's location, model tags included)."""
    models: dict[tuple[str, ...], type[BaseModel]] = {
        (): CascadeFile, ("sections",): SectionsFile, ("feed",): FeedFile, ("organic",): OrganicFile,
        ("scrub",): ScrubFile, ("strip",): StripFile,
    }
    tagged: dict[str, type[BaseModel]] = {
        "constant_distribution": ConstantDistributionFile,
        "competitive_langmuir": CompetitiveLangmuirFile,
        "mass_action": MassActionFile,
    }
    model = tagged.get(block[-1]) if block else None
    model = model or models.get(tuple(block))
    return list(model.model_fields) if model is not None else []


def _validation_message(source: str, exc: ValidationError, data: Any) -> str:
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    tags = {"constant_distribution", "competitive_langmuir", "mass_action"}
    path = ".".join(part for i, part in enumerate(loc) if not (part in tags and i > 0 and loc[i - 1] == "equilibrium"))
    if error["type"] == "missing":
        return f"{source}: {path} is missing: expected it (a required field; see docs/sx.md for the cascade file)"
    value = error.get("input", data)
    if error["type"] == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        return f"{source}: {path} = {value!r}: expected no such key; allowed here: {', '.join(allowed)}"
    message = re.sub(r"^input should be ", "", error["msg"], flags=re.IGNORECASE)
    return f"{source}: {path or '(top level)'} = {value!r}: expected {message[:1].lower() + message[1:]}"


def load_cascade(source: str | Path | Mapping[str, Any]) -> Cascade:
    """Read and validate a cascade file (YAML path) or an already parsed mapping.

    Raises
    ------
    ScenarioError
        One line naming the file, the field path (e.g. ``feed.concentration.La``), the value and
        the expected form.
    """
    if isinstance(source, Mapping):
        name, data = "cascade", source
    else:
        name = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(f"{name}: cannot read the cascade file ({exc.strerror})") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise ScenarioError(f"{name}: not valid YAML{where}: expected a cascade mapping") from None
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{name}: (top level) = {data!r}: expected a mapping with name, components, sections, ...")
    try:
        spec = CascadeFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_validation_message(name, exc, data)) from None
    return _to_cascade(spec, name)


def _to_cascade(spec: CascadeFile, source: str) -> Cascade:
    reader = _Reader(source)
    components = tuple(spec.components)
    repeated = sorted({c for c in components if components.count(c) > 1})
    if repeated:
        raise reader.fail("components", list(components), f"distinct component symbols; {repeated} repeated")
    model = reader.equilibrium(spec.equilibrium, "equilibrium", components)
    strip_model = None
    strip_file = None
    if spec.strip is not None and spec.strip.equilibrium is not None:
        strip_model = reader.equilibrium(spec.strip.equilibrium, "strip.equilibrium", components)
        strip_file = spec.strip.equilibrium.model_dump(exclude_defaults=True) | {"model": spec.strip.equilibrium.model}
    feed_stage = spec.feed.stage if spec.feed.stage is not None else spec.sections.extraction

    def acidity(value: Quantity | None, path: str) -> float:
        return 0.0 if value is None else reader.concentration(value, path, None)

    return Cascade(
        name=spec.name,
        components=components,
        extraction=spec.sections.extraction,
        scrubbing=spec.sections.scrubbing,
        stripping=spec.sections.stripping,
        feed_flow=reader.flow(spec.feed.flow, "feed.flow"),
        feed_concentration=reader.concentration_map(spec.feed.concentration, "feed.concentration", components),
        feed_stage=feed_stage,
        feed_acidity=acidity(spec.feed.acidity, "feed.acidity"),
        organic_flow=reader.flow(spec.organic.flow, "organic.flow"),
        organic_concentration=reader.concentration_map(spec.organic.concentration, "organic.concentration", components),
        recycle=spec.organic.recycle,
        scrub_flow=reader.flow(spec.scrub.flow, "scrub.flow") if spec.scrub else 0.0,
        scrub_concentration=(
            reader.concentration_map(spec.scrub.concentration, "scrub.concentration", components) if spec.scrub else None
        ),
        scrub_acidity=acidity(spec.scrub.acidity if spec.scrub else None, "scrub.acidity"),
        strip_flow=reader.flow(spec.strip.flow, "strip.flow") if spec.strip else 0.0,
        strip_concentration=(
            reader.concentration_map(spec.strip.concentration, "strip.concentration", components) if spec.strip else None
        ),
        strip_acidity=acidity(spec.strip.acidity if spec.strip else None, "strip.acidity"),
        equilibrium=model,
        strip_equilibrium=strip_model,
        source=source,
        units=reader.units,
        equilibrium_file=spec.equilibrium.model_dump(exclude_defaults=True) | {"model": spec.equilibrium.model},
        strip_equilibrium_file=strip_file,
    )

"""Reading scenario files: YAML → validated :class:`Scenario` → :class:`Flowsheet`.

Errors name the file, the path of the field, the value and what is expected, and are raised
before anything is written anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from reeflow.errors import DataError, ScenarioError
from reeflow.flowsheet import Feed, Flowsheet
from reeflow.radioactivity.secular import ore_with_radium
from reeflow.scenario.schema import RatioRate, Scenario
from reeflow.species import Species, SpeciesDatabase, default_database, load_ore
from reeflow.unitops import UNIT_TYPES
from reeflow.unitops.base import validation_error_message

__all__ = ["build_flowsheet", "load_scenario", "read_scenario_mapping", "read_scenario_text"]


def read_scenario_text(path: Path) -> str:
    """The text of scenario file ``path``; ScenarioError if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario file ({exc.strerror})") from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key repeated in one mapping (plain YAML keeps the last
    silently: a second unit with the same id would replace the first)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping; "
                    "give each key once (unit, feed and stream ids must be unique)", mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_scenario_mapping(path: Path, text: str | None = None) -> dict[str, Any]:
    """The scenario at ``path`` (or its already read ``text``) as a plain mapping, not validated;
    ScenarioError for text that is not YAML, a repeated key or anything but a mapping."""
    text = read_scenario_text(path) if text is None else text
    try:
        raw: Any = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise ScenarioError(f"{path}: expected a mapping with name, feed, units, ...; got {type(raw).__name__}")
    return raw


def load_scenario(path: Path, text: str | None = None) -> Scenario:
    """Parse and validate the scenario at ``path`` (or its already read ``text``)."""
    raw = read_scenario_mapping(path, text)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(f"{path}: {validation_error_message(exc, '')}") from None


def build_flowsheet(scenario: Scenario, path: Path | str = "scenario",
                    database: SpeciesDatabase | None = None) -> Flowsheet:
    """The flowsheet of ``scenario``; errors are prefixed with ``path``."""
    try:
        return _build(scenario, _database(scenario, database or default_database()))
    except (ScenarioError, DataError) as exc:
        raise type(exc)(f"{path}: {exc}") from None


def _build(scenario: Scenario, database: SpeciesDatabase) -> Flowsheet:
    flowsheet = Flowsheet(scenario.name, database)
    if scenario.feed is not None:
        try:
            ore = load_ore(scenario.feed.ore)
        except DataError as exc:
            raise ScenarioError(f"feed.ore: {exc}") from None
        _check_species(database, ore.mineralogy, f"data/ores/{ore.name}.yaml mineralogy")
        mineralogy = ore.mineralogy
        if ore.radium_carrier is not None:
            _check_species(database, {ore.radium_carrier: 1.0}, f"data/ores/{ore.name}.yaml radium.carrier")
            mineralogy = ore_with_radium(mineralogy, database, ore.radium_carrier)
        flowsheet.add_feed(Feed(scenario.feed.id, mineralogy, rate=scenario.feed.rate))
    for fid, spec in scenario.feeds.items():
        _check_species(database, spec.composition, f"feeds.{fid}.composition")
        if isinstance(spec.rate, RatioRate):
            feed = Feed(fid, spec.composition, ratio=spec.rate.ratio, per=spec.rate.per,
                        per_phase=spec.rate.phase, temperature=spec.temperature)
        else:
            feed = Feed(fid, spec.composition, rate=spec.rate, temperature=spec.temperature)
        flowsheet.add_feed(feed)
    for uid, unit in scenario.units.items():
        cls = UNIT_TYPES.get(unit.type)
        if cls is None:
            raise ScenarioError(
                f"units.{uid}.type: {unit.type!r} is not a unit type; expected one of {', '.join(sorted(UNIT_TYPES))}"
            )
        flowsheet.add_unit(cls(uid, unit.parameters, database), unit.inlets, unit.outlets)
    flowsheet.connect()
    outlets = set(flowsheet.boundary_outlets())
    if scenario.economics is not None:
        from reeflow.economics import check_references

        check_references(scenario.economics, flowsheet.boundary_inlets(), sorted(outlets), list(flowsheet.source),
                         species=database.ids)
    for i, pid in enumerate(scenario.products):
        if pid not in outlets:
            raise ScenarioError(
                f"products.{i}: {pid!r} is not a stream leaving the flowsheet; "
                f"streams leaving it are: {', '.join(sorted(outlets))}"
            )
    return flowsheet


def _database(scenario: Scenario, base: SpeciesDatabase) -> SpeciesDatabase:
    if not scenario.species:
        return base
    extra = []
    for species_id, spec in scenario.species.items():
        where = f"species.{species_id}"
        if species_id in base:
            raise ScenarioError(f"{where}: {species_id!r} is already a shipped species; use it as it is")
        try:
            extra.append(Species.from_formula(species_id, spec.phase, name=spec.name, kind=spec.kind,
                                              formula=spec.formula))
        except DataError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
    return base.extended(extra)


def _check_species(database: SpeciesDatabase, composition: dict[str, float], where: str) -> None:
    for species_id in composition:
        try:
            database.position(species_id)
        except DataError as exc:
            raise ScenarioError(f"{where}.{species_id}: {exc}") from None

"""Flowsheet: unit operations joined by named streams, with boundary feeds.

A flowsheet owns its species database, its units and its streams; nothing is global. Streams are
identified by the ids of the scenario file. A stream is produced by exactly one unit outlet or by a
feed, and consumed by at most one unit; a stream no unit consumes leaves the flowsheet (product,
waste or off-gas). A feed has a fixed rate or a rate proportional to another stream's mass flow
(a reagent dosed per tonne of solids, say), evaluated each time its consumer runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from reeflow.errors import ScenarioError
from reeflow.species import SpeciesDatabase
from reeflow.streams import Stream
from reeflow.unitops import UnitOperation

__all__ = ["Feed", "Flowsheet"]


@dataclass
class Feed:
    """A boundary inlet: ``mass_fractions`` (species id → fraction) at ``rate`` kg/s, or at
    ``ratio`` kg per kg of stream ``per`` (only the species matched by ``per_phase`` if given)."""

    id: str
    mass_fractions: Mapping[str, float]
    rate: float | None = None
    ratio: float | None = None
    per: str | None = None
    per_phase: str | None = None
    temperature: float = 298.15
    _unit_vector: np.ndarray | None = field(default=None, repr=False, compare=False)

    def stream(self, database: SpeciesDatabase, streams: Mapping[str, Stream]) -> Stream:
        """The feed stream, given the current flowsheet streams (for ratio feeds). The mass
        fractions are scaled to add up to exactly 1, so the stream's mass flow is the rate."""
        if self._unit_vector is None:
            fractions = database.vector(self.mass_fractions)
            self._unit_vector = fractions / fractions.sum() / database.molar_masses
        if self.rate is not None:
            rate = self.rate
        else:
            assert self.ratio is not None
            rate = self.ratio * self.reference_mass_flow(streams)
        return Stream(self.id, database, self._unit_vector * rate, temperature=self.temperature)

    def reference_mass_flow(self, streams: Mapping[str, Stream]) -> float:
        """Mass flow (kg/s) of the stream ``per`` (of its ``per_phase`` only, if given) that a ratio
        feed is dosed on; 0 while that stream has not been computed."""
        reference = streams.get(self.per) if self.per is not None else None
        if reference is None:
            return 0.0
        if self.per_phase:
            return reference.phase_mass_flows()[self.per_phase]  # type: ignore[index]
        return reference.mass_flow

    def warning(self, streams: Mapping[str, Stream]) -> str | None:
        """A warning if the feed is dosed at a positive ratio on a stream (or phase) that carries
        nothing, so that its rate is zero; None otherwise."""
        if self.per is None or not self.ratio or self.reference_mass_flow(streams) > 0:
            return None
        what = f"the {self.per_phase} phase of stream {self.per!r}" if self.per_phase else f"stream {self.per!r}"
        fields = "per and phase" if self.per_phase else "per"
        return (f"feed {self.id!r} is dosed {self.ratio:g} kg per kg of {what}, which carries none: "
                f"its rate is 0; check feeds.{self.id}.rate.{fields}")


class Flowsheet:
    """Units, feeds and the streams between them."""

    def __init__(self, name: str, database: SpeciesDatabase) -> None:
        self.name = name
        self.database = database
        self.units: dict[str, UnitOperation] = {}
        self.inlets: dict[str, list[str]] = {}
        self.outlets: dict[str, dict[str, str]] = {}
        self.feeds: dict[str, Feed] = {}
        self.streams: dict[str, Stream] = {}
        self.source: dict[str, str | None] = {}
        self.sink: dict[str, str | None] = {}

    def add_feed(self, feed: Feed) -> None:
        """Declare a boundary inlet stream."""
        self._new_stream(feed.id, None, f"feeds.{feed.id}")
        self.feeds[feed.id] = feed

    def add_unit(self, unit: UnitOperation, inlets: Sequence[str], outlets: Mapping[str, str]) -> None:
        """Add ``unit`` consuming streams ``inlets`` and producing ``{port: stream id}``."""
        where = f"units.{unit.id}"
        if unit.id in self.units:
            raise ScenarioError(f"{where}: a unit with this id already exists")
        ports = unit.outlet_ports()
        if set(outlets) != set(ports):
            raise ScenarioError(
                f"{where}.outlets: ports {sorted(outlets)} given; a {unit.type_name} with these parameters has "
                f"outlet ports {list(ports)}; map each to a stream id"
            )
        unit.check_inlets(len(inlets))
        for port, stream_id in outlets.items():
            self._new_stream(stream_id, unit.id, f"{where}.outlets.{port}")
        self.units[unit.id] = unit
        self.inlets[unit.id] = list(inlets)
        self.outlets[unit.id] = dict(outlets)

    def _new_stream(self, stream_id: str, source: str | None, where: str) -> None:
        if stream_id in self.source:
            origin = self.source[stream_id] or "a feed"
            raise ScenarioError(f"{where}: stream {stream_id!r} is already produced by {origin}; stream ids must be unique")
        self.source[stream_id] = source

    def connect(self) -> None:
        """Resolve consumers of every stream; raise ScenarioError for dangling or doubly used streams."""
        self.sink = {sid: None for sid in self.source}
        for unit_id, stream_ids in self.inlets.items():
            for i, sid in enumerate(stream_ids):
                where = f"units.{unit_id}.inlets.{i}"
                if sid not in self.source:
                    raise ScenarioError(
                        f"{where}: stream {sid!r} is neither a feed nor an outlet of any unit; "
                        f"known streams: {', '.join(sorted(self.source))}"
                    )
                if self.sink[sid] is not None:
                    raise ScenarioError(
                        f"{where}: stream {sid!r} already feeds unit {self.sink[sid]!r}; "
                        "use a splitter to send a stream to two units"
                    )
                self.sink[sid] = unit_id
        for feed in self.feeds.values():
            if feed.per is not None and feed.per not in self.source:
                raise ScenarioError(f"feeds.{feed.id}.rate.per: unknown stream {feed.per!r}")
            self._dosing_reference(feed.id)  # refuses feeds dosed on each other in a loop
            if self.sink[feed.id] is None:
                raise ScenarioError(f"feeds.{feed.id}: no unit takes this feed; list it in a unit's inlets")

    def feed_warnings(self) -> list[str]:
        """Warnings for ratio feeds whose reference stream carries nothing at the current streams."""
        return [w for feed in self.feeds.values() if (w := feed.warning(self.streams)) is not None]

    def boundary_inlets(self) -> list[str]:
        """Ids of the streams entering the flowsheet."""
        return [sid for sid, src in self.source.items() if src is None]

    def boundary_outlets(self) -> list[str]:
        """Ids of the streams leaving the flowsheet."""
        return [sid for sid, snk in self.sink.items() if snk is None and self.source[sid] is not None]

    def unit_edges(self) -> list[tuple[str, str, str]]:
        """``(source unit, sink unit, stream id)`` for every stream between two units, and for every
        feed dosed per a unit's stream: (the unit making that stream, the unit taking the feed, the
        stream) — the feed's consumer must run after the stream it is dosed on."""
        edges = [
            (src, snk, sid)
            for sid, src in self.source.items()
            if src is not None and (snk := self.sink.get(sid)) is not None
        ]
        for fid in self.feeds:
            reference = self._dosing_reference(fid)
            if reference is None:
                continue
            maker, taker = self.source.get(reference), self.sink.get(fid)
            if maker is not None and taker is not None and (maker, taker, reference) not in edges:
                edges.append((maker, taker, reference))
        return edges

    def _dosing_reference(self, feed_id: str) -> str | None:
        """The unit stream a feed is dosed on, following feeds dosed on other feeds; None for a
        fixed-rate feed (or a chain ending in one)."""
        seen = {feed_id}
        reference = self.feeds[feed_id].per
        while reference is not None and reference in self.feeds:
            if reference in seen:
                raise ScenarioError(f"feeds.{feed_id}.rate.per: feeds dosed on each other in a loop ({reference!r})")
            seen.add(reference)
            reference = self.feeds[reference].per
        return reference

    def inlet_streams(self, unit_id: str) -> list[Stream]:
        """Current inlet streams of ``unit_id`` (feeds evaluated now; absent streams empty)."""
        out = []
        for sid in self.inlets[unit_id]:
            if sid in self.feeds:
                self.evaluate_feed(sid)
            out.append(self.streams.get(sid) or Stream(sid, self.database))
        return out

    def evaluate_feed(self, feed_id: str) -> None:
        """Set the stream of feed ``feed_id`` from the current streams (a feed dosed on another
        feed is evaluated after it)."""
        feed = self.feeds[feed_id]
        if feed.per is not None and feed.per in self.feeds:
            self.evaluate_feed(feed.per)
        self.streams[feed_id] = feed.stream(self.database, self.streams)

    def run_unit(self, unit_id: str) -> None:
        """Run one unit on its current inlets and store its outlet streams."""
        results = self.units[unit_id].run(self.inlet_streams(unit_id))
        for port, sid in self.outlets[unit_id].items():
            stream = results[port]
            stream.id = sid
            self.streams[sid] = stream

"""Left-to-right layout of a flowsheet graph, read from a results dictionary.

Model
-----
Nodes are the unit operations plus one terminal per boundary stream: a *feed* terminal for every
stream whose ``source`` is null and a *product* terminal for every stream whose ``sink`` is null.
Edges are the streams.

1. **Recycles.** A depth-first search from the units that receive feeds (then from any unit
   without an internal inlet, then from the rest) marks every stream that closes a cycle as a
   recycle (a back edge, Tarjan 1972). Removing them leaves a directed acyclic graph.
2. **Layers.** Each unit's layer is the length of the longest path reaching it in that acyclic
   graph, starting at 1 (longest-path layering, Sugiyama, Tagawa & Toda 1981). A feed terminal
   sits one layer left of its unit, a product terminal one layer right of its unit, so side
   streams enter and leave beside the unit they belong to.
3. **Long streams.** A stream that spans more than one layer gets a bend point in every layer it
   crosses (the dummy nodes of Sugiyama et al.), so that it is routed through a slot of its own
   instead of across the units in between.
4. **Order within a layer.** A few alternating sweeps of the barycentre heuristic place each node
   at the mean position of its neighbours in earlier (left-to-right sweep) or later layers
   (right-to-left sweep), which removes most edge crossings.

Positions are abstract: ``layer`` counts columns from the left and ``row`` is a position within
the column, centred on zero. The figure module turns them into pixels.

References
----------
Tarjan, R. (1972). Depth-first search and linear graph algorithms. SIAM J. Comput. 1(2), 146–160.
https://doi.org/10.1137/0201010
Sugiyama, K., Tagawa, S., Toda, M. (1981). Methods for visual understanding of hierarchical system
structures. IEEE Trans. Syst. Man Cybern. 11(2), 109–125. https://doi.org/10.1109/TSMC.1981.4308636
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["FlowsheetLayout", "Node", "NodeKind", "StreamEdge", "flowsheet_layout"]

NodeKind = Literal["unit", "feed", "product", "bend"]
Node = tuple[NodeKind, str]
"""A node: ``("unit", unit_id)``, ``("feed", stream_id)``, ``("product", stream_id)``, or a bend
point ``("bend", "<stream_id> <layer>")`` of a stream that crosses layers."""

_SWEEPS = 6


@dataclass(frozen=True)
class StreamEdge:
    """One stream drawn as an edge from ``source`` to ``target``; ``recycle`` marks a back edge."""

    stream: str
    source: Node
    target: Node
    recycle: bool


@dataclass(frozen=True)
class FlowsheetLayout:
    """Column (``layer``) and centred position in the column (``row``) of every node.

    ``bends`` lists, for each stream that crosses layers, its bend points from left to right.
    """

    layer: dict[Node, int]
    row: dict[Node, float]
    edges: list[StreamEdge]
    bends: dict[str, list[Node]]

    @property
    def nodes(self) -> list[Node]:
        """Every unit and terminal (not the bend points), units first, in a stable order."""
        return [node for node in self.layer if node[0] != "bend"]


def flowsheet_layout(results: Mapping[str, Any]) -> FlowsheetLayout:
    """Lay out the flowsheet of ``results`` (the results.json dictionary) from left to right."""
    streams: Mapping[str, Mapping[str, Any]] = results.get("streams") or {}
    units = _unit_ids(results)
    internal = [
        (stream_id, s["source"], s["sink"])
        for stream_id, s in streams.items()
        if s.get("source") is not None and s.get("sink") is not None
    ]
    fed_units = [s["sink"] for s in streams.values() if s.get("source") is None and s.get("sink")]
    recycles = _back_edges(units, internal, fed_units)
    depth = _longest_path_depth(units, [e for e in internal if e[0] not in recycles])

    layer: dict[Node, int] = {("unit", unit): depth[unit] for unit in units}
    edges: list[StreamEdge] = []
    for stream_id, s in streams.items():
        source, sink = s.get("source"), s.get("sink")
        start: Node = ("unit", source) if source is not None else ("feed", stream_id)
        end: Node = ("unit", sink) if sink is not None else ("product", stream_id)
        if source is None:
            layer[start] = depth[sink] - 1 if sink is not None else 0
        if sink is None:
            layer[end] = layer[start] + 1
        edges.append(StreamEdge(stream_id, start, end, stream_id in recycles))
    bends: dict[str, list[Node]] = {}
    links: list[tuple[Node, Node]] = []
    for edge in edges:
        chain: list[Node] = [edge.source]
        if not edge.recycle:
            for index in range(layer[edge.source] + 1, layer[edge.target]):
                bend: Node = ("bend", f"{edge.stream} {index}")
                layer[bend] = index
                chain.append(bend)
            bends[edge.stream] = chain[1:]
        chain.append(edge.target)
        links += [(a, b) for a, b in zip(chain, chain[1:]) if a != b]
    return FlowsheetLayout(layer, _order_rows(layer, links), edges, bends)


def _unit_ids(results: Mapping[str, Any]) -> list[str]:
    """Units named in ``results["units"]`` (if present) and as stream sources or sinks."""
    seen: dict[str, None] = dict.fromkeys(results.get("units") or {})
    for s in (results.get("streams") or {}).values():
        for end in (s.get("source"), s.get("sink")):
            if end is not None:
                seen.setdefault(end, None)
    return list(seen)


def _back_edges(
    units: list[str], internal: list[tuple[str, str, str]], fed_units: list[str]
) -> set[str]:
    """Streams that close a cycle, found by an iterative depth-first search."""
    successors: dict[str, list[tuple[str, str]]] = {unit: [] for unit in units}
    has_inlet: set[str] = set()
    for stream_id, source, sink in internal:
        successors[source].append((stream_id, sink))
        if source != sink:
            has_inlet.add(sink)
    roots = fed_units + [u for u in units if u not in has_inlet] + units
    on_stack, done, back = set(), set(), set()
    for root in roots:
        if root in on_stack or root in done:
            continue
        on_stack.add(root)
        stack = [(root, iter(successors[root]))]
        while stack:
            node, pending = stack[-1]
            for stream_id, nxt in pending:
                if nxt in on_stack:
                    back.add(stream_id)
                elif nxt not in done:
                    on_stack.add(nxt)
                    stack.append((nxt, iter(successors[nxt])))
                    break
            else:
                stack.pop()
                on_stack.discard(node)
                done.add(node)
    return back


def _longest_path_depth(units: list[str], forward: list[tuple[str, str, str]]) -> dict[str, int]:
    """Layer of each unit: 1 + the longest path reaching it through ``forward`` (acyclic) edges."""
    indegree = dict.fromkeys(units, 0)
    successors: dict[str, list[str]] = {unit: [] for unit in units}
    for _stream_id, source, sink in forward:
        successors[source].append(sink)
        indegree[sink] += 1
    depth = dict.fromkeys(units, 1)
    ready = [unit for unit in units if indegree[unit] == 0]
    while ready:
        unit = ready.pop(0)
        for nxt in successors[unit]:
            depth[nxt] = max(depth[nxt], depth[unit] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return depth


def _order_rows(layer: dict[Node, int], links: list[tuple[Node, Node]]) -> dict[Node, float]:
    """Centred positions within each layer after barycentre sweeps over the ``links``."""
    columns: dict[int, list[Node]] = {}
    for node, index in layer.items():
        columns.setdefault(index, []).append(node)
    neighbours: dict[Node, list[Node]] = {node: [] for node in layer}
    for a, b in links:
        neighbours[a].append(b)
        neighbours[b].append(a)
    row = _centred(columns)
    order = sorted(columns)
    for sweep in range(_SWEEPS):
        left_to_right = sweep % 2 == 0
        for index in order if left_to_right else reversed(order):
            def barycentre(node: Node, index: int = index) -> float:
                fixed = [
                    row[n] for n in neighbours[node]
                    if (layer[n] < index if left_to_right else layer[n] > index)
                ]
                return sum(fixed) / len(fixed) if fixed else row[node]

            columns[index].sort(key=barycentre)
            row.update(_centred({index: columns[index]}))
    return row


def _centred(columns: Mapping[int, list[Node]]) -> dict[Node, float]:
    return {
        node: position - (len(nodes) - 1) / 2
        for nodes in columns.values()
        for position, node in enumerate(nodes)
    }

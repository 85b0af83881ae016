"""Calculation order: strongly connected blocks in topological order, with tear streams.

Units form a directed graph (an edge per stream between two units). Its strongly connected
components (``scipy.sparse.csgraph``) are the recycle blocks; the blocks are ordered
topologically. In each block with a cycle, a smallest set of tear streams that leaves the block
acyclic is chosen — exhaustively for blocks of up to ``EXHAUSTIVE_EDGES`` streams, otherwise by
removing the back edges of a depth-first search — and the block's units are ordered with the
tears removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["Block", "calculation_order"]

EXHAUSTIVE_EDGES = 24
MAX_EXHAUSTIVE_TEARS = 3


@dataclass(frozen=True)
class Block:
    """Units to compute in ``order``; ``tears`` are the streams iterated to convergence."""

    order: tuple[str, ...]
    tears: tuple[str, ...]


def calculation_order(units: list[str], edges: list[tuple[str, str, str]]) -> list[Block]:
    """Blocks in calculation order for ``units`` joined by ``(source, sink, stream)`` edges."""
    index = {u: i for i, u in enumerate(units)}
    n = len(units)
    rows = [index[s] for s, _, _ in edges]
    cols = [index[t] for _, t, _ in edges]
    graph = csr_matrix((np.ones(len(edges)), (rows, cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=True, connection="strong")
    members: list[list[str]] = [[] for _ in range(count)]
    for u in units:
        members[labels[index[u]]].append(u)
    block_edges: list[list[tuple[str, str, str]]] = [[] for _ in range(count)]
    dag: dict[int, set[int]] = {b: set() for b in range(count)}
    for s, t, sid in edges:
        bs, bt = labels[index[s]], labels[index[t]]
        if bs == bt:
            block_edges[bs].append((s, t, sid))
        else:
            dag[bs].add(bt)
    blocks = []
    for b in _topological(list(range(count)), dag):
        inner = block_edges[b]
        tears = _tears(members[b], inner) if inner else ()
        kept = {u: set() for u in members[b]}  # type: dict[str, set[str]]
        for s, t, sid in inner:
            if sid not in tears:
                kept[s].add(t)
        blocks.append(Block(tuple(_topological(members[b], kept)), tuple(tears)))
    return blocks


def _topological(nodes: list, successors: dict) -> list:
    """Kahn's algorithm, stable with respect to the order of ``nodes``."""
    indegree = {v: 0 for v in nodes}
    for v in nodes:
        for w in successors[v]:
            indegree[w] += 1
    ready = [v for v in nodes if indegree[v] == 0]
    order = []
    while ready:
        v = ready.pop(0)
        order.append(v)
        for w in sorted(successors[v], key=nodes.index):
            indegree[w] -= 1
            if indegree[w] == 0:
                ready.append(w)
    if len(order) != len(nodes):
        raise AssertionError("cycle left after tearing")
    return order


def _is_acyclic(nodes: list[str], edges: list[tuple[str, str, str]], removed: set[str]) -> bool:
    successors: dict[str, set[str]] = {u: set() for u in nodes}
    for s, t, sid in edges:
        if sid not in removed:
            successors[s].add(t)
    try:
        _topological(nodes, successors)
    except AssertionError:
        return False
    return True


def _tears(nodes: list[str], edges: list[tuple[str, str, str]]) -> tuple[str, ...]:
    ids = [sid for _, _, sid in edges]
    if len(ids) <= EXHAUSTIVE_EDGES:
        for size in range(1, MAX_EXHAUSTIVE_TEARS + 1):
            for combo in combinations(ids, size):
                if _is_acyclic(nodes, edges, set(combo)):
                    return combo
    return _back_edges(nodes, edges)


def _back_edges(nodes: list[str], edges: list[tuple[str, str, str]]) -> tuple[str, ...]:
    """Streams that close a cycle in a depth-first search from the first unit."""
    successors: dict[str, list[tuple[str, str]]] = {u: [] for u in nodes}
    for s, t, sid in edges:
        successors[s].append((t, sid))
    state: dict[str, int] = {}
    back: list[str] = []
    for root in nodes:
        if root in state:
            continue
        stack = [(root, iter(successors[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            for t, sid in it:
                if state.get(t) == 1:
                    back.append(sid)
                elif t not in state:
                    state[t] = 1
                    stack.append((t, iter(successors[t])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return tuple(back)

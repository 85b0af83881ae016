"""Calculation order and tear selection on known graphs."""

import pytest

from reeflow.flowsheet import calculation_order

pytestmark = pytest.mark.unit


def test_acyclic_flowsheet_needs_no_tears_and_runs_upstream_first() -> None:
    blocks = calculation_order(["c", "a", "b"], [("a", "b", "s1"), ("b", "c", "s2")])
    assert [b.order for b in blocks] == [("a",), ("b",), ("c",)]
    assert all(not b.tears for b in blocks)


def test_single_recycle_is_torn_once() -> None:
    edges = [("feed", "mix", "s0"), ("mix", "sep", "s1"), ("sep", "split", "s2"), ("split", "mix", "rec")]
    blocks = calculation_order(["feed", "mix", "sep", "split"], edges)
    loop = [b for b in blocks if b.tears]
    assert len(loop) == 1 and len(loop[0].tears) == 1
    assert set(loop[0].order) == {"mix", "sep", "split"}


def test_two_nested_recycles_share_one_tear_when_possible() -> None:
    # a -> b -> c -> a and b -> c -> b: tearing b->c breaks both cycles
    edges = [("a", "b", "ab"), ("b", "c", "bc"), ("c", "a", "ca"), ("c", "b", "cb")]
    blocks = calculation_order(["a", "b", "c"], edges)
    assert blocks[0].tears == ("bc",)
    assert blocks[0].order[-1] == "b"

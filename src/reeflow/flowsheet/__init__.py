"""Flowsheets: the graph of units and streams, calculation order, and the recycle solver."""

from reeflow.flowsheet.graph import Feed, Flowsheet
from reeflow.flowsheet.results import flowsheet_results
from reeflow.flowsheet.solver import SolveOptions, SolveReport, solve
from reeflow.flowsheet.tearing import Block, calculation_order

__all__ = [
    "Block",
    "Feed",
    "Flowsheet",
    "SolveOptions",
    "SolveReport",
    "calculation_order",
    "flowsheet_results",
    "solve",
]

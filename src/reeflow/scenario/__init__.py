"""Scenario files: schema, loading and building the flowsheet."""

from reeflow.scenario.load import build_flowsheet, load_scenario, read_scenario_mapping, read_scenario_text
from reeflow.scenario.schema import Scenario

__all__ = ["Scenario", "build_flowsheet", "load_scenario", "read_scenario_mapping", "read_scenario_text"]

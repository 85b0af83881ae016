"""Radioactivity of process streams: thorium and uranium series activity, radium, regulatory class."""

from reeflow.radioactivity.activity import (
    NuclideActivity,
    flowsheet_radioactivity,
    radium_activities,
    specific_activity,
    stream_radioactivity,
)
from reeflow.radioactivity.secular import ore_with_radium, radium_isotope_fractions, secular_radium

__all__ = [
    "NuclideActivity",
    "flowsheet_radioactivity",
    "ore_with_radium",
    "radium_activities",
    "radium_isotope_fractions",
    "secular_radium",
    "specific_activity",
    "stream_radioactivity",
]

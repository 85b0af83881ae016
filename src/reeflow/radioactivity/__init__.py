"""Radioactivity of process streams: thorium and uranium series activity, their progeny, regulatory class."""

from reeflow.radioactivity.activity import (
    NuclideActivity,
    flowsheet_radioactivity,
    progeny_activities,
    specific_activity,
    stream_radioactivity,
)
from reeflow.radioactivity.secular import ore_with_radium, progeny, progeny_fractions, secular_progeny

__all__ = [
    "NuclideActivity",
    "flowsheet_radioactivity",
    "ore_with_radium",
    "progeny",
    "progeny_activities",
    "progeny_fractions",
    "secular_progeny",
    "specific_activity",
    "stream_radioactivity",
]

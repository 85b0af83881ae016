"""Radioactivity of process streams: thorium and uranium series activity and regulatory class."""

from reeflow.radioactivity.activity import (
    NuclideActivity,
    flowsheet_radioactivity,
    specific_activity,
    stream_radioactivity,
)

__all__ = ["NuclideActivity", "flowsheet_radioactivity", "specific_activity", "stream_radioactivity"]

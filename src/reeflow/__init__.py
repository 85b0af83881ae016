"""reeflow: rare-earth process engineering from ore to separated oxides and alloys.

The package imports nothing heavy at start-up; each sub-package is imported where it is used.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

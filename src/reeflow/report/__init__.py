"""Reports of a flowsheet run: a self-contained HTML page and a CSV stream table.

:func:`write_report` writes ``report.html`` (summary, products, flowsheet diagram, Sankey
diagrams of rare-earth and thorium flows, stream tables, element balance, extra figures);
:func:`write_streams_csv` writes ``streams.csv``. Both read only the results.json dictionary.
plotly is imported when a report is written, not when this package is imported.
"""

from reeflow.report.assemble import write_report
from reeflow.report.streams_csv import write_streams_csv

__all__ = ["write_report", "write_streams_csv"]

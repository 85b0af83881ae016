"""The ``reeflow`` command line: thin typer adapters over the library."""

"""The `settle` command line (Typer + Rich)."""

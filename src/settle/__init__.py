"""Settle: points-based residence permits and settlement, with policies as data."""

__version__ = "0.1.0"

"""The migrant registry: persons, dated periods, records and evidence, on a real database."""

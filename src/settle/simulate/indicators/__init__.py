"""The pilots' monitoring indicators: defined as data (indicators/), computed from the registry,
the service cases or a synthetic population, small cells suppressed, exported."""

"""The rule engines: the one-person engine that explains itself, and the bulk compiler."""

"""The HTTP API (FastAPI): the registry, the settlement workflow, roles and the audit trail."""

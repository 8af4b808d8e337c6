"""The audit trail: every state change and every read of personal data, hash-chained."""

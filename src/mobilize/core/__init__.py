"""Core: what every app shares.

Owns the base model, the application error, the audit trail (writes and staff reads of personal
data), the generic update-with-version helper, htmx helpers and the test cast. It imports no
domain app: domain apps import it.
"""

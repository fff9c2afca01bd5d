"""Diskret's action server: forms, data-subject rights and the redaction engine."""

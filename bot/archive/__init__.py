"""The transcript archive: redacted conversations kept for compliance review and statistics.

``broker`` receives events from Rasa and hands them to ``writer`` off the request path;
``models`` holds the tables (on the vault's ``Base``); ``store`` reads, erases and purges;
``audit`` looks for residual personal data; ``stats`` aggregates for marketing;
``access_log`` and ``subject_requests`` record what staff did.
"""

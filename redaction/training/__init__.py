"""Reproducible training of the redaction NER: ``python -m redaction.training``."""

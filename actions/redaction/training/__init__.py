"""Reproducible training of the redaction NER: ``python -m actions.redaction.training``."""

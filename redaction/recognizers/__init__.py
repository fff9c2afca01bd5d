"""Rule recognizers, one kind of personal data per module (importing registers the factories)."""
from . import (  # noqa: F401
    address,
    ahv_number,
    credit_card,
    date_of_birth,
    email,
    health,
    iban,
    identity_document,
    ip_address,
    labelled_id,
    person,
    phone,
    protected,
    social_security,
    tax_id,
    url_personal,
)
from .base import Pattern, PatternRecognizer

__all__ = ["Pattern", "PatternRecognizer"]

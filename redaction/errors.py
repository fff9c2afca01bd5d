"""The one exception the redaction engine raises, so callers can fail closed."""


class RedactionError(RuntimeError):
    """Raised when text cannot be redacted; the caller must not store or log it."""

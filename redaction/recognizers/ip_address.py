"""IPv4 and IPv6 addresses, confirmed by the standard library's parser."""

import re

from spacy.language import Language

from ..labels import IP_ADDRESS
from ..validation import ip_address_valid
from .base import Pattern, PatternRecognizer

_VERSION_WORD = re.compile(r"(?:version|v|ver\.?|release|update)\s*$", re.IGNORECASE)


@Language.factory("pii_ip_address")
class IpAddressRecognizer(PatternRecognizer):
    """Dotted quads (not software versions like "Version 1.2.3.4") and colon-hex IPv6."""

    label = IP_ADDRESS
    patterns = (
        Pattern("ipv4", re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?P<port>:\d{1,5})?(?![\w]|\.\d)"), 0.6),
        Pattern(
            "ipv6",
            re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])"),
            0.6,
        ),
    )

    def may_contain(self, text: str) -> bool:
        return "." in text or "::" in text or text.count(":") >= 2

    def validate(self, value, match, text, lang):
        port = match.groupdict().get("port")
        if port:
            value = value[: -len(port)]  # "185.22.143.9:8443": the port goes with the address
        if not ip_address_valid(value) or _VERSION_WORD.search(text[max(0, match.start() - 12) : match.start()]):
            return False
        return ":" not in value or sum(c.isalnum() for c in value) >= 3 or None

"""Payment card numbers (Visa, Mastercard, Amex, Discover, JCB, Diners, Maestro), Luhn-checked."""

import re

from spacy.language import Language

from ..labels import CREDIT_CARD
from ..validation import compact, luhn_valid
from ..spans import digit_count
from .base import Pattern, PatternRecognizer

_ISSUER_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2)|35|5[06-9]|6[0-9])")


@Language.factory("pii_credit_card")
class CreditCardRecognizer(PatternRecognizer):
    """13-19 digits in any grouping with spaces or dashes; issuer prefix and Luhn must hold."""

    label = CREDIT_CARD
    patterns = (
        # not glued to letters: "DE58 5001 0517 1326 …" is an IBAN, valid or not
        # a lookahead, so a failed greedy match ("Bestellung 12 4111 …") cannot swallow the card after it
        Pattern("card", re.compile(r"(?<![\w.,\-])(?=(?P<card>\d(?:[ \-]?\d){12,18})(?!\d|[.,]\d))"), 0.3, group="card"),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 13

    def refine(self, match, pattern, text, lang):
        """Drop trailing digit groups (an expiry date, a CVC) until the checks pass."""
        start, end = match.span("card")
        while end - start >= 13:
            if self.validate(text[start:end], match, text, lang):
                return start, end
            end = max(text.rfind(" ", start, end), text.rfind("-", start, end), start + 12)
            while end > start and not text[end - 1].isdigit():
                end -= 1
        return match.span("card")

    def validate(self, value, match, text, lang):
        digits = compact(value)
        return 13 <= len(digits) <= 19 and bool(_ISSUER_PREFIX.match(digits)) and luhn_valid(digits)

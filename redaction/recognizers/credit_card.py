"""Payment card numbers (Visa, Mastercard, Amex, Discover, JCB, Diners, Maestro), Luhn-checked."""

import re

from spacy.language import Language

from ..labels import CREDIT_CARD
from ..validation import compact, luhn_valid
from ..spans import digit_count
from .base import Pattern, PatternRecognizer

_DIGIT_GROUP = re.compile(r"\d+")
_ISSUER_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2)|35|5[06-9]|6[0-9])")


@Language.factory("pii_credit_card")
class CreditCardRecognizer(PatternRecognizer):
    """13-19 digits in any grouping with spaces or dashes; issuer prefix and Luhn must hold."""

    label = CREDIT_CARD
    starts_inside_confirmed = False  # a card's later groups are not the start of another card
    patterns = (
        # not glued to letters: "DE58 5001 0517 1326 …" is an IBAN, valid or not
        # a lookahead, so a failed greedy match ("Bestellung 12 4111 …") cannot swallow the card after it
        Pattern("card", re.compile(r"(?<![\w.,\-])(?=(?P<card>\d(?:[ \-]?\d){12,18})(?!\d|[.,]\d))"), 0.3, group="card"),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 13

    def refine(self, match, pattern, text, lang):
        """Drop trailing digit groups (an expiry date, a CVC) until the checks pass. Digits no issuer
        starts with fail whatever is dropped (a run of digit groups starts a candidate at every
        group, so this test must be cheap)."""
        start, end = match.span("card")
        value = text[start:end]
        if not _ISSUER_PREFIX.match(compact(value)):
            return start, end
        for group in reversed(list(_DIGIT_GROUP.finditer(value))):
            if group.end() < 13:
                break
            if self.validate(value[: group.end()], match, text, lang):
                return start, start + group.end()
        return start, end

    def validate(self, value, match, text, lang):
        digits = compact(value)
        return 13 <= len(digits) <= 19 and bool(_ISSUER_PREFIX.match(digits)) and luhn_valid(digits)

"""Messages written in capitals: telling them apart and reading them in other casings.

Casing is evidence for names and streets ("Martina Krause", "Mill Lane"); a message in
capitals carries none, so detectors read it once more in a casing they understand. Every
function keeps the length, so offsets stay valid.
"""
import re

_LONG_WORD = re.compile(r"[^\W\d_]{3,}")


def is_shouted(text: str) -> bool:
    """Written in capitals: several letters and none of them lowercase."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 6 and not any(char.islower() for char in letters)


def lowercase_same_length(text: str) -> str:
    """``text`` in lowercase, character by character ("İ" stays as it is)."""
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


def title_case_words(text: str) -> str:
    """Words of three or more letters with a capital first and lowercase after ("14 MILL LANE,
    NORWICH NR3 2PQ" -> "14 Mill Lane, Norwich NR3 2PQ"): codes like postcodes and states stay."""
    return _LONG_WORD.sub(lambda word: word.group()[0] + lowercase_same_length(word.group()[1:]), text)

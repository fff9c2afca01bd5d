from redaction.casing import is_shouted, lowercase_same_length, title_case_words


def test_lowercasing_keeps_offsets_for_letters_that_grow():
    text = "İSTANBUL BÜRO STRASSE"
    assert len(lowercase_same_length(text)) == len(text)
    assert is_shouted(text) and not is_shouted("Hallo WELT") and not is_shouted("OK")


def test_title_case_keeps_codes_and_length():
    text = "14 MILL LANE, NORWICH NR3 2PQ, NY 10024, İZMİR"
    assert title_case_words(text).startswith("14 Mill Lane, Norwich NR3 2PQ, NY 10024, İ")
    assert len(title_case_words(text)) == len(text)

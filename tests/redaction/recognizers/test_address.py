import pytest


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ich wohne in der Hauptstraße 5, 10115 Berlin.", "Hauptstraße 5, 10115 Berlin"),
        ("Adresse: Bahnhofstr. 12a", "Bahnhofstr. 12a"),
        ("Lieferung an Seefeldstrasse 101, 8008 Zürich", "Seefeldstrasse 101, 8008 Zürich"),
        ("Mariahilfer Straße 88/2/14, 1070 Wien", "Mariahilfer Straße 88/2/14, 1070 Wien"),
        ("Unter den Linden 77, 10117 Berlin", "Unter den Linden 77, 10117 Berlin"),
        ("meine adresse ist hauptstr 5", "hauptstr 5"),
        ("I live at 12 Baker Street.", "12 Baker Street"),
        ("Send it to 221B Baker St, London NW1 6XE", "221B Baker St, London NW1 6XE"),
        ("Office: 1800 Larkspur Road, Portland, OR 97205", "1800 Larkspur Road, Portland, OR 97205"),
    ],
)
def test_finds_street_addresses(found, text, value):
    assert ("ADDRESS", value) in found(text)


@pytest.mark.parametrize(
    "text",
    ["Wir sitzen in 10115 Berlin.", "Wir sind in Wien.", "Die Straße ist gesperrt.", "Wir haben 5 Filialen", "Top 10 Tipps für Google"],
)
def test_ignores_cities_postcodes_and_counts(labels, text):
    assert "ADDRESS" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [("Livraison: Rue des Alpes 7, 1201 Genève", "Rue des Alpes 7, 1201 Genève"),
     ("Ufficio in Via Canova 12, 6900 Lugano", "Via Canova 12, 6900 Lugano"),
     ("Chemin de la Forêt 3a", "Chemin de la Forêt 3a")],
)
def test_romance_street_forms(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize("text", ["Place 2 im Ranking", "Route 66 Diner", "Studio in 10115 Berlin-Mitte", "Top 10 Tipps für Google"])
def test_numbers_by_words_that_are_no_address(labels, text):
    assert "ADDRESS" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Our office: 45 Kingsway, Manchester M19 2LL today", "45 Kingsway, Manchester M19 2LL"),
        ("to Apt 5B, 310 West 89th Street, New York, NY 10024.", "Apt 5B, 310 West 89th Street, New York, NY 10024"),
        ("COME BY 14 MILL LANE, NORWICH NR3 2PQ", "14 MILL LANE, NORWICH NR3 2PQ"),
    ],
)
def test_british_postcodes_ordinal_streets_and_capitals(covered, text, value):
    assert covered(text, value)


def test_everyday_words_before_a_postcode_are_no_street(labels):
    assert "ADDRESS" not in labels("We have 3 Offices, London SW1A 1AA is the main one")


@pytest.mark.parametrize(
    "text, value",
    [
        ("in Wien: Mariahilfer Straße 45/Stiege 2/Top 14, 1060 Wien. Danke", "Mariahilfer Straße 45/Stiege 2/Top 14, 1060 Wien"),
        ("Am Hof 2, Stiege 1, Top 4, 1010 Wien – das ist die Adresse", "Am Hof 2, Stiege 1, Top 4, 1010 Wien"),
        ("an mein Postfach: Postfach 10 12 44, 40003 Düsseldorf", "Postfach 10 12 44, 40003 Düsseldorf"),
        ("Send them to PO Box 1127, Wellington, FL 33414 please.", "PO Box 1127, Wellington, FL 33414"),
        ("Shipping address:\nJames O'Connor\n14 Willow Road\nBristol\nBS6 5AB\nUnited Kingdom", "14 Willow Road\nBristol\nBS6 5AB"),
    ],
)
def test_austrian_doors_post_boxes_and_addresses_over_several_lines(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    ["Verwaltungskonto 731-204-8816. Warum?", "ich bräuchte die Rechnungen 2023-0412 bis 2023-0418", "Firmenkarten (Kostenstelle 300-22)."],
)
def test_account_invoice_and_cost_centre_numbers_are_no_address(labels, text):
    assert "ADDRESS" not in labels(text)


def test_in_before_the_postcode(covered):
    assert covered("meine adresse is hauptstr 12 in 80331 münchen", "hauptstr 12 in 80331 münchen")

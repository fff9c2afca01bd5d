import pytest


@pytest.mark.parametrize(
    "value",
    [
        "https://www.linkedin.com/in/jana-wolkenstein-4a1b2c",
        "linkedin.com/in/anna-schmidt",
        "xing.com/profile/Torben_Hasselbrink",
        "instagram.com/lena.kocht.gern",
        "https://www.facebook.com/sabine.kuhlmann.12",
        "https://twitter.com/megan_writes",
        "x.com/davek_codes",
        "https://www.tiktok.com/@ferdi.bastelt",
        "github.com/tkrause-dev",
    ],
)
def test_finds_profile_urls(found, value):
    assert found(f"Mein Profil: {value} !") == [("URL_PERSONAL", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Unsere Seite ist www.baeckerei-sonnenschein.de",
        "https://www.linkedin.com/company/beispiel-gmbh",
        "facebook.com/business/ads",
        "instagram.com/explore/tags/kaffee",
        "https://example.com/team/anna",
    ],
)
def test_ignores_company_pages(labels, text):
    assert "URL_PERSONAL" not in labels(text)


@pytest.mark.parametrize(
    "value",
    [
        "https://www.facebook.com/profile.php?id=100012345678901",
        "youtube.com/c/AnnaBakes",
        "behance.net/annameier",
        "t.me/max_mustermann",
        "https://bsky.app/profile/jane.bsky.social",
    ],
)
def test_finds_profiles_on_further_networks_and_numeric_ids(found, value):
    assert found(f"see {value} ok") == [("URL_PERSONAL", value)]


def test_a_networks_own_pages_stay(labels):
    assert "URL_PERSONAL" not in labels("vimeo.com/about und t.me/login")


@pytest.mark.parametrize(
    "text",
    [
        "Please tag our company pages facebook.com/NordlichtMedia in the posts.",
        "Our YouTube channel youtube.com/@NordbriseOutdoor has 12k subscribers",
        "Könnt ihr unsere Facebook-Seite facebook.com/BaeckereiHuberWien betreuen?",
    ],
)
def test_a_business_page_named_as_such_is_not_personal(labels, text):
    assert "URL_PERSONAL" not in labels(text)


def test_a_personal_profile_named_as_such_after_a_business_page(covered):
    text = "help with our facebook business page, the personal profile of my old employee facebook.com/michael.hartl.94 is admin"
    assert covered(text, "facebook.com/michael.hartl.94")


def test_our_insta_is_a_business_account(labels):
    assert "URL_PERSONAL" not in labels("unser insta ist instagram.com/baeckerei_wolf_official, schaut mal")

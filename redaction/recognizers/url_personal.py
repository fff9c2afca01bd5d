"""Profile URLs on social networks, which identify a person (company sites do not)."""

import re

from spacy.language import Language

from ..labels import URL_PERSONAL
from .base import Pattern, PatternRecognizer

_PREFIX = r"(?:https?://)?(?:(?:www|[a-z]{2}|m|mobile)\.)?"
_HANDLE = r"[A-Za-z0-9_%À-ÿ](?:[A-Za-z0-9_.\-%À-ÿ]*[A-Za-z0-9_À-ÿ])?"
# Paths on these sites that are not a person's profile.
_NOT_PROFILES = {
    "company", "companies", "pages", "page", "groups", "jobs", "school", "showcase",
    "events", "explore", "p", "reel", "reels", "stories", "watch", "marketplace",
    "business", "help", "login", "signup", "share", "search", "hashtag", "about",
    "legal", "privacy", "settings", "home", "features", "pricing", "topics", "orgs",
    "sponsors", "marketplace", "tag", "discover", "policies", "intl", "i", "feed",
}


# Words before a network address that make it a business's page, not a person's profile.
_BUSINESS_PAGE = re.compile(
    r"(?i:unsere[nmr]?|unser|our|company|firmen|business|brand|marke|shop|geschäfts|account\s+of\s+our)"
    r"(?:[\s\-]+[\w\-]+){0,3}[\s\-]+(?i:seiten?|pages?|channel|kanal|account|accounts|profile?|profil|insta|"
    r"instagram|facebook|fb|tiktok|youtube|linkedin)\b"
    r"|(?i:company|business|firmen)[\s\-]?(?:pages?|seiten?)"
)


# ... unless the writer says right before it that this one is a person's: "the personal profile of …".
_PERSONAL_PAGE = re.compile(r"(?i:personal|persönliche?s?|private?s?|privat|mein\s+profil|my\s+profile)")


@Language.factory("pii_url_personal")
class PersonalUrlRecognizer(PatternRecognizer):
    """linkedin.com/in/…, xing.com/profile/…, users of instagram, facebook, x, github and other networks,
    tiktok @users, numeric profile ids."""

    label = URL_PERSONAL
    patterns = (
        Pattern(
            "profile_path",
            re.compile(
                rf"(?<![\w/]){_PREFIX}(?:linkedin\.com/(?:in|pub)|xing\.(?:com|de)/profiles?)/{_HANDLE}",
                re.IGNORECASE,
            ),
            0.95,
        ),
        Pattern(
            "tiktok",
            re.compile(rf"(?<![\w/]){_PREFIX}tiktok\.com/@{_HANDLE}", re.IGNORECASE),
            0.95,
        ),
        Pattern(
            "profile_id",
            re.compile(
                rf"(?<![\w/]){_PREFIX}(?:facebook\.com/profile\.php\?id=\d+|"
                rf"youtube\.com/(?:c|user|channel)/{_HANDLE}|bsky\.app/profile/{_HANDLE}|"
                rf"stackoverflow\.com/users/\d+(?:/{_HANDLE})?|flickr\.com/people/{_HANDLE})",
                re.IGNORECASE,
            ),
            0.95,
        ),
        Pattern(
            "user_path",
            re.compile(
                rf"(?<![\w/]){_PREFIX}(?:instagram\.com|facebook\.com|fb\.com|twitter\.com|x\.com|"
                rf"github\.com|threads\.net|medium\.com|youtube\.com|pinterest\.(?:com|de)|"
                rf"reddit\.com/u(?:ser)?|mastodon\.social|behance\.net|dribbble\.com|vimeo\.com|"
                rf"twitch\.tv|soundcloud\.com|snapchat\.com/add|t\.me|linktr\.ee|about\.me|gitlab\.com|"
                rf"xing\.com/profile|onlyfans\.com|patreon\.com|strava\.com/athletes)/(?P<user>@?{_HANDLE})/?",
                re.IGNORECASE,
            ),
            0.9,
        ),
    )

    def may_contain(self, text: str) -> bool:
        return "/" in text

    def validate(self, value, match, text, lang):
        if self.pattern_of(match).name != "user_path":
            return True
        before = text[max(0, match.start() - 60) : match.start()]
        if _BUSINESS_PAGE.search(before) and not _PERSONAL_PAGE.search(before[-50:]):
            return False  # "unsere Facebook-Seite facebook.com/BaeckereiHuberWien"
        user = match.group("user").lstrip("@").lower()
        if not user or user in _NOT_PROFILES or user.endswith((".php", ".html")):
            return False
        if "youtube" in value.lower() and not match.group("user").startswith("@"):
            return False
        return True

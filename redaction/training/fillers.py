"""Seeded slot values for the training templates: names, addresses and look-alikes."""
import random
from typing import Callable, Dict, List, Tuple

from faker import Faker

from ..resources import word_set
from .faker_names import names_by_locale

GERMAN_ADDRESS_LOCALES = ("de_DE", "de_AT", "de_CH")
ENGLISH_ADDRESS_LOCALES = ("en_US", "en_GB")
# Name origins weighted roughly like the visitors of a German-speaking agency.
NAME_LOCALE_WEIGHTS = {
    "de_DE": 20, "de_AT": 8, "de_CH": 8, "en_US": 8, "en_GB": 8, "tr_TR": 8, "pl_PL": 6, "it_IT": 5,
    "fr_FR": 5, "es_ES": 4, "hr_HR": 3, "nl_NL": 3, "pt_PT": 2, "ro_RO": 2, "cs_CZ": 2, "vi_VN": 2,
    "sv_SE": 1, "hu_HU": 2, "en_IN": 2, "yo_NG": 1, "fi_FI": 1, "sk_SK": 1, "sl_SI": 1, "da_DK": 1,
}
# Faker has Arabic names only in Arabic script; chat visitors write them transliterated.
ARABIC_FIRST = ["Mohammed", "Ahmad", "Fatima", "Aisha", "Omar", "Layla", "Yusuf", "Mariam", "Khaled", "Nour",
                "Hassan", "Zainab", "Tariq", "Samira", "Karim", "Leila", "Rami", "Yasmin", "Amir", "Hiba"]
ARABIC_LAST = ["Al-Hassan", "El-Amin", "Haddad", "Khoury", "Saleh", "Nasser", "Abdullah", "Mansour",
               "Hamdan", "Darwish", "Aziz", "Rahman", "Ibrahim", "Farouk", "Bakr", "Suleiman"]
PARTICLES = ["von", "van", "de", "von der", "van der", "di", "da", "zu"]
BRANDS = [
    "Google Ads", "Shopify", "WordPress", "Meta Ads", "Instagram", "TikTok", "HubSpot", "Mailchimp", "SAP",
    "Salesforce", "Wix", "Jimdo", "WooCommerce", "LinkedIn", "Xing", "Canva", "Adobe", "Microsoft Teams",
    "Zoom", "Google Analytics", "Sistrix", "Semrush", "Mercedes", "Porsche", "Tchibo", "Lidl", "Aldi",
    "Rossmann", "Zalando", "Otto", "Hugo Boss", "Ritter Sport", "Haribo", "Vorwerk", "Bosch", "Miele",
    "Red Bull", "Swarovski", "Migros", "Coop", "Spar", "Google My Business", "Pinterest", "YouTube",
    "Facebook", "Amazon", "eBay", "Etsy", "Klarna", "PayPal", "Stripe", "Jira", "Notion", "Slack",
    "Helvetica Neue", "Open Sans", "Adobe Photoshop", "Final Cut Pro", "Google Tag Manager", "Apple Pay",
    "Times New Roman", "Shopify Plus", "Meta Business Suite", "Microsoft Dynamics",
]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
JOBS = ["Geschäftsführerin", "Geschäftsführer", "Marketing Lead", "Leitung Vertrieb", "Inhaber", "Projektleiterin",
        "Head of Sales", "Assistenz der Geschäftsführung", "Buchhaltung", "Prokurist", "Social Media Managerin"]
JOBS_EN = ["Marketing Lead", "Managing Director", "Head of Sales", "Owner", "Project Manager", "CEO", "Office Manager",
           "Founder & CEO", "Operations", "Customer Success Manager"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember", "Jänner"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]


class Fillers:
    """Draws every slot value from one seeded ``random.Random`` and seeded Faker instances."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = names_by_locale()
        self.fakers: Dict[str, Faker] = {}
        for index, locale in enumerate(GERMAN_ADDRESS_LOCALES + ENGLISH_ADDRESS_LOCALES):
            faker = Faker(locale)
            faker.seed_instance(seed * 100 + index)
            self.fakers[locale] = faker
        self.name_locales = [loc for loc in NAME_LOCALE_WEIGHTS if loc in self.names]
        self.name_weights = [NAME_LOCALE_WEIGHTS[loc] for loc in self.name_locales]
        self.lexicon = word_set("first_names")

    # --- people -------------------------------------------------------------------
    def _locale_names(self) -> Tuple[List[str], List[str]]:
        if self.rng.random() < 0.04:
            return ARABIC_FIRST, ARABIC_LAST
        locale = self.rng.choices(self.name_locales, self.name_weights)[0]
        return self.names[locale]

    def invented_first(self, firsts: List[str]) -> str:
        """A plausible name outside the lexicon, so the NER keeps learning from context."""
        while True:
            head, tail = self.rng.choice(firsts), self.rng.choice(firsts)
            name = (head[: self.rng.randint(2, 4)] + tail[self.rng.randint(1, 3) :].lower()).capitalize()
            if name.lower() not in self.lexicon and len(name) > 2:
                return name

    def _first_of(self, firsts: List[str]) -> str:
        if self.rng.random() < 0.25:
            return self.invented_first(firsts)
        return self.rng.choice(firsts)

    def first(self) -> str:
        firsts, _ = self._locale_names()
        name = self._first_of(firsts)
        if self.rng.random() < 0.06:
            name = f"{name}-{self.rng.choice(firsts)}"
        return name

    def last(self) -> str:
        _, lasts = self._locale_names()
        name = self.rng.choice(lasts)
        roll = self.rng.random()
        if roll < 0.06:
            name = f"{name}-{self.rng.choice(lasts)}"
        elif roll < 0.09:
            name = f"{self.rng.choice(PARTICLES)} {name}"
        return name

    def name(self) -> str:
        firsts, lasts = self._locale_names()
        first = self._first_of(firsts)
        if self.rng.random() < 0.08:
            first = f"{first} {self.rng.choice(firsts)}"
        return f"{first} {self.last()}"

    # --- places -------------------------------------------------------------------
    def _address_faker(self, german: bool) -> Faker:
        locales = GERMAN_ADDRESS_LOCALES if german else ENGLISH_ADDRESS_LOCALES
        return self.fakers[self.rng.choice(locales)]

    def street(self, german: bool) -> str:
        faker = self._address_faker(german if self.rng.random() < 0.85 else not german)
        street = faker.street_address().replace("\n", ", ")
        if self.rng.random() < 0.1:
            street = street.replace("straße", "str.").replace("strasse", "str.").replace("Street", "St")
        return street

    def postcode_city(self, german: bool) -> str:
        faker = self._address_faker(german)
        if faker.locales[0] == "en_US":
            return f"{faker.city()}, {faker.state_abbr()} {faker.postcode()}"
        if faker.locales[0] == "en_GB":
            return f"{faker.city()} {faker.postcode()}"
        return f"{faker.postcode()} {faker.city()}"

    def address(self, german: bool) -> str:
        faker = self._address_faker(german if self.rng.random() < 0.85 else not german)
        street = faker.street_address().replace("\n", ", ")
        if faker.locales[0] == "en_US":
            return f"{street}, {faker.city()}, {faker.state_abbr()} {faker.postcode()}"
        if faker.locales[0] == "en_GB":
            return f"{street}, {faker.city()} {faker.postcode()}"
        return f"{street}{self.rng.choice([', ', ' ', ', '])}{faker.postcode()} {faker.city()}"

    def city(self, german: bool) -> str:
        return self._address_faker(german).city()

    # --- look-alikes --------------------------------------------------------------
    def company(self, german: bool) -> str:
        return self._address_faker(german).company()

    def company_url(self, german: bool) -> str:
        word = self.rng.choice(self._address_faker(german).last_name().lower().split())
        return self.rng.choice(["www.", "https://", "https://www.", ""]) + word + self.rng.choice(
            [".de", ".com", ".at", ".ch", "-gmbh.de", ".co.uk"]
        )

    def email(self, german: bool) -> str:
        return self._address_faker(german).email()

    def phone(self, german: bool) -> str:
        return self._address_faker(german).phone_number()

    def price(self, german: bool) -> str:
        amount = self.rng.choice([300, 500, 800, 1200, 1500, 2500, 5000, 12000])
        if german:
            return self.rng.choice([f"{amount:,} €".replace(",", "."), f"{amount} Euro", f"€ {amount},-",
                                    f"CHF {amount:,}".replace(",", "'"), f"{amount} EUR"])
        return self.rng.choice([f"${amount:,}", f"£{amount:,}", f"€{amount}", f"{amount} dollars"])

    def date(self, german: bool) -> str:
        day, month = self.rng.randint(1, 28), self.rng.randint(1, 12)
        if german:
            return self.rng.choice([f"{day:02d}.{month:02d}.", f"{day}.{month}.2025", f"{day}. {self.rng.choice(MONTHS)}"])
        return self.rng.choice([f"{self.rng.choice(MONTHS_EN)} {day}", f"{month}/{day}/2025", f"the {day}th"])

    def time(self, german: bool) -> str:
        hour = self.rng.randint(8, 18)
        if german:
            return self.rng.choice([f"{hour} Uhr", f"{hour}:30", f"{hour}.15 Uhr"])
        return self.rng.choice([f"{hour % 12 or 12}pm", f"{hour}:30", f"{hour % 12 or 12} o'clock"])

    def fill(self, slot: str, german: bool) -> str:
        simple: Dict[str, Callable[[], str]] = {
            "name": self.name,
            "first": self.first,
            "last": self.last,
            "brand": lambda: self.rng.choice(BRANDS),
            "job": lambda: self.rng.choice(JOBS),
            "job_en": lambda: self.rng.choice(JOBS_EN),
            "ref": lambda: self.rng.choice(["4711-233", "KD-88231", "A-2024-0042", "100234", "R-99812"]),
            "ticket": lambda: str(self.rng.randint(1000, 99999)),
            "percent": lambda: f"{self.rng.randint(2, 80)} %",
            "year": lambda: str(self.rng.randint(1995, 2026)),
            "number": lambda: str(self.rng.randint(2, 500)),
            "version": lambda: f"{self.rng.randint(1, 9)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 9)}",
            "weekday": lambda: self.rng.choice(WEEKDAYS),
            "weekday_en": lambda: self.rng.choice(WEEKDAYS_EN),
            "month": lambda: self.rng.choice(MONTHS),
            "month_en": lambda: self.rng.choice(MONTHS_EN),
            "price_en": lambda: self.price(False),
            "date_en": lambda: self.date(False),
            "time_en": lambda: self.time(False),
        }
        if slot in simple:
            return simple[slot]()
        return getattr(self, slot)(german)

"""The content checks. Each takes the content root and returns problems in plain language."""
from __future__ import annotations

import difflib
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Set, Tuple
from urllib.parse import urlparse

import yaml

from bot.content.agency import CONTACT, FACTS, check_agency_facts, public_texts
from bot.content.loader import Example, Response, load_examples, load_responses, load_slot_names, variant_language
from bot.content.problems import Key, Problem, line_in, line_of, yaml_lines
from core.agency import variable_names
from core.languages import SUPPORTED_LANGUAGES
from core.templates import VARIABLE, variables_in

MIN_EXAMPLES = 40
MIN_ANSWER_EXAMPLES = 8  # per language, for each sub-topic of a retrieval intent (faq/jobs, ask_pricing/chf)
RETRIEVAL = "/"  # faq/jobs: the topic faq, the answer utter_faq/jobs
GENERAL_ANSWER = "general"  # what a button's /topic payload answers (bot/rasa_patches.py)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)\"'"
_PLACEHOLDER = re.compile(r"\[[A-Z_]+(?:_\d+)?\]")
_WARNING = re.compile(r"UserWarning: (.*)")


def _domain_intents(root: Path) -> List[str]:
    core = yaml.safe_load((root / "domain" / "core.yml").read_text(encoding="utf-8"))
    return list(core.get("intents", []))


def check_example_counts(root: Path) -> List[Problem]:
    """Every intent needs enough examples in both languages, or the assistant guesses."""
    counts: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first_file: Dict[str, Path] = {}
    for example in load_examples(root / "data" / "nlu"):
        intent = example.intent.split(RETRIEVAL)[0]
        counts[intent][example.language or "unknown"] += 1
        first_file.setdefault(intent, example.path)
    problems = []
    for intent in _domain_intents(root):
        for language in SUPPORTED_LANGUAGES:
            have = counts[intent][language]
            if have < MIN_EXAMPLES:
                path = first_file.get(intent, root / "data" / "nlu")
                problems.append(Problem(
                    "examples", path, line_of(path, f"intent: {intent}") if path.is_file() else None,
                    f"intent '{intent}' has {have} {language.upper()} examples; it needs at least {MIN_EXAMPLES} "
                    f"(add them in a block with 'metadata: language: {language}')",
                ))
    for example in load_examples(root / "data" / "nlu"):
        if example.language not in SUPPORTED_LANGUAGES:
            problems.append(Problem("examples", example.path, example.line,
                                    f"example '{example.text}' is in a block without 'metadata: language: de' or 'en'"))
            break
    return problems


def _response_selector_topics(root: Path) -> Tuple[Set[str], bool]:
    """The retrieval intents config.yml gives a ResponseSelector of their own, and whether one serves all."""
    config = yaml.safe_load((root / "config.yml").read_text(encoding="utf-8")) or {}
    selectors = [c for c in config.get("pipeline") or [] if c.get("name") == "ResponseSelector"]
    return {s["retrieval_intent"] for s in selectors if s.get("retrieval_intent")}, \
        any(not s.get("retrieval_intent") for s in selectors)


def _button_topics(root: Path) -> Set[str]:
    """Intents that buttons trigger directly (payload "/ask_pricing")."""
    return {str(button.get("payload", ""))[1:] for response in load_responses(root / "domain")
            for variant in response.variants for button in variant.get("buttons") or []
            if str(button.get("payload", "")).startswith("/")}


def check_retrieval_answers(root: Path) -> List[Problem]:
    """Every sub-topic (faq/jobs) has enough examples per language and an answer (utter_faq/jobs), and back."""
    counts: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    where: Dict[str, Example] = {}
    for example in load_examples(root / "data" / "nlu"):
        if RETRIEVAL in example.intent:
            counts[example.intent][example.language or "unknown"] += 1
            where.setdefault(example.intent, example)
    responses = {r.name: r for r in load_responses(root / "domain")}
    selected, default_selector = _response_selector_topics(root)
    problems = []
    for intent, example in sorted(where.items()):
        path = example.path
        line = line_of(path, f"intent: {intent}") if path.is_file() else None
        for language in SUPPORTED_LANGUAGES:
            if counts[intent][language] < MIN_ANSWER_EXAMPLES:
                problems.append(Problem("answers", path, line,
                                        f"'{intent}' has {counts[intent][language]} {language.upper()} examples; it "
                                        f"needs at least {MIN_ANSWER_EXAMPLES} ways of asking in each language"))
        if f"utter_{intent}" not in responses:
            problems.append(Problem("answers", path, line,
                                    f"'{intent}' has no answer: add 'utter_{intent}:' (German and English) to a file "
                                    "in domain/responses/"))
    topics = {intent.split(RETRIEVAL)[0] for intent in where}
    for name, response in sorted(responses.items()):
        if name.startswith("utter_") and RETRIEVAL in name and name[len("utter_"):] not in where:
            problems.append(Problem("answers", response.path, response.line,
                                    f"answer '{name}' has no examples: add 'intent: {name[len('utter_'):]}' blocks "
                                    "(both languages) in data/nlu/, or remove the answer"))
    for topic in sorted(topics):
        config = root / "config.yml"
        if topic not in selected and not default_selector:
            problems.append(Problem("answers", config, line_of(config, "ResponseSelector"),
                                    f"'{topic}' has sub-topics but no ResponseSelector: add one with "
                                    f"'retrieval_intent: {topic}' to the pipeline"))
        if topic in _button_topics(root) and f"utter_{topic}{RETRIEVAL}{GENERAL_ANSWER}" not in responses:
            problems.append(Problem("answers", root / "domain", None,
                                    f"a button asks '/{topic}' but there is no general answer "
                                    f"'utter_{topic}/{GENERAL_ANSWER}' for it"))
    return problems


def check_response_languages(root: Path) -> List[Problem]:
    """Every answer must exist in German and in English."""
    problems = []
    for response in load_responses(root / "domain"):
        languages = {variant_language(variant) for variant in response.variants}
        for language in SUPPORTED_LANGUAGES:
            if language not in languages:
                name = "English" if language == "en" else "German"
                problems.append(Problem("languages", response.path, response.line,
                                        f"response '{response.name}' has no {name} variant "
                                        f"(add one with 'condition: - type: slot, name: language, value: {language}')"))
    return problems


def _response_texts(response: Response) -> Iterable[str]:
    for _, text in _located_texts(response):
        yield text


def _located_texts(response: Response) -> Iterable[Tuple[Key, str]]:
    """Every text a visitor reads in ``response`` (variants' texts, buttons' titles), with its YAML key."""
    for index, variant in enumerate(response.variants):
        yield ("responses", response.name, index, "text"), variant.get("text") or ""
        for number, button in enumerate(variant.get("buttons") or []):
            yield ("responses", response.name, index, "buttons", number, "title"), button.get("title") or ""


def check_response_variables(root: Path) -> List[Problem]:
    """Every {variable} in an answer is one the assistant can fill (the agency's facts, settings or slots)."""
    try:
        facts = yaml.safe_load((root / FACTS).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        facts = None
    known = variable_names(facts if isinstance(facts, dict) else None) | load_slot_names(root / "domain")
    problems = []
    lines: Dict[Path, Dict[Key, int]] = {}
    for response in load_responses(root / "domain"):
        located = lines.setdefault(response.path, yaml_lines(response.path))
        for key, text in _located_texts(response):
            start = line_in(located, key) or response.line or 1
            for name in variables_in(text):
                if name in known:
                    continue
                spelled = re.sub(r"[\s-]+", "_", name.strip().lower())
                close = difflib.get_close_matches(spelled, sorted(known), n=1)
                hint = f"did you mean {{{close[0]}}}?" if close else "see the variables in docs/editing-content.md"
                line = line_of(response.path, f"{{{name}}}", start - 1) or start
                problems.append(Problem("variables", response.path, line,
                                        f"response '{response.name}' uses {{{name}}}, which the assistant cannot "
                                        f"fill; {hint}"))
    return problems


def _accepted_phrases(root: Path) -> Set[str]:
    """Phrases a marketer has confirmed are not personal data (data/not_personal_data.txt)."""
    path = root / "data" / "not_personal_data.txt"
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line.lower() for line in lines if line and not line.startswith("#")}


def check_personal_data(root: Path) -> List[Problem]:
    """No real person's data in examples, answers or the agency's facts; placeholders like [EMAIL] are fine."""
    from bot.privacy.redactor import configured_redactor

    accepted = _accepted_phrases(root)

    items = [(e.text, e.path, e.line, f"example of '{e.intent}'") for e in load_examples(root / "data" / "nlu")]
    items.extend(public_texts(root))
    for response in load_responses(root / "domain"):
        for text in _response_texts(response):
            items.append((VARIABLE.sub("", text), response.path, line_of(response.path, text.split("\n")[0][:60], response.line or 0) or response.line, f"response '{response.name}'"))
    results = configured_redactor().redact_batch([text for text, *_ in items])
    problems = []
    for (text, path, line, what), result in zip(items, results):
        facts = path == root / FACTS
        for span in result.spans:
            found = text[span.start:span.end]
            if found.lower() in accepted:
                continue
            fix = (f"remove it (only the agency's own {', '.join(CONTACT)} may be contact data; references "
                   "stay anonymous)" if facts else f"replace it with the placeholder [{span.label}]")
            problems.append(Problem("personal data", path, line,
                                    f"{what} contains what looks like {span.label} ('{found}'); {fix}, or, if it is "
                                    f"no one's personal data, add it to data/not_personal_data.txt"))
    return problems


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(sorted(re.findall(r"[a-z0-9\[\]_]+", text)))


def check_duplicates(root: Path) -> List[Problem]:
    """The same (or nearly the same) example under two intents confuses the assistant."""
    seen: Dict[str, Example] = {}
    problems = []
    for example in load_examples(root / "data" / "nlu"):
        key = _normalise(example.text)
        if not key:
            continue
        other = seen.get(key)
        if other is not None and other.intent != example.intent:
            problems.append(Problem("duplicates", example.path, example.line,
                                    f"example '{example.text}' under '{example.intent}' is the same as "
                                    f"'{other.text}' under '{other.intent}' ({other.path.name}:{other.line}); keep it under one intent"))
        seen.setdefault(key, example)
    return problems


def check_links(root: Path) -> List[Problem]:
    """Links in answers must be complete web addresses."""
    problems = []
    for response in load_responses(root / "domain"):
        for text in _response_texts(response):
            for raw in _URL.findall(VARIABLE.sub("", text)):
                url = raw.rstrip(_URL_TRAILING)
                parsed = urlparse(url if "://" in url else f"https://{url}")
                host = parsed.hostname or ""
                if parsed.scheme not in ("http", "https") or "." not in host or host.startswith(".") or ".." in host:
                    problems.append(Problem("links", response.path, line_of(response.path, raw, response.line or 0),
                                            f"response '{response.name}' has a broken link '{url}'"))
    return problems


def _utterances_used_in_code(root: Path) -> Set[str]:
    used: Set[str] = set()
    for folder in ("actions", "bot"):
        for path in (root / folder).rglob("*.py") if (root / folder).exists() else []:
            used.update(re.findall(r"utter_[a-z_]+", path.read_text(encoding="utf-8")))
    return used


def check_rasa_validate(root: Path) -> List[Problem]:
    """Rasa's own validation: domain, intents, stories and rules fit together."""
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--domain", "domain", "--config", "config.yml",
         "--data", "data/nlu", "data/rules", "data/stories"],
        cwd=root, capture_output=True, text=True, timeout=600,
    )
    allowed = _utterances_used_in_code(root) | {"utter_ask_"}
    problems = []
    retrieval = {e.intent.split(RETRIEVAL)[0] for e in load_examples(root / "data" / "nlu") if RETRIEVAL in e.intent}
    for message in _WARNING.findall(result.stdout + result.stderr):
        # Rasa adds retrieval intents to the domain from the examples, and warns that the domain lists them too
        duplicated = re.match(r"The following duplicated intents have been found across multiple domain files: (.*)",
                              message)
        if duplicated and set(duplicated.group(1).strip().split(", ")) <= retrieval:
            continue
        unused = re.match(r"The utterance '(utter_[a-z_]+)' is not used in any story or rule", message)
        if unused and (unused.group(1) in allowed or unused.group(1).startswith("utter_ask_")):
            continue
        quoted = re.search(r"'([^']+)'", message)
        path, line = root / "data", None
        if quoted:
            for candidate in sorted((root / "data").rglob("*.yml")) + sorted((root / "domain").rglob("*.yml")):
                line = line_of(candidate, quoted.group(1))
                if line:
                    path = candidate
                    break
        problems.append(Problem("rasa validate", path, line, message.strip()))
    if result.returncode != 0 and not problems:
        problems.append(Problem("rasa validate", root / "domain", None, (result.stdout + result.stderr).strip()[-500:]))
    return problems


def check_conversation_tests(root: Path) -> List[Problem]:
    """The test conversations in tests/test_stories.yml still go as written, with a freshly trained model."""
    from bot.cli.train import train_command

    trained = subprocess.run(train_command(root / "models", root), cwd=root, capture_output=True, text=True)
    if trained.returncode != 0:
        return [Problem("conversations", root / "config.yml", None, "training failed:\n" + trained.stdout[-1500:])]
    out = root / "results" / "check"
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(root / "models"), "--stories",
         str(root / "tests" / "test_stories.yml"), "--fail-on-prediction-errors", "--out", str(out)],
        cwd=root, capture_output=True, text=True,
    )
    if result.returncode == 0:
        return []
    failed = out / "failed_test_stories.yml"
    detail = failed.read_text(encoding="utf-8")[:1500] if failed.exists() else result.stdout[-1500:]
    return [Problem("conversations", root / "tests" / "test_stories.yml", None,
                    "a test conversation no longer goes as written:\n" + detail)]


STATIC_CHECKS = {
    "agency": check_agency_facts,
    "variables": check_response_variables,
    "examples": check_example_counts,
    "answers": check_retrieval_answers,
    "languages": check_response_languages,
    "duplicates": check_duplicates,
    "links": check_links,
    "personal-data": check_personal_data,
    "validate": check_rasa_validate,
}

"""The ``Redactor``: runs the spaCy pipeline and replaces detected spans with placeholders.

Fails closed: any problem raises ``RedactionError`` instead of returning text that
might still contain personal data.
"""
from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import spacy
from spacy.language import Language

from .allow_list import AllowList
from .casing import is_shouted, lowercase_same_length
from .errors import RedactionError
from .numbering import PlaceholderNumbering
from .spans import Span
from .tokenizing import make_doc

LOGGER = logging.getLogger(__name__)
LANGS = ("de", "en")
# Longer texts are cut into pieces at line or sentence ends so that no single doc is huge.
MAX_CHUNK_CHARS = 5000
BATCH_SIZE = 256
# Strings a pipeline's vocabulary may gain (visitors' words, names, addresses) before a fresh copy
# replaces it; some 3,000 short messages of unseen words, a few MB.
RENEW_AFTER_NEW_STRINGS = 10_000


@dataclass(frozen=True)
class RedactionResult:
    """Redacted text plus where the input was redacted (offsets into the input)."""

    text: str
    spans: List[Span]


def chunk_bounds(text: str, limit: int = MAX_CHUNK_CHARS) -> List[Tuple[int, int]]:
    """Contiguous (start, end) pieces of at most ``limit`` chars, cut at a newline, sentence end or space."""
    bounds = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", "! ", "? ", " "):
            position = window.rfind(separator, limit // 2)
            if position != -1:
                cut = position + len(separator)
                break
        end = start + (cut if cut > 0 else limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def normalise_lang(lang: Optional[str]) -> Optional[str]:
    """"de", "de-AT", "EN_gb" -> "de"/"en"; anything else is no hint (None), never an error,
    because the language only tunes phone-number regions."""
    if not isinstance(lang, str):
        return None
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGS else None


def render(text: str, spans: Sequence[Span], numbering: Optional[PlaceholderNumbering] = None) -> str:
    """The text with each span replaced by ``[LABEL]`` (or ``[LABEL_n]`` with numbering)."""
    pieces = []
    cursor = 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        if numbering is None:
            pieces.append(f"[{span.label}]")
        else:
            pieces.append(f"[{span.label}_{numbering.number_for(span.label, text[span.start : span.end])}]")
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _check_spans(text: str, spans: Sequence[Span]) -> None:
    cursor = 0
    for span in spans:
        if span.start < cursor or span.end <= span.start or span.end > len(text):
            raise RedactionError("the pipeline produced inconsistent spans")
        cursor = span.end


class Redactor:
    """Redacts personal data from chat messages with one spaCy pipeline.

    spaCy keeps every token string it sees, with a lexeme for it, for the life of the pipeline's
    vocabulary: every visitor's words, names and addresses stay in memory, which grows without
    bound. spaCy 3.7 cannot remove them (clearing the string store breaks the lexemes and the
    tokenizer's cache, and lexeme memory is only freed with its vocabulary), so once the vocabulary
    has grown by ``renew_after`` strings, a fresh pipeline built from the bytes saved at load takes
    the old one's place. Calls still running finish on the old one, which is then freed; a lock
    lets one call build the replacement (about 0.3 s) while the others go on.
    """

    def __init__(self, nlp: Language, renew_after: int = RENEW_AFTER_NEW_STRINGS) -> None:
        if "pii_merger" not in nlp.pipe_names:
            raise RedactionError("the redaction pipeline has no 'pii_merger' component")
        self.nlp = nlp
        self.renew_after = renew_after
        self._blueprint = (nlp.config, nlp.to_bytes())
        self._strings_when_fresh = len(nlp.vocab.strings)
        self._renewing = threading.Lock()

    def redact(
        self, text: str, lang: Optional[str] = None, numbering: Optional[PlaceholderNumbering] = None,
        allow: Optional[AllowList] = None,
    ) -> RedactionResult:
        """Redact one message; ``lang`` ("de", "en" or None; "de-AT" is read as "de") tunes phone regions;
        what ``allow`` permits stays as written."""
        return self.redact_batch([text], [lang], numbering=numbering, allow=allow)[0]

    def redact_batch(
        self,
        texts: Sequence[str],
        langs: Optional[Sequence[Optional[str]]] = None,
        numbering: Optional[PlaceholderNumbering] = None,
        allow: Optional[AllowList] = None,
    ) -> List[RedactionResult]:
        """Redact many messages in one ``nlp.pipe`` pass (the fast path)."""
        texts = list(texts)
        langs = list(langs) if langs is not None else [None] * len(texts)
        if len(langs) != len(texts):
            raise ValueError("langs must have one entry per text")
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"text must be str, not {type(text).__name__}")
        langs = [normalise_lang(lang) for lang in langs]
        nlp = self.nlp
        try:
            spans_per_text = self._detect(nlp, texts, langs)
            results = []
            for text, spans in zip(texts, spans_per_text):
                if allow:
                    spans = [span for span in spans if not allow.permits(text[span.start:span.end])]
                _check_spans(text, spans)
                results.append(RedactionResult(render(text, spans, numbering), spans))
            return results
        except RedactionError:
            raise
        except Exception as error:  # fail closed: never hand back unredacted text
            raise RedactionError(f"redaction failed: {type(error).__name__}") from error
        finally:
            self._renew_if_grown(nlp)

    def _renew_if_grown(self, nlp: Language) -> None:
        """Replace ``nlp`` with a fresh copy once its vocabulary has grown by ``renew_after`` strings."""
        if len(nlp.vocab.strings) - self._strings_when_fresh <= self.renew_after:
            return
        with self._renewing:
            if nlp is not self.nlp:
                return  # another call has renewed it
            config, data = self._blueprint
            try:
                fresh = spacy.util.load_model_from_config(config).from_bytes(data)
            except Exception as error:
                raise RedactionError(f"cannot renew the redaction pipeline: {type(error).__name__}") from error
            self._strings_when_fresh = len(fresh.vocab.strings)
            self.nlp = fresh

    def _detect(self, nlp: Language, texts: List[str], langs: List[Optional[str]]) -> List[List[Span]]:
        """Spans per text, in input offsets. Placeholders are protected, so redacting the
        output again finds nothing new (checked on every benchmark set).

        A message in capitals ("MARTINA KRAUSE HIER") says nothing through its casing, so it is
        also read in lowercase, where names need the stricter evidence of uncased text; spans
        found there are added where they do not overlap what the original reading found."""
        spans = self._detect_as_written(nlp, texts, langs)
        shouted = [i for i, text in enumerate(texts) if is_shouted(text)]
        if shouted:
            lowered = self._detect_as_written(
                nlp, [lowercase_same_length(texts[i]) for i in shouted], [langs[i] for i in shouted]
            )
            for i, extra in zip(shouted, lowered):
                spans[i] = sorted(spans[i] + [s for s in extra if not any(s.overlaps(o) for o in spans[i])])
        return spans

    @staticmethod
    def _detect_as_written(nlp: Language, texts: List[str], langs: List[Optional[str]]) -> List[List[Span]]:
        pieces: List[Tuple[int, int, int, Optional[str]]] = []  # (text index, start, end, lang)
        for index, (text, lang) in enumerate(zip(texts, langs)):
            if text:
                pieces.extend((index, start, end, lang) for start, end in chunk_bounds(text))
        docs = []
        for index, start, end, lang in pieces:
            doc = make_doc(nlp, texts[index][start:end])
            doc._.pii_lang = lang
            docs.append(doc)
        spans: List[List[Span]] = [[] for _ in texts]
        for (index, start, _end, _lang), doc in zip(pieces, nlp.pipe(docs, batch_size=BATCH_SIZE)):
            if doc._.pii_spans is None:
                raise RedactionError("the pipeline did not run its merger")
            spans[index].extend(Span(s.start + start, s.end + start, s.label) for s in doc._.pii_spans)
        return spans


def load_pipeline(model_path: str, extra_model: str = "") -> Language:
    """Load the redaction pipeline (and the optional extra model), or raise RedactionError."""
    from . import components, recognizers  # noqa: F401  (factories must be registered first)

    path = Path(model_path)
    if not (path / "config.cfg").is_file():
        raise RedactionError(f"no redaction pipeline at {model_path!r} (run 'make redactor-model')")
    try:
        nlp = spacy.load(path)
        if extra_model:
            nlp.add_pipe("pii_extra_model", before="pii_merger", config={"model": extra_model})
    except Exception as error:
        raise RedactionError(f"cannot load the redaction pipeline from {model_path!r}: {error}") from error
    return nlp


DEFAULT_MODEL_PATH = str(Path(__file__).resolve().parent / "model")


@functools.lru_cache(maxsize=4)
def load_redactor(model_path: str = DEFAULT_MODEL_PATH, extra_model: str = "") -> Redactor:
    """The process-wide redactor for one model (and optional extra model), loaded once."""
    started = time.perf_counter()
    redactor = Redactor(load_pipeline(model_path, extra_model))
    LOGGER.info("redaction pipeline loaded in %.2fs", time.perf_counter() - started)
    return redactor

"""Generates the NER training and dev corpora (.spacy DocBins) from templates, reproducibly.

Messages are built segment by segment (template text, slot values), so entity offsets
stay exact while the template text is augmented (lowercase, typos, no punctuation)
the way visitors actually type.
"""
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

import spacy
from spacy.tokens import DocBin

from .fillers import Fillers
from .templates import ENGLISH, ENGLISH_NEGATIVE, ENTITY_SLOTS, GERMAN, GERMAN_NEGATIVE

_SLOT = re.compile(r"\{(\w+)\}")
_KEYBOARD_NEIGHBOURS = {"a": "s", "e": "r", "i": "o", "n": "m", "r": "t", "s": "d", "t": "z", "u": "i"}


@dataclass
class Message:
    text: str
    entities: List[Tuple[int, int, str]]


def _typo(text: str, rng: random.Random) -> str:
    """One realistic slip in the template text: swapped, dropped or neighbouring letter."""
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 4:
        return text
    i = rng.choice(positions[1:-1])
    kind = rng.random()
    if kind < 0.33 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind < 0.66:
        return text[:i] + text[i + 1 :]
    return text[:i] + _KEYBOARD_NEIGHBOURS.get(text[i], text[i]) + text[i + 1 :]


def render_template(template: str, fillers: Fillers, german: bool, rng: random.Random) -> Message:
    """Fill the slots; lowercase/typo/punctuation noise touches only the template text."""
    lowercase_all = rng.random() < 0.12
    drop_punctuation = rng.random() < 0.1
    typo = rng.random() < 0.12
    parts: List[str] = []
    entities: List[Tuple[int, int, str]] = []
    cursor = 0
    for index, piece in enumerate(_SLOT.split(template)):
        if index % 2 == 0:
            if lowercase_all:
                piece = piece.lower()
            if drop_punctuation:
                piece = re.sub(r"[.!?,](?=\s|$)", "", piece)
            if typo and len(piece) > 8 and rng.random() < 0.5:
                piece = _typo(piece, rng)
                typo = False
        else:
            label = ENTITY_SLOTS.get(piece)
            piece = fillers.fill(piece, german)
            if lowercase_all:
                piece = piece.lower()
            if label:
                entities.append((cursor, cursor + len(piece), label))
        parts.append(piece)
        cursor += len(piece)
    return Message("".join(parts), _merge_adjacent(entities, "".join(parts)))


def _merge_adjacent(entities: List[Tuple[int, int, str]], text: str) -> List[Tuple[int, int, str]]:
    """"{first} {last}" is one name: join same-label entities separated by one space."""
    merged: List[Tuple[int, int, str]] = []
    for start, end, label in entities:
        if merged and merged[-1][2] == label and text[merged[-1][1] : start] == " ":
            merged[-1] = (merged[-1][0], end, label)
        else:
            merged.append((start, end, label))
    return merged


def generate_messages(count: int, seed: int) -> List[Message]:
    """``count`` messages, ~45% German / 45% English / 10% mixed, ~35% without entities."""
    rng = random.Random(seed)
    fillers = Fillers(seed)
    messages = []
    for _ in range(count):
        roll = rng.random()
        german = roll < 0.5
        positives, negatives = (GERMAN, GERMAN_NEGATIVE) if german else (ENGLISH, ENGLISH_NEGATIVE)
        parts = []
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            pool = negatives if rng.random() < 0.45 else positives
            if roll > 0.9:  # code-switching visitors
                pool = rng.choice([GERMAN, ENGLISH, GERMAN_NEGATIVE, ENGLISH_NEGATIVE])
            parts.append(render_template(rng.choice(pool), fillers, german, rng))
        messages.append(_join(parts, rng))
    return messages


def _join(parts: List[Message], rng: random.Random) -> Message:
    text, entities = "", []
    for part in parts:
        if text:
            text += rng.choice([" ", " ", "\n", "\n\n", "  "])
        entities.extend((start + len(text), end + len(text), label) for start, end, label in part.entities)
        text += part.text
    return Message(text, entities)


def to_docbin(messages: List[Message]) -> Tuple[DocBin, int]:
    """DocBin of the messages whose entities align with the tokenizer (others are skipped)."""
    nlp = spacy.blank("xx")
    docbin = DocBin(store_user_data=False)
    skipped = 0
    for message in messages:
        doc = nlp.make_doc(message.text)
        spans = [doc.char_span(s, e, label=l, alignment_mode="expand") for s, e, l in message.entities]
        if any(span is None for span in spans):
            skipped += 1
            continue
        try:
            doc.ents = spans
        except ValueError:
            skipped += 1
            continue
        docbin.add(doc)
    return docbin, skipped


def write_corpora(directory: Path, train_count: int = 24000, dev_count: int = 1600, seed: int = 13) -> None:
    """Write ``train.spacy`` and ``dev.spacy`` (different seeds) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, count, corpus_seed in (("train", train_count, seed), ("dev", dev_count, seed + 1000)):
        docbin, skipped = to_docbin(generate_messages(count, corpus_seed))
        docbin.to_disk(directory / f"{name}.spacy")
        print(f"{name}: {len(docbin)} docs ({skipped} skipped for misalignment)")

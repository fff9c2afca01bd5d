"""``python -m bot redact``: redact personal data from JSON lines or from a text file.

    python -m bot redact < in.jsonl > out.jsonl     # {"text": ..., "lang": "de"|"en"|null} per line
    python -m bot redact export.txt [--lang de]     # prints the redacted text

JSON lines mode writes one ``{"text", "spans"}`` line per valid input line (offsets into
the input text). A bad line (invalid UTF-8, invalid JSON, no string "text", unknown
"lang") is reported on stderr with its line number and skipped; the other lines are
still processed and the exit code is 1. Blank lines are ignored. Error messages never
echo the input, which may contain personal data. Exit code 2: the engine could not
load or failed, and nothing further is written.
"""
import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import BinaryIO, Optional, TextIO, Tuple

from core.languages import SUPPORTED_LANGUAGES

EXIT_BAD_INPUT = 1
EXIT_ENGINE_FAILED = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "redact",
        help="redact personal data from JSON lines (stdin) or a text file",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="plain UTF-8 text file to redact (default: JSON lines on stdin)")
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES, help="language hint for FILE mode")
    parser.set_defaults(func=run)


def _parse_line(raw: bytes) -> Tuple[Optional[Tuple[str, Optional[str]]], str]:
    """((text, lang), "") for a good line, (None, reason) for a bad one; the reason never quotes it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not valid UTF-8"
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None, "not valid JSON"
    if not isinstance(record, dict) or "text" not in record:
        return None, 'expected a JSON object with a "text" field'
    if not isinstance(record["text"], str):
        return None, '"text" must be a string'
    lang = record.get("lang")
    if lang is not None and lang not in SUPPORTED_LANGUAGES:
        return None, '"lang" must be "de", "en" or null'
    return (record["text"], lang), ""


def redact_json_lines(redactor, source: BinaryIO, out: TextIO, err: TextIO) -> int:
    from redaction import RedactionError

    status = 0
    for number, raw in enumerate(source, start=1):
        if not raw.strip():
            continue
        parsed, reason = _parse_line(raw.rstrip(b"\r\n"))
        if parsed is None:
            err.write(f"line {number}: {reason}; skipped\n")
            status = EXIT_BAD_INPUT
            continue
        try:
            result = redactor.redact(*parsed)
        except RedactionError as error:
            err.write(f"line {number}: redaction failed ({error}); stopping\n")
            return EXIT_ENGINE_FAILED
        spans = [{"start": s.start, "end": s.end, "label": s.label} for s in result.spans]
        out.write(json.dumps({"text": result.text, "spans": spans}, ensure_ascii=False) + "\n")
        out.flush()
    return status


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def redact_file(redactor, path: Path, lang: Optional[str], out: TextIO, err: TextIO) -> int:
    from redaction import RedactionError

    try:
        data = path.read_bytes()
    except OSError as error:
        err.write(f"{path}: cannot read ({error.strerror})\n")
        return EXIT_BAD_INPUT
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        err.write(f"{path}: line {line}: binary data, not a text file\n")
        return EXIT_BAD_INPUT
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        err.write(f"{path}: line {_line_of(data, error.start)}: not valid UTF-8\n")
        return EXIT_BAD_INPUT
    try:
        out.write(redactor.redact(text, lang).text)
    except RedactionError as error:
        err.write(f"{path}: redaction failed ({error})\n")
        return EXIT_ENGINE_FAILED
    return 0


def run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():  # keep stderr for our messages: spaCy's imports emit deprecation noise
        warnings.simplefilter("ignore", DeprecationWarning)
        from bot.privacy.redactor import configured_redactor
        from redaction import RedactionError

    try:
        redactor = configured_redactor()
    except RedactionError as error:
        sys.stderr.write(f"redact: {error}\n")
        return EXIT_ENGINE_FAILED
    if args.file is not None:
        return redact_file(redactor, args.file, args.lang, sys.stdout, sys.stderr)
    return redact_json_lines(redactor, sys.stdin.buffer, sys.stdout, sys.stderr)

"""``python -m bot redact`` as a subprocess (the model loads once per call, so calls are few)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "redact", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120
    )


def test_json_lines_round_trip():
    lines = [
        {"text": "Ich bin Anna Schmidt, Tel. 0151 23456789", "lang": "de"},
        {"text": "Budget 5.000 €", "lang": None},
        {"text": "mail me: bob@example.com"},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines).encode()
    result = run_cli(stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert out[0]["text"] == "Ich bin [PERSON], Tel. [PHONE]"
    assert out[0]["spans"] == [
        {"start": 8, "end": 20, "label": "PERSON"},
        {"start": 27, "end": 40, "label": "PHONE"},
    ]
    assert out[1] == {"text": "Budget 5.000 €", "spans": []}
    assert out[2]["text"] == "mail me: [EMAIL]"


def test_bad_lines_are_reported_by_number_without_echoing_input():
    stdin = b"\n".join(
        [
            json.dumps({"text": "anna@example.de"}).encode(),
            b'{"text": "secret anna@example.de"',  # invalid JSON
            json.dumps({"message": "anna@example.de"}).encode(),
            json.dumps({"text": 42}).encode(),
            b'{"text": "\xff\xfe anna@example.de"}',  # invalid UTF-8
            json.dumps({"text": "ok", "lang": "fr"}).encode(),
            json.dumps({"text": "Tel. 030 12345678"}).encode(),
        ]
    )
    result = run_cli(stdin=stdin)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    for number in (2, 3, 4, 5, 6):
        assert f"line {number}:" in stderr
    assert "anna" not in stderr and "secret" not in stderr
    out = [json.loads(line)["text"] for line in result.stdout.decode().splitlines()]
    assert out == ["[EMAIL]", "Tel. [PHONE]"]


def test_text_file_mode(tmp_path):
    export = tmp_path / "export.txt"
    export.write_text("Hallo,\nbitte an anna@example.de antworten.\n\nViele Grüße\nAnna Schmidt\n", encoding="utf-8")
    result = run_cli(str(export))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "Hallo,\nbitte an [EMAIL] antworten.\n\nViele Grüße\n[PERSON]\n"


def test_binary_and_invalid_utf8_files_are_refused(tmp_path):
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"line one\nline two\x00\x01\x02")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("ok\nok\nGrüße anna@example.de\n".encode("latin-1"))
    for path, line in ((binary, 2), (latin1, 3)):
        result = run_cli(str(path))
        assert result.returncode == 1
        assert f"line {line}:" in result.stderr.decode()
        assert result.stdout == b""
        assert b"anna" not in result.stderr


def test_missing_model_fails_with_exit_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "redact"],
        cwd=ROOT,
        input=b'{"text": "x"}\n',
        capture_output=True,
        timeout=120,
        env={"REDACTOR_MODEL_PATH": str(tmp_path / "missing"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert b"no redaction pipeline" in result.stderr
    assert result.stdout == b""

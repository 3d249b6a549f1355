"""`fixer.report.document_json`: the line that `scan --json` and `fix --json` print for
a document, written one repair at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer import Fixer
from fixer.report import SCHEMA_VERSION, LineIndex, document_json, repair_record

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.spun.txt")).read_text(encoding="utf-8")
FIXER = Fixer.from_files()


@pytest.mark.parametrize(("name", "text"), [
    ("seed.txt", SEED),
    ("empty.txt", ""),
    ("clean.txt", "Nothing to repair here."),
    ("caf\u00e9.txt", "The White Home\u2019s \u201cbattle\u201d"),
    ("bytes-\udcff.txt", "White Home \udcff stated"),
])
def test_a_document_is_one_line_holding_its_scan(name: str, text: str) -> None:
    """One JSON object on one line: the document's figures, then every repair of its
    scan with its line and column; characters written as they are, except surrogates
    (undecodable bytes of a name or a text), escaped so that the line is UTF-8."""
    result = FIXER.scan(text)
    line = document_json(name, text, result)
    assert line.endswith(b"}\n") and line.count(b"\n") == 1
    index = LineIndex(text)
    assert json.loads(line.decode("utf-8")) == {
        "schema": SCHEMA_VERSION, "file": name, "spin_score": round(result.spin_score, 2),
        "is_spun": result.is_spun, "words": result.words,
        "repairs": [repair_record(r, index) for r in result.repairs]}
    if not name.isascii() and "\udcff" not in name:  # written as it is
        assert name.encode() in line


def test_a_seed_document_has_its_repairs() -> None:
    assert len(json.loads(document_json("seed.txt", SEED, FIXER.scan(SEED)))["repairs"]) > 200

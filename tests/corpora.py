"""Access to the shared evaluation data, which lives outside the repository."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = SHARED / "data"
CLEAN = DATA / "clean"


def clean_documents(root: Path = CLEAN) -> Iterator[tuple[str, str]]:
    """Every clean document as (name, text): one per JSON Lines record, one per .txt file."""
    for path in sorted(root.rglob("*")):
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    record = json.loads(line)
                    yield f"{path.relative_to(root)}#{record.get('id', n)}", record["text"]
        elif path.suffix == ".txt":
            yield str(path.relative_to(root)), path.read_text(encoding="utf-8")

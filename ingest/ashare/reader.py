"""Reading the A-share chain data set: JSON Lines, with the line number of every row.

Why keep line numbers: every defect the importer reports, and every SHACL
error, must name the file and line a person can open and look at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainkg.ingest.errors import IngestError, Problem

#: The five files of the data set and the fields each row must have.
FILES: dict[str, tuple[str, ...]] = {
    "company.json": ("name", "fullname", "code", "location", "time"),
    "industry.json": ("code", "name"),
    "industry_industry.json": ("from_code", "from_industry", "to_code", "to_industry"),
    "company_industry.json": ("company_code", "industry_code", "industry_name", "company_name"),
    "industry_up.json": ("industry", "ups"),
}


@dataclass(frozen=True)
class Row:
    """One JSON object of a JSON Lines file, and where it was."""

    file: str
    line: int
    data: dict[str, Any]

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def read_jsonl(path: Path, required: tuple[str, ...] = ()) -> list[Row]:
    """The rows of one JSON Lines file; blank lines are skipped.

    A line that is not a JSON object, or lacks a required field, is not a data
    defect the importer can work around but a broken file: it raises
    ``IngestError`` naming the file, line and field, before anything is written.
    """
    rows: list[Row] = []
    problems: list[Problem] = []
    name = path.name
    with path.open(encoding="utf-8-sig") as f:
        for lineno, text in enumerate(f, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(Problem(name, lineno, None, f"not valid JSON: {exc.msg}"))
                continue
            if not isinstance(data, dict):
                problems.append(Problem(name, lineno, None, "expected a JSON object"))
                continue
            for key in required:
                if key not in data:
                    problems.append(Problem(name, lineno, key, "missing field"))
            rows.append(Row(name, lineno, data))
    if problems:
        raise IngestError(problems)
    return rows


def read_dataset(directory: str | Path) -> dict[str, list[Row]]:
    """All five files of the data set in ``directory``, by file name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise IngestError(f"{directory}: not a directory (expected the ashare-chain data set)")
    missing = [name for name in FILES if not (directory / name).is_file()]
    if missing:
        raise IngestError(
            f"{directory}: not an ashare-chain data set, missing {', '.join(missing)}"
        )
    return {name: read_jsonl(directory / name, required) for name, required in FILES.items()}

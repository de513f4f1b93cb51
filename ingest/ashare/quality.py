"""The data-quality report of an import: every defect counted, with examples.

Why a report and not warnings: the data set is real and has real defects; the
importer repairs what it can prove (a missing exchange suffix), leaves out what
it cannot (a date that is not a date, a link to a company that does not exist),
and a person must be able to see both, with counts that can be checked against
the data set's own README, and examples that name the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: How many examples each kind of defect keeps.
MAX_EXAMPLES = 5


@dataclass
class DefectKind:
    """One kind of defect: what it is, what the importer did, and its occurrences."""

    key: str
    description: str
    action: str
    #: "repaired" (normalised, nothing lost), "omitted" (a value or row left out),
    #: or "note" (kept as is, worth knowing)
    outcome: str
    count: int = 0
    breakdown: dict[str, int] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "count": self.count,
            "description": self.description,
            "action": self.action,
            "outcome": self.outcome,
        }
        if self.breakdown:
            out["breakdown"] = dict(sorted(self.breakdown.items(), key=lambda kv: -kv[1]))
        out["examples"] = self.examples
        return out


@dataclass(frozen=True)
class WrittenGraph:
    """One graph an import wrote (the shape of the other importers' results)."""

    graph: str
    label: str
    triples: int


@dataclass
class QualityReport:
    """Counts of what was read and written, and of each kind of defect."""

    dataset: str
    files: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    defects: dict[str, DefectKind] = field(default_factory=dict)
    triples: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    results: list[WrittenGraph] = field(default_factory=list)

    def __iter__(self) -> Iterator[WrittenGraph]:
        """What the import wrote, so that ``list(ingest_ashare(...))`` reads like other importers."""
        return iter(self.results)

    def kind(self, key: str, description: str, action: str, outcome: str) -> DefectKind:
        """Declare a kind of defect (so that it is listed even when it never occurs)."""
        if key not in self.defects:
            self.defects[key] = DefectKind(key, description, action, outcome)
        return self.defects[key]

    def add(
        self,
        key: str,
        file: str,
        line: int | None,
        field_name: str | None,
        value: Any,
        note: str | None = None,
        sub: str | None = None,
        weight: int = 1,
    ) -> None:
        """Count one occurrence of the defect ``key`` (declared before with ``kind``)."""
        kind = self.defects[key]
        kind.count += weight
        if sub is not None:
            kind.breakdown[sub] = kind.breakdown.get(sub, 0) + weight
        if len(kind.examples) < MAX_EXAMPLES:
            example: dict[str, Any] = {"file": file, "line": line, "field": field_name}
            example["value"] = value
            if note:
                example["note"] = note
            kind.examples.append(example)

    def count(self, key: str) -> int:
        """How often the defect ``key`` occurred (0 if it never did)."""
        kind = self.defects.get(key)
        return kind.count if kind else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "files": self.files,
            "counts": self.counts,
            "triples": self.triples,
            "seconds": self.seconds,
            "defects": {k: d.to_json() for k, d in self.defects.items()},
        }

    def write_json(self, path: str | Path) -> Path:
        """Write the report as pretty JSON (UTF-8, Chinese kept readable)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return path

    def summary(self) -> str:
        """A readable summary for the console: what was read, written, and each defect."""
        lines = [f"A-share chain data set: {self.dataset}"]
        for name, rows in self.files.items():
            lines.append(f"  {name:<26} {rows:>7,} rows")
        if self.counts:
            lines.append("Written:")
            for key, value in self.counts.items():
                lines.append(f"  {key:<26} {value:>7,}")
        if self.triples is not None:
            lines.append(f"  {'triples':<26} {self.triples:>7,}")
        lines.append("Data quality (every defect counted; examples in the JSON report):")
        for d in self.defects.values():
            mark = {"repaired": "fixed", "omitted": "left out", "note": "note"}[d.outcome]
            lines.append(f"  {d.count:>6,}  {d.key:<30} [{mark}] {d.description}")
            if d.breakdown:
                parts = ", ".join(f"{k}: {v:,}" for k, v in d.breakdown.items())
                lines.append(f"          {'':<30} ({parts})")
            if d.count:
                ex = d.examples[0]
                where = f"{ex['file']}:{ex['line']}" if ex.get("line") else ex["file"]
                value = json.dumps(ex["value"], ensure_ascii=False)
                note = f" -> {ex['note']}" if ex.get("note") else ""
                lines.append(f"          {'':<30} e.g. {where} {value}{note}")
        return "\n".join(lines)

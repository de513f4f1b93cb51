"""What the extraction tests read from ``extract``'s result, in one place (names, relations, statistics)."""

from __future__ import annotations

from typing import Any

from chainkg.ingest.text import extract


def extract_at(text: str, date: str = "2024-09-30") -> dict[str, Any]:
    """``extract(text)`` as of ``date`` (the publication date the periods are read against)."""
    return extract(text, doc_date=date)


def names(r: dict[str, Any], typ: str | None = None) -> set[str]:
    return {e["name"] for e in r["entities"] if typ is None or e["type"] == typ}


def forms(r: dict[str, Any], typ: str | None = None) -> set[str]:
    """Names and aliases."""
    return {f for e in r["entities"] if typ is None or e["type"] == typ for f in [e["name"], *e["aliases"]]}


def rels(r: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(x["s"], x["p"], x["o"]) for x in r["relations"]}


def pairs(r: dict[str, Any], p: str | None = None) -> set[tuple[str, str]]:
    """(subject, object) of the relations, of predicate ``p`` only if given."""
    return {(x["s"], x["o"]) for x in r["relations"] if p is None or x["p"] == p}


def metric_rows(r: dict[str, Any]) -> list[tuple[str, float, str]]:
    return [(s["metric"], s["value"], s["unit"]) for s in r["statistics"]]


def subject_rows(r: dict[str, Any]) -> set[tuple[str, float, str]]:
    return {(s["subject"], s["value"], s["unit"]) for s in r["statistics"]}

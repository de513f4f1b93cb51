"""Chinese articles -> entities, statistics and relations -> the article's named graph.

Entry points:

- ``extract(text, doc_date=None, gazetteer=None)`` -> dict in the gold schema
  (``chainkg extract``; documented in docs/text-extraction.md);
- ``extract_file(path, ...)`` reads and decodes a .txt/.html file first;
- ``ingest_text_paths(store, paths, date=None, source_url=None)`` writes each
  article as its own named graph (``chainkg ingest FILE.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import Any

from chainkg.ingest.text.decode import RawDocument, decode_bytes, read_document
from chainkg.ingest.text.errors import TextInputError
from chainkg.ingest.text.extract import extract
from chainkg.ingest.text.gazetteer import Gazetteer, builtin_gazetteer, gazetteer_for

__all__ = [
    "RawDocument",
    "TextIngestResult",
    "TextInputError",
    "decode_bytes",
    "document_key",
    "expand_paths",
    "extract",
    "extract_file",
    "gazetteer_for",
    "ingest_text_paths",
    "read_document",
]

TEXT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class TextIngestResult:
    """What one article added to the store."""

    graph: str
    label: str
    triples: int
    entities: int
    statistics: int
    relations: int
    path: str


def check_date(value: str | None) -> str | None:
    """A ``--date`` value as an ISO date, or a ``TextInputError``-style message."""
    if value is None:
        return None
    try:
        return _date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise TextInputError("--date", f"'{value}' is not a date (YYYY-MM-DD)") from None


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the .txt/.html files of folders (sorted, not recursive)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in
                           TEXT_SUFFIXES)
            if not files:
                raise TextInputError(str(p), "the folder has no .txt or .html articles")
            out.extend(files)
        elif p.exists():
            out.append(p)
        else:
            raise TextInputError(str(p), "no such file or folder")
    return out


def extract_file(path: str | Path, *, date: str | None = None, source_url: str | None = None,
                 gazetteer: Gazetteer | None = None) -> tuple[RawDocument, dict[str, Any]]:
    """Read, decode and extract one article file."""
    doc = read_document(path)
    result = extract(doc.text, doc_date=check_date(date), gazetteer=gazetteer, title=doc.title,
                     url=source_url or doc.url, meta_date=doc.date)
    if not (result["sentences"]):
        raise TextInputError(str(path), "no sentences left after removing navigation and "
                                        "boilerplate; nothing to extract")
    result["document"]["file"] = str(path)
    result["document"]["encoding"] = doc.encoding
    if not result["document"].get("title"):
        result["document"]["title"] = title_from_text(result["sentences"]) or Path(path).stem
    return doc, result


def title_from_text(sentences: list[dict[str, Any]], *, longest: int = 40) -> str | None:
    """A title for an article that has none (a plain text file whose first line is a sentence): the start
    of its first sentence, to a clause break once it says something (12 characters), at most ``longest``
    characters and then "…". A document page and the source list then name the article by what it
    says, not by its file name."""
    if not sentences:
        return None
    text = re.sub(r"\s+", " ", str(sentences[0].get("text", ""))).strip()
    if not text:
        return None
    cut = next((m.start() for m in re.finditer(r"[，。；;！？!?]", text) if m.start() >= 12), len(text))
    title = text[:cut].strip()
    return title if len(title) <= longest else title[:longest].rstrip() + "…"


def document_key(path: str | Path) -> str:
    """The key of an article's graph and document IRI: ``article-`` + the file name's slug.

    Why the file name: re-ingesting the same file (even edited) replaces its graph.
    """
    from chainkg.ontology.namespaces import slugify

    stem = Path(path).stem
    return "article-" + slugify(re.sub(r"\s+", "-", stem))


def ingest_text_paths(store: Any, paths: list[str | Path], date: str | None = None,
                      source_url: str | None = None) -> list[TextIngestResult]:
    """Extract every article first, then write each as its own named graph.

    Nothing is written unless every file could be read and extracted; each
    article is then validated and written in one transaction by
    ``chainkg.ingest.pipeline.write_source`` (re-ingesting replaces it).
    """
    from chainkg.ingest.pipeline import Origin, SourceGraph, write_source
    from chainkg.ingest.review import apply_decisions, decisions_for
    from chainkg.ingest.text.to_rdf import to_graph
    from chainkg.ontology.namespaces import graph_iri

    files = expand_paths(paths)
    if source_url and len(files) > 1:
        raise TextInputError(str(paths[0]), "--source-url names one article; give one file")
    own = [str(graph_iri(document_key(f))) for f in files]
    gaz = gazetteer_for(store, exclude=own) if store is not None else builtin_gazetteer()
    prepared = []
    for f in files:
        doc, result = extract_file(f, date=date, source_url=source_url, gazetteer=gaz)
        key = document_key(f)
        mapped = to_graph(result, key, doc.text)
        source = SourceGraph(graph_iri=graph_iri(key), label=result["document"]["title"],
                             kind="article", location=str(f), graph=mapped.graph)
        if store is not None:  # people's decisions about this article's facts (chainkg.ingest.review) last
            decisions = decisions_for(store, str(source.graph_iri))
            if decisions:
                source.triples = apply_decisions(source.content(), decisions)
        for subject, (line, fld) in mapped.origins.items():
            source.note(subject, Origin(str(f), line, fld))
        prepared.append((f, result, source))
    out = []
    for f, result, source in prepared:
        n = write_source(store, source)
        out.append(TextIngestResult(str(source.graph_iri), source.label, n,
                                    len(result["entities"]), len(result["statistics"]),
                                    len(result["relations"]), str(f)))
    return out

"""RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) as one source each.

Decisions:
- One file, one named graph (``graph/file-<name>``): quads of a TriG or N-Quads
  file are merged into it, so that dropping the file's source drops all it said.
- Blank nodes are replaced by IRIs minted from the file's content and the
  order in which they appear (``id/genid/<digest>-<n>``): re-ingesting the same
  file then yields exactly the same triples, which rdflib's random blank node
  ids would not.
- pyoxigraph parses (fast, and its syntax errors carry line and column), and the
  triples stay pyoxigraph terms on their way to the store (``pipeline``).
- A file above ``CHAINKG_MAX_RDF_BYTES`` (default 1 GB; ``chainkg.ingest.limits``) is
  refused before it is read: the whole file is held until it is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from chainkg.graph.formats import by_suffix, rdf_suffixes
from chainkg.ingest.errors import IngestError, Problem
from chainkg.ingest.limits import check_size
from chainkg.ingest.pipeline import SourceGraph
from chainkg.ontology.namespaces import ID_BASE, graph_iri, slugify

#: file suffix -> pyoxigraph format, from the one format table
FORMATS: dict[str, ox.RdfFormat] = {suffix: fmt.ox for suffix in rdf_suffixes()  # type: ignore[misc]
                                    if (fmt := by_suffix(suffix)) is not None}


def is_rdf_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in FORMATS


def parse_rdf_file(path: str | Path, progress: Callable[[int], None] | None = None) -> list[ox.Triple]:
    """The triples of an RDF file, blank nodes skolemized; ``IngestError`` on a syntax error.
    ``progress`` hears numbers of statements as they are parsed (every ``PARSE_STEP``)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(Problem(str(path), None, None,
                                  "unknown RDF format; use one of " + ", ".join(sorted(FORMATS))))
    check_size(path, "rdf")
    data = path.read_bytes()
    digest = hashlib.sha1(data).hexdigest()[:12]
    skolem: dict[str, ox.NamedNode] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        if isinstance(t, ox.BlankNode):
            found = skolem.get(t.value)
            if found is None:
                found = skolem[t.value] = ox.NamedNode(f"{ID_BASE}genid/{digest}-{len(skolem)}")
            return found
        return t

    triples: list[ox.Triple] = []
    try:
        line_based = fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
        quads = ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())
        plain = b"_:" not in data and (line_based or (b"[" not in data and b"(" not in data))  # no blank node
        # in batches: a generator between the parser and the list cost 3 s per 480,000 statements
        while batch := list(islice(quads, PARSE_STEP)):
            if plain:
                triples += [q.triple for q in batch]
            else:
                triples += [ox.Triple(term(q.subject), q.predicate, term(q.object))  # type: ignore[arg-type]
                            for q in batch]
            if progress is not None:
                progress(len(batch))
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise IngestError(Problem(str(path), line, None, f"syntax error: {exc.msg}")) from None
    except ValueError as exc:
        raise IngestError(Problem(str(path), None, None, f"cannot read as RDF: {exc}")) from None
    return list(dict.fromkeys(triples))  # a file may state a triple twice (or in several graphs)


PARSE_STEP = 100_000


def read_rdf_file(path: str | Path, progress: Callable[[int], None] | None = None) -> SourceGraph:
    """The ``SourceGraph`` of one RDF file; raises ``IngestError`` on a syntax error.
    ``progress``: see ``parse_rdf_file``."""
    path = Path(path)
    triples = parse_rdf_file(path, progress)
    if not triples:
        raise IngestError(Problem(str(path), None, None, "holds no triples"))
    return SourceGraph(
        graph_iri=graph_iri("file-" + slugify(path.name)),
        label=f"RDF file {path.name}",
        kind="rdf-file",
        location=path.name,
        triples=triples,
    )

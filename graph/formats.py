"""The one table of serialization formats: RDF syntaxes and SPARQL result formats.

Like rdflib's plugin registry, every place that reads, writes, negotiates or names a
format derives what it needs from ``FORMATS`` below: the media types a format answers
to (with the aliases real clients send: SPARQLWrapper's ``format=n3``/``rdf+xml``,
Jena's ``output=``, Virtuoso's ``text/rdf+n3``), its file suffixes, the pyoxigraph
format that parses and serializes it, and whether it holds named graphs. Adding a
format is one line here.

N3 is served as Turtle (Turtle is a subset of N3 that every N3 reader accepts), and
``text/plain`` as N-Triples (the media type N-Triples had before it got its own).

``csv-excel`` is SPARQL's CSV with a UTF-8 byte order mark in front, asked for by name only
(``format=csv-excel``): the W3C's ``text/csv`` results have none, and tools that read them
expect none, but Excel shows the Chinese of a CSV without one as mojibake.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One syntax: how it is named, and what pyoxigraph uses for it."""

    name: str                      # short name, also the ``format=`` value and the CLI's choice
    media: str                     # canonical media type
    kind: str                      # "rdf" (triples or quads) or "results" (SPARQL SELECT/ASK)
    ox: ox.RdfFormat | ox.QueryResultsFormat
    suffixes: tuple[str, ...] = ()  # file suffixes, first is the one written
    media_aliases: tuple[str, ...] = ()  # other media types that mean this format
    names: tuple[str, ...] = ()    # other ``format=`` / CLI names
    parse_only: bool = False       # accepted in requests, never offered in negotiation
    rdflib: str = ""               # rdflib's parser/serializer name, where there is one
    bom: bool = False              # a UTF-8 byte order mark in front (for Excel)

    @property
    def extension(self) -> str:
        """The file extension written for this format (``.ttl``)."""
        return "." + self.suffix

    @property
    def suffix(self) -> str:
        return self.suffixes[0] if self.suffixes else self.name

    @property
    def datasets(self) -> bool:
        """Whether the syntax holds named graphs (N-Quads, TriG)."""
        return self.kind == "rdf" and bool(self.ox.supports_datasets)  # type: ignore[union-attr]

    @property
    def prefixed(self) -> bool:
        """Whether the writer can use prefix declarations (Turtle, TriG, RDF/XML)."""
        return self.ox in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)

    @property
    def content_type(self) -> str:
        """The Content-Type header value: text, JSON and XML types carry charset=utf-8."""
        m = self.media
        textual = m.startswith("text/") or m.endswith(("json", "xml")) or m in (
            "application/n-triples", "application/n-quads", "application/trig")
        return f"{m}; charset=utf-8" if textual else m


_R = ox.RdfFormat
_Q = ox.QueryResultsFormat

#: Every format, in order of preference within its kind (the first is the default answer).
FORMATS: list[Format] = [
    # SPARQL results
    Format("json", "application/sparql-results+json", "results", _Q.JSON, ("srj", "json"),
           ("application/json",), ("srj", "sparql-results+json"), rdflib="json"),
    Format("xml", "application/sparql-results+xml", "results", _Q.XML, ("srx", "xml"),
           ("application/xml", "text/xml"), ("srx", "sparql-results+xml"), rdflib="xml"),
    Format("csv", "text/csv", "results", _Q.CSV, ("csv",), rdflib="csv"),
    Format("csv-excel", "text/csv", "results", _Q.CSV, ("csv",), (), ("excel", "csv+bom"), rdflib="csv", bom=True),
    Format("tsv", "text/tab-separated-values", "results", _Q.TSV, ("tsv",), rdflib="tsv"),
    # RDF
    Format("turtle", "text/turtle", "rdf", _R.TURTLE, ("ttl", "turtle"),
           ("application/x-turtle", "text/n3", "text/rdf+n3", "application/n3"), ("ttl", "n3"), rdflib="turtle"),
    Format("ntriples", "application/n-triples", "rdf", _R.N_TRIPLES, ("nt",),
           ("text/plain",), ("nt", "n-triples"), rdflib="nt"),
    Format("jsonld", "application/ld+json", "rdf", _R.JSON_LD, ("jsonld", "json"),
           ("application/json",), ("json-ld",), rdflib="json-ld"),
    Format("rdfxml", "application/rdf+xml", "rdf", _R.RDF_XML, ("rdf", "owl", "xml"),
           ("application/xml", "text/xml"), ("rdf", "rdf+xml", "xml"), rdflib="xml"),
    Format("nquads", "application/n-quads", "rdf", _R.N_QUADS, ("nq",), ("text/x-nquads",), ("nq", "n-quads"),
           rdflib="nquads"),
    Format("trig", "application/trig", "rdf", _R.TRIG, ("trig",), ("application/x-trig",), rdflib="trig"),
    Format("n3", "text/n3", "rdf", _R.N3, ("n3",), (), (), parse_only=True, rdflib="n3"),
]

RESULT_FORMATS: list[Format] = [f for f in FORMATS if f.kind == "results"]
RDF_FORMATS: list[Format] = [f for f in FORMATS if f.kind == "rdf" and not f.parse_only]
#: Formats that can carry a graph in a request body (Graph Store Protocol, ingest).
RDF_PARSE_FORMATS: list[Format] = [f for f in FORMATS if f.kind == "rdf"]


def by_media(media: str, kind: str) -> Format | None:
    """The format of ``kind`` for a media type (parameters such as ``;charset=utf-8`` are ignored)."""
    m = media.split(";", 1)[0].strip().lower()
    pool = RDF_PARSE_FORMATS if kind == "rdf" else RESULT_FORMATS
    for f in pool:
        if m == f.media:
            return f
    for f in pool:
        if m in f.media_aliases:
            return f
    return None


def by_name(name: str, kind: str | None = None) -> Format | None:
    """The format for a short name, a suffix or a media type (``ttl``, ``.nt``, ``text/turtle``)."""
    key = name.strip().lower().lstrip(".")
    kinds = [kind] if kind else ["results", "rdf"]
    for k in kinds:
        pool = RDF_FORMATS if k == "rdf" else RESULT_FORMATS
        for f in pool:
            if key == f.name or key in f.names or key == f.media:
                return f
        for f in pool:
            if key in f.suffixes or key in f.media_aliases:
                return f
    return None


def by_suffix(suffix: str) -> Format | None:
    """The RDF format of a file suffix (``.ttl``, ``nq``, ``.json`` for JSON-LD …), for reading files."""
    key = suffix.strip().lower().lstrip(".")
    return next((f for f in RDF_PARSE_FORMATS if key in f.suffixes), None)


def rdf_suffixes() -> list[str]:
    """Every file suffix read as RDF (``.ttl``, ``.nt`` …)."""
    return sorted({"." + s for f in RDF_PARSE_FORMATS for s in f.suffixes})


JSON_RESULTS = RESULT_FORMATS[0]
NTRIPLES = next(f for f in RDF_FORMATS if f.name == "ntriples")
TURTLE = next(f for f in RDF_FORMATS if f.name == "turtle")

"""RDF serializations for HTTP responses: content negotiation and media types.

Serialization is pyoxigraph's (Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads,
TriG), the fast path DESIGN.md asks for; rdflib is not involved.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Request

from chainkg.ontology.namespaces import PREFIXES

#: media type -> (pyoxigraph format, file suffix)
RDF_MEDIA: dict[str, tuple[ox.RdfFormat, str]] = {
    "text/turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "application/n-triples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "application/ld+json": (ox.RdfFormat.JSON_LD, "jsonld"),
    "application/rdf+xml": (ox.RdfFormat.RDF_XML, "rdf"),
    "application/n-quads": (ox.RdfFormat.N_QUADS, "nq"),
    "application/trig": (ox.RdfFormat.TRIG, "trig"),
}
SUFFIX_MEDIA = {suffix: media for media, (_, suffix) in RDF_MEDIA.items()}
GRAPH_MEDIA = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]


def negotiate_rdf(request: Request, offers: list[str]) -> str | None:
    """The best RDF media type the client accepts among ``offers``, honouring q-values.

    Returns None when the client prefers HTML (or anything that is not RDF) to
    every RDF type it lists.
    """
    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", *offers])
    if best is None or best == "text/html":
        return None
    if accept[best] <= accept["text/html"] and "text/html" in accept.values():
        return None
    return best


def serialize_triples(triples: ox.QueryTriples | list[ox.Triple], media: str) -> bytes:
    fmt = RDF_MEDIA[media][0]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes)


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else media

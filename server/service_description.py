"""The SPARQL 1.1 Service Description of ``/sparql``, with VoID counts of what is in the store.

Why the endpoint IRI comes from the request: the description must name the
endpoint as its client reached it, which behind a reverse proxy is not the
address gunicorn listens on. With ``CHAINKG_PROXY_FIX=N`` (N trusted proxies)
``X-Forwarded-Proto/Host/Port/Prefix`` are honoured (werkzeug's ProxyFix); it is
off by default because a client could otherwise forge them.

The counts (triples per named graph, classes, entities) are aggregate queries
over the whole store; they run once through the worker pool, under the time
limit, and are cached until the next committed write.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from flask import Response, current_app, request

from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.sparql_exec import GRAPH_FORMATS, QueryError

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SD_OFFERS = ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
             "application/trig", "application/n-quads"]
RESULT_FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                      "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG"]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def _select(query: str, *, union: bool = True) -> list[dict[str, str]]:
    from chainkg.server.sparql import run_job

    job = {"query": query, "tabular": "application/sparql-results+json", "graph": None, "row_limit": 0,
           "capped": False, "union": union}
    result = run_job(job)
    data = json.loads(result.body)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def void_counts() -> dict[str, Any]:
    """Triples per named graph, in the default graph, classes and entities; cached until the next write."""
    cached = current_app.extensions.get("chainkg_sd_counts")
    if cached is not None:
        return cached
    counts: dict[str, Any] = {}
    try:
        counts["graphs"] = {r["g"]: int(r["n"]) for r in _select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")}
        counts["triples"] = int(_select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
        counts["classes"] = int(_select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")[0]["n"])
        counts["entities"] = int(_select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
        current_app.extensions["chainkg_sd_counts"] = counts
    except (QueryError, KeyError, IndexError, ValueError):
        counts = {}  # too slow or failed: describe the service without counts, try again next time
    return counts


def description_triples(endpoint: str) -> list[ox.Triple]:
    """The service description of the endpoint at ``endpoint``, as triples."""
    svc = _n(endpoint)
    triples = [
        ox.Triple(svc, RDF_TYPE, _n(SD + "Service")),
        ox.Triple(svc, _n(SD + "endpoint"), svc),
        ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(svc, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(svc, _n(SD + "defaultEntailmentRegime"), _n("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(svc, _n("http://purl.org/dc/terms/title"), ox.Literal("chainkg SPARQL endpoint", language="en")),
        ox.Triple(svc, _n("http://purl.org/dc/terms/title"), ox.Literal("chainkg 产业链知识图谱 SPARQL 查询服务",
                                                                          language="zh")),
        ox.Triple(svc, _n("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal(
            "Read-only SPARQL 1.1 query service. Limits: {t:g} s per query (503 when exceeded), {r} rows per result "
            "(signalled by the X-Chainkg-Truncated header), no SERVICE, no LOAD, no graphs from outside the store. "
            "The default graph is the union of all named graphs.".format(
                t=float(current_app.config.get("CHAINKG_QUERY_TIMEOUT", 30)),
                r=int(current_app.config.get("CHAINKG_ROW_LIMIT", 10000))), language="en")),
    ]
    if current_app.config.get("CHAINKG_UPDATE_TOKEN"):
        triples.append(ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update")))
    for name in RESULT_FORMAT_IRIS:
        triples.append(ox.Triple(svc, _n(SD + "resultFormat"), _n(FORMATS + name)))
    counts = void_counts()
    dataset = ox.BlankNode()
    default = ox.BlankNode()
    triples += [
        ox.Triple(svc, _n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(dataset, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(dataset, _n(VOID + "sparqlEndpoint"), svc),
        ox.Triple(dataset, _n(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _n(SD + "Graph")),
    ]
    if counts:
        triples += [
            ox.Triple(default, _n(VOID + "triples"), _int(counts["triples"])),
            ox.Triple(default, _n(VOID + "classes"), _int(counts["classes"])),
            ox.Triple(default, _n(VOID + "entities"), _int(counts["entities"])),
            ox.Triple(dataset, _n(VOID + "triples"), _int(counts["triples"])),
            ox.Triple(dataset, _n(VOID + "classes"), _int(counts["classes"])),
            ox.Triple(dataset, _n(VOID + "entities"), _int(counts["entities"])),
        ]
        for graph_iri, n in counts["graphs"].items():
            named, graph = ox.BlankNode(), ox.BlankNode()
            triples += [
                ox.Triple(dataset, _n(SD + "namedGraph"), named),
                ox.Triple(named, RDF_TYPE, _n(SD + "NamedGraph")),
                ox.Triple(named, _n(SD + "name"), _n(graph_iri)),
                ox.Triple(named, _n(SD + "graph"), graph),
                ox.Triple(graph, RDF_TYPE, _n(SD + "Graph")),
                ox.Triple(graph, _n(VOID + "triples"), _int(n)),
            ]
    return triples


def endpoint_url() -> str:
    """The endpoint as the client reached it (scheme, host, prefix: through ProxyFix when enabled)."""
    return request.base_url.rstrip("/") if request.path.endswith("/") else request.base_url


def service_description(media: str) -> Response:
    """The description as ``media`` (one of ``SD_OFFERS``)."""
    fmt = GRAPH_FORMATS[media]
    prefixes = {"sd": SD, "void": VOID, "formats": FORMATS, "dcterms": PREFIXES["dcterms"], "rdfs": PREFIXES["rdfs"]}
    use_prefixes = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    body = ox.serialize(description_triples(endpoint_url()), format=fmt,
                        prefixes=prefixes if use_prefixes else None)
    ctype = f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else media
    response = Response(body, content_type=ctype)
    response.headers["Vary"] = "Accept"
    return response

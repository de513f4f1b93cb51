"""The SPARQL 1.1 Service Description of ``/sparql``, with VoID counts of what is in the store.

Why the endpoint IRI comes from the request: the description must name the
endpoint as its client reached it, which behind a reverse proxy is not the
address gunicorn listens on. With ``CHAINKG_PROXY_FIX=N`` (N trusted proxies)
``X-Forwarded-Proto/Host/Port/Prefix`` are honoured (werkzeug's ProxyFix); it is
off by default because a client could otherwise forge them.

The counts (triples per named graph, triples, classes and entities of the merged
default graph, each triple once) are aggregate queries over the whole store; they
run under the time limit and are cached until the store is next written.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from flask import Response, current_app, request

from chainkg.graph.formats import RDF_FORMATS, Format
from chainkg.graph.results import QueryError, QueryJob
from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.context import cached, run_job

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SD_OFFERS: list[Format] = list(RDF_FORMATS)
RESULT_FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                      "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG"]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def _select(query: str) -> list[dict[str, str]]:
    result = run_job(QueryJob(query, results="application/sparql-results+json", graph=None))
    data = json.loads(result.body)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def _counts() -> dict[str, Any]:
    counts: dict[str, Any] = {}
    try:
        counts["graphs"] = {r["g"]: int(r["n"]) for r in _select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")}
        counts["triples"] = int(_select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
        counts["classes"] = int(_select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")[0]["n"])
        counts["entities"] = int(_select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    except (QueryError, KeyError, IndexError, ValueError):
        return {}  # too slow or failed: describe the service without counts
    return counts


def void_counts() -> dict[str, Any]:
    """Triples per named graph and in the merged default graph, classes, entities; cached until a write."""
    counts = cached("sd_counts", _counts)
    if not counts:  # do not keep a failure: try again next time
        from flask import current_app as app

        app.extensions.get("chainkg_cache", {}).pop("sd_counts", None)
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
            "The default graph is the merge of all named graphs: each triple once, however many sources state it."
            .format(
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


def service_description(fmt: Format) -> Response:
    """The description in ``fmt`` (one of ``SD_OFFERS``)."""
    prefixes = {"sd": SD, "void": VOID, "formats": FORMATS, "dcterms": PREFIXES["dcterms"], "rdfs": PREFIXES["rdfs"]}
    body = ox.serialize(description_triples(endpoint_url()), format=fmt.ox,  # type: ignore[arg-type]
                        prefixes=prefixes if fmt.prefixed else None)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response

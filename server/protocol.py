"""The SPARQL 1.1 Protocol for queries, shared by ``/sparql`` and the example questions (``/queries``).

What a request goes through, and why in this order:

1. The protocol (GET; POST form; POST ``application/sparql-query``) gives the query
   text and the dataset (``default-graph-uri`` / ``named-graph-uri``, in the URL
   and in a form body). Anything the recommendation calls a bad request gets a
   4xx with a message: two ``query`` parameters, an update, a body in another
   media type (415), a charset other than UTF-8 (415), bytes that are not UTF-8,
   dataset parameters without a query.
2. The project's prefixes (``ckg:``, ``id:`` …) are declared before the query, as in
   the CLI and the docs; a query's own PREFIX of the same name wins.
3. ``sparql_text`` reads the text (tens of microseconds) and the refusal policy of
   ``http.refuse`` turns away ``SERVICE``, ``LOAD``, updates and over-deep nesting:
   no query ever makes the server open a connection (pyoxigraph would, for ``SERVICE``).
   A graph named by the dataset that is not in the store is an empty graph, as in
   Oxigraph and Fuseki (never fetched), and the response names it in
   ``X-Chainkg-Unknown-Graphs`` so that a mistyped graph is noticed. rdflib's
   ``SPARQLStore`` names ``urn:x-rdflib:default`` for "the default graph": that is
   the store's default graph.
4. Content negotiation (``http.choose``) picks a results format and an RDF format;
   the query form decides which one is used.
5. The store runs the query (``GraphStore.run``): on the embedded store in a worker
   process killed at the time limit (503), on a remote server with the request's
   timeout; the row cap and the byte cap are applied to the serialized result and
   signalled (headers, and in SPARQL JSON and XML the body too), never silent.

Without a dataset the default graph is the merge of all sources, each triple once.
"""

from __future__ import annotations

from flask import Response, current_app, request
from werkzeug.datastructures import MultiDict

from chainkg.graph.formats import Format
from chainkg.graph.results import QueryError, QueryJob, QueryResult
from chainkg.graph.sparql_errors import explain
from chainkg.graph.sparql_text import analyze, with_row_limit
from chainkg.ontology.namespaces import PREFIXES
from chainkg.server import http
from chainkg.server.context import request_store

CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept",
        "Access-Control-Expose-Headers": "X-Chainkg-Truncated, X-Chainkg-Truncated-Reason, X-Chainkg-Row-Limit, "
                                         "X-Chainkg-Byte-Limit, X-Chainkg-Rows, X-Chainkg-Unknown-Graphs"}
#: What rdflib's SPARQLStore sends as ``default-graph-uri`` to mean "the default graph".
RDFLIB_DEFAULT_GRAPH = "urn:x-rdflib:default"


# -- request parsing -------------------------------------------------------------------


def protocol_request() -> tuple[str | None, MultiDict]:
    """The query text and all protocol parameters of this request (URL and form body merged)."""
    params = http.args()
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            http.bad(400, "updates are not accepted here: POST them to /update (SPARQL 1.1 Update; needs a token)")
        queries = params.getlist("query")
    elif request.method == "POST":
        mimetype = request.mimetype
        if mimetype == http.FORM_MEDIA:
            form = http.form_body()
            if "update" in form or "update" in params:
                http.bad(400, "this is the query endpoint: POST updates to /update (SPARQL 1.1 Update; needs a token)")
            for key, value in form.items(multi=True):
                params.add(key, value)
            queries = params.getlist("query")
        elif mimetype == http.QUERY_MEDIA:
            if "query" in params:
                http.bad(400, "the query is in the body: do not give a 'query' URL parameter too")
            queries = [http.body_text()]
        elif mimetype == http.UPDATE_MEDIA:
            http.bad(400, "this is the query endpoint: POST updates to /update (SPARQL 1.1 Update; needs a token)")
        elif not mimetype:
            http.bad(415, "POST needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query")
        else:
            http.bad(415, f"a body of type {mimetype} is not accepted: POST the query as "
                          "application/sparql-query, or as 'query' in application/x-www-form-urlencoded")
    else:
        http.bad(405, "use GET or POST")
    if len(queries) > 1:
        http.bad(400, f"{len(queries)} 'query' parameters: give exactly one")
    return (queries[0] if queries else None), params


def timeout_param(params: MultiDict) -> float | None:
    raw = params.get("timeout")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        http.bad(400, f"timeout={raw!r} is not a number of seconds")
    if not value > 0:
        http.bad(400, "timeout must be a positive number of seconds")
    return value / 1000 if value > 1000 else value  # Fuseki-style milliseconds


def format_param(params: MultiDict) -> str | None:
    return params.get("format") or params.get("output") or params.get("results") or None


#: A negotiated format and the media type to answer with (the one the client named).
Answer = tuple[Format, str]


def build_job(query: str, params: MultiDict, *, row_limit: int | None = None,
              with_prefixes: bool = True) -> tuple[QueryJob, Answer | None, Answer | None, list[str]]:
    """The job for ``query``, how to answer (results, RDF), and the dataset's unknown graphs."""
    if not query.strip():
        http.bad(400, "the query is empty")
    text = query
    info = analyze(text, PREFIXES if with_prefixes else None)
    http.refuse(info, endpoint="query")
    if info.unresolved:
        http.bad(400, f"SPARQL syntax error: undeclared prefix in FROM {info.unresolved[0]}")
    default_graphs = [http.check_iri(g, "graph IRI") for g in params.getlist("default-graph-uri")
                      if g != RDFLIB_DEFAULT_GRAPH]
    named_graphs = [http.check_iri(g, "graph IRI") for g in params.getlist("named-graph-uri")]
    store = request_store()
    unknown = [g for g in dict.fromkeys([*default_graphs, *named_graphs, *info.from_graphs, *info.from_named])
               if not store.has_graph(g)]
    fmt = format_param(params)
    tab = http.choose(http.offers_of("results"), fmt=fmt, kind="results")
    graph = http.choose(http.offers_of("rdf"), fmt=fmt, kind="rdf")
    if fmt and tab is None and graph is None:
        http.bad(400, f"format={fmt!r} is not known; use one of "
                      + ", ".join(f.name for f in [*http.offers_of("results"), *http.offers_of("rdf")]))
    if fmt and tab is None:
        first = http.offers_of("results")[0]
        tab = (first, first.media)
    if fmt and graph is None:
        first = http.offers_of("rdf")[0]
        graph = (first, first.media)
    cap = row_limit if row_limit is not None else int(current_app.config.get("CHAINKG_ROW_LIMIT", 10000))
    limited, capped = with_row_limit(text, info, cap) if cap > 0 else (text, False)
    dataset = bool(default_graphs or named_graphs)
    job = QueryJob(
        query=limited, results=tab[0].media if tab else None, graph=graph[0].media if graph else None,  # type: ignore[union-attr]
        default_graph=default_graphs if dataset else None, named_graphs=named_graphs if dataset else None,
        row_limit=max(cap, 0), capped=capped, rewritten=limited != text,
        byte_limit=int(current_app.config.get("CHAINKG_BYTE_LIMIT", 0) or 0),
        prefixes=with_prefixes,
    )
    return job, tab, graph, unknown  # type: ignore[return-value]


def query_failed(exc: QueryError, query: str) -> None:
    """Stop the request for a failed query: a syntax error explained (line, column, caret, zh/en)."""
    if exc.status == 400 and exc.detail.get("syntax") is not None:
        ex = explain(exc.detail["syntax"], query)
        raise http.DetailedError(400, ex.text(), {"syntax_error": ex.as_dict()})
    raise http.DetailedError(exc.status, exc.message, headers={"Retry-After": "5"} if exc.status == 503 else None)


def result_response(result: QueryResult, tab: Answer | None, graph: Answer | None,
                    unknown: list[str] | None = None) -> Response:
    """The HTTP response for a query result: the engine's bytes, the negotiated type, the caps signalled."""
    answer = graph if result.kind == "triples" else tab
    media = answer[1] if answer else result.media
    textual = media.startswith("text/") or media.endswith(("json", "xml")) or media in (
        "application/n-triples", "application/n-quads", "application/trig")
    body = result.body
    if answer and answer[0].bom:  # format=csv-excel: SPARQL's CSV with a byte order mark, a file for Excel
        body = b"\xef\xbb\xbf" + body
    response = Response(body, status=200, content_type=f"{media}; charset=utf-8" if textual else media)
    if answer and answer[0].bom:
        response.headers["Content-Disposition"] = 'attachment; filename="result.csv"'
    response.headers["Vary"] = "Accept"
    if result.rows is not None:
        response.headers["X-Chainkg-Rows"] = str(result.rows)
    response.headers["X-Chainkg-Row-Limit"] = str(int(current_app.config.get("CHAINKG_ROW_LIMIT", 10000)))
    byte_limit = int(current_app.config.get("CHAINKG_BYTE_LIMIT", 0) or 0)
    if byte_limit:
        response.headers["X-Chainkg-Byte-Limit"] = str(byte_limit)
    if result.truncated:
        response.headers["X-Chainkg-Truncated"] = "true"
        response.headers["X-Chainkg-Truncated-Reason"] = result.reason or "rows"
        what = "byte limit" if result.reason == "bytes" else "row limit"
        response.headers["Warning"] = f'199 chainkg "result truncated at the {what}"'
    if unknown:
        response.headers["X-Chainkg-Unknown-Graphs"] = " ".join(f"<{g}>" for g in unknown)
    return response



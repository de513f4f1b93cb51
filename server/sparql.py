"""``/sparql``: the SPARQL 1.1 Protocol for queries, the service description, and the query editor.

What a request goes through, and why in this order:

1. The protocol (GET; POST form; POST ``application/sparql-query``) gives the query
   text and the dataset (``default-graph-uri`` / ``named-graph-uri``, in the URL
   and in a form body). Anything the recommendation calls a bad request gets a
   4xx with a message: two ``query`` parameters, an update, a body in another
   media type (415), a charset other than UTF-8 (415), bytes that are not UTF-8.
2. ``sparql_guard`` reads the text (tens of microseconds) and refuses ``SERVICE``,
   ``LOAD`` and a dataset naming a graph the store does not hold: no query ever
   makes the server open a connection (pyoxigraph would, for ``SERVICE``).
3. Content negotiation (q-values honoured, ``format=`` as a convenience) picks
   a results format and an RDF format; the query form decides which one is used.
4. ``sparql_exec`` runs the query in a worker process with the time limit (503
   when it passes, the worker is killed) and the row cap (signalled, never
   silent), and hands back Oxigraph's own serialization, which is sent as is.

The default graph is the union of all named graphs (like Fuseki's
``unionDefaultGraph``) unless the request or the query names a dataset.
GET ``/sparql`` without a query answers a browser with the editor and any RDF
client (or ``Accept: */*``) with the SPARQL 1.1 Service Description.
"""

from __future__ import annotations

import re
import weakref
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.app import request_store
from chainkg.server.sparql_exec import QueryError, QueryResult, WorkerPool, execute
from chainkg.server.sparql_guard import MAX_DEPTH, QueryInfo, analyze, with_row_limit

bp = Blueprint("sparql", __name__)

#: Accept offers for SELECT / ASK: (media type offered, canonical results media type), in order of preference.
TABULAR_OFFERS: list[tuple[str, str]] = [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("application/xml", "application/sparql-results+xml"),
    ("text/xml", "application/sparql-results+xml"),
]
#: Accept offers for CONSTRUCT / DESCRIBE.
GRAPH_OFFERS: list[tuple[str, str]] = [
    ("text/turtle", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
    ("application/x-turtle", "text/turtle"),
    ("text/n3", "text/turtle"),
    ("text/plain", "application/n-triples"),
    ("application/json", "application/ld+json"),
    ("application/xml", "application/rdf+xml"),
]
#: ``format=`` values: (results media type, RDF media type).
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "ttl": (None, "text/turtle"), "turtle": (None, "text/turtle"),
    "nt": (None, "application/n-triples"), "ntriples": (None, "application/n-triples"),
    "rdf": (None, "application/rdf+xml"), "rdfxml": (None, "application/rdf+xml"),
    "jsonld": (None, "application/ld+json"), "json-ld": (None, "application/ld+json"),
    "nq": (None, "application/n-quads"), "nquads": (None, "application/n-quads"),
    "trig": (None, "application/trig"),
}
FORM_MEDIA = "application/x-www-form-urlencoded"
QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept",
        "Access-Control-Expose-Headers": "X-Chainkg-Truncated, X-Chainkg-Row-Limit, X-Chainkg-Rows"}


# -- app wiring --------------------------------------------------------------------


@bp.record_once
def _setup(state: Any) -> None:  # noqa: ANN401 - flask's BlueprintSetupState
    """Create the query worker pool for this app, and honour X-Forwarded-* when asked to."""
    app: Flask = state.app
    store = app.extensions["chainkg_store"]
    size = int(app.config.get("CHAINKG_QUERY_WORKERS", 4))
    if size > 0:
        pool = WorkerPool(store.ox, size, isolate_network=bool(app.config.get("CHAINKG_ISOLATE_WORKERS", True)))
        app.extensions["chainkg_sparql_pool"] = pool
        weakref.finalize(app, pool.close)
        if app.config.get("CHAINKG_PREFORK"):
            pool.prefork()
    proxies = int(app.config.get("CHAINKG_PROXY_FIX") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,  # type: ignore[method-assign]
                                x_port=proxies, x_prefix=proxies)


def worker_pool() -> WorkerPool | None:
    return current_app.extensions.get("chainkg_sparql_pool")


def writes_committed() -> None:
    """Called after every committed write: the workers are replaced, cached counts dropped."""
    pool = worker_pool()
    if pool is not None:
        pool.recycle()
    current_app.extensions.pop("chainkg_sd_counts", None)


def run_job(job: dict[str, Any], timeout: float | None = None) -> QueryResult:
    """Run a query job in a worker (or in this thread when workers are off, e.g. ``CHAINKG_QUERY_WORKERS=0``)."""
    limit = float(current_app.config.get("CHAINKG_QUERY_TIMEOUT", 30))
    timeout = min(timeout, limit) if timeout else limit
    pool = worker_pool()
    if pool is None:
        return execute(request_store().ox, job)
    return pool.run(job, timeout)


# -- request parsing -------------------------------------------------------------------


def _bad(status: int, message: str) -> None:
    abort(status, description=message)


def _form_body() -> MultiDict:
    """The form body decoded strictly as UTF-8 (werkzeug would silently replace bad bytes)."""
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict",
                          max_num_fields=1000)
    except UnicodeDecodeError:
        _bad(400, "the form body is not UTF-8 (percent-encode the UTF-8 bytes of the query)")
    except ValueError as exc:
        _bad(400, f"the form body cannot be read: {exc}")
    return MultiDict(pairs)


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        _bad(415, f"charset={charset} is not supported: send the request body in UTF-8")


def _body_text() -> str:
    _check_charset()
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        _bad(400, f"the request body is not valid UTF-8 (byte {exc.start})")
    return ""  # not reached


def _args() -> MultiDict:
    """URL parameters, refusing bytes that are not UTF-8 (werkzeug replaces them)."""
    raw = request.query_string
    try:
        return MultiDict(parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8",
                                   errors="strict", max_num_fields=1000))
    except UnicodeDecodeError:
        _bad(400, "the URL is not percent-encoded UTF-8")
    except ValueError as exc:
        _bad(400, f"the URL parameters cannot be read: {exc}")
    return MultiDict()  # not reached


def protocol_request() -> tuple[str | None, MultiDict]:
    """The query text and all protocol parameters of this request (URL and form body merged)."""
    params = _args()
    if request.method == "GET" or request.method == "HEAD":
        if "update" in params:
            _bad(400, "updates are not accepted here: POST them to /update (SPARQL 1.1 Update; needs a token)")
        queries = params.getlist("query")
    elif request.method == "POST":
        mimetype = request.mimetype
        if mimetype == FORM_MEDIA:
            _check_charset()
            form = _form_body()
            if "update" in form or "update" in params:
                _bad(400, "this is the query endpoint: POST updates to /update (SPARQL 1.1 Update; needs a token)")
            for key, value in form.items(multi=True):
                params.add(key, value)
            queries = params.getlist("query")
        elif mimetype == QUERY_MEDIA:
            if "query" in params:
                _bad(400, "the query is in the body: do not give a 'query' URL parameter too")
            queries = [_body_text()]
        elif mimetype == UPDATE_MEDIA:
            _bad(400, "this is the query endpoint: POST updates to /update (SPARQL 1.1 Update; needs a token)")
        elif not mimetype:
            _bad(415, "POST needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query")
        else:
            _bad(415, f"a body of type {mimetype} is not accepted: POST the query as "
                      "application/sparql-query, or as 'query' in application/x-www-form-urlencoded")
    else:
        _bad(405, "use GET or POST")
    if len(queries) > 1:
        _bad(400, f"{len(queries)} 'query' parameters: give exactly one")
    return (queries[0] if queries else None), params


def _negotiate(offers: list[tuple[str, str]], fmt: str | None, which: int) -> tuple[str | None, str | None]:
    """(media type to answer with, canonical media type) from ``format=`` or the Accept header."""
    if fmt:
        fmt = fmt.strip().lower()
        if fmt in FORMAT_PARAM:
            media = FORMAT_PARAM[fmt][which]
            return (media, media) if media else (None, None)
        for offered, canonical in offers:
            if fmt == offered:
                return offered, canonical
        return None, None
    accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    best = accept.best_match([o for o, _ in offers])
    if best is None:
        return None, None
    return best, dict(offers)[best]


def _check_graph_iri(iri: str) -> str:
    if not iri or re.search(r"[<>\"{}|^`\\\x00-\x20]", iri) or ":" not in iri:
        _bad(400, f"not an absolute IRI: {iri!r}")
    return iri


def check_dataset(info: QueryInfo, default_graphs: list[str], named_graphs: list[str]) -> None:
    """Refuse SERVICE, LOAD, an update, and a dataset naming a graph that is not in the store."""
    if info.service:
        _bad(400, "SERVICE (federated query) is not allowed: this endpoint never connects to other hosts")
    if info.load:
        _bad(400, "LOAD is not allowed: this endpoint never fetches data from other hosts")
    if info.form == "UPDATE":
        _bad(400, "this is the query endpoint: POST updates to /update (SPARQL 1.1 Update; needs a token)")
    if info.max_depth > MAX_DEPTH:
        _bad(400, f"the query nests groups or parentheses {info.max_depth} deep; at most {MAX_DEPTH} are allowed")
    if info.unresolved:
        _bad(400, f"SPARQL syntax error: undeclared prefix in FROM {info.unresolved[0]}")
    if current_app.config.get("CHAINKG_ALLOW_UNKNOWN_GRAPHS"):
        return
    store = request_store().ox
    for iri in [*default_graphs, *named_graphs, *info.from_graphs, *info.from_named]:
        _check_graph_iri(iri)
        if not store.contains_named_graph(ox.NamedNode(iri)):
            _bad(400, f"the graph <{iri}> is not in this store, and this service never fetches graphs from "
                      "the web; the named graphs are listed in the service description (GET /sparql)")


def _timeout_param(params: MultiDict) -> float | None:
    raw = params.get("timeout")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        _bad(400, f"timeout={raw!r} is not a number of seconds")
    if not value > 0:
        _bad(400, "timeout must be a positive number of seconds")
    return value / 1000 if value > 1000 else value  # Fuseki-style milliseconds


def build_job(query: str, params: MultiDict, *, row_limit: int | None = None) -> tuple[dict[str, Any], str | None,
                                                                                       str | None]:
    """The worker job for ``query`` and the media types to answer with (results, RDF)."""
    if not query.strip():
        _bad(400, "the query is empty")
    info = analyze(query)
    default_graphs = [g for g in params.getlist("default-graph-uri")]
    named_graphs = [g for g in params.getlist("named-graph-uri")]
    check_dataset(info, default_graphs, named_graphs)
    fmt = params.get("format") or params.get("output") or params.get("results")
    tab_out, tab = _negotiate(TABULAR_OFFERS, fmt, 0)
    graph_out, graph = _negotiate(GRAPH_OFFERS, fmt, 1)
    if fmt and tab is None and graph is None:
        _bad(400, f"format={fmt!r} is not known; use one of " + ", ".join(FORMAT_PARAM))
    if fmt and tab is None:
        tab_out, tab = TABULAR_OFFERS[0]
    if fmt and graph is None:
        graph_out, graph = GRAPH_OFFERS[0]
    cap = row_limit if row_limit is not None else int(current_app.config.get("CHAINKG_ROW_LIMIT", 10000))
    text, capped = with_row_limit(query, info, cap) if cap > 0 else (query, False)
    dataset = bool(default_graphs or named_graphs)
    job: dict[str, Any] = {
        "query": text, "tabular": tab, "graph": graph, "row_limit": max(cap, 0), "capped": capped,
        "rewritten": text != query, "union": not info.has_dataset,
        "default_graph": default_graphs if dataset else None,
        "named_graphs": named_graphs if dataset else None,
    }
    return job, tab_out, graph_out


def result_response(result: QueryResult, tab_out: str | None, graph_out: str | None) -> Response:
    """The HTTP response for a query result: the engine's bytes, the negotiated type, the cap signalled."""
    media = (graph_out if result.kind == "triples" else tab_out) or result.media
    ctype = f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else media
    response = Response(result.body, status=200, content_type=ctype)
    response.headers["Vary"] = "Accept"
    if result.rows is not None:
        response.headers["X-Chainkg-Rows"] = str(result.rows)
    cap = int(current_app.config.get("CHAINKG_ROW_LIMIT", 10000))
    response.headers["X-Chainkg-Row-Limit"] = str(cap)
    if result.truncated:
        response.headers["X-Chainkg-Truncated"] = "true"
        response.headers["Warning"] = f'199 chainkg "result truncated to the row limit of {cap}"'
    return response


# -- routes --------------------------------------------------------------------------


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql() -> Response | str:
    if request.method == "OPTIONS":
        return Response(status=204, headers=CORS)
    query, params = protocol_request()
    if query is None:
        if request.method == "GET":
            return _no_query(params)
        _bad(400, "missing 'query' parameter")
    job, tab_out, graph_out = build_job(query, params)
    job["base"] = request.base_url
    try:
        result = run_job(job, _timeout_param(params))
    except QueryError as exc:
        _bad(exc.status, exc.message)
    response = result_response(result, tab_out, graph_out)
    response.headers.update(CORS)
    return response


bp.add_url_rule("/sparql/", endpoint="sparql_slash", view_func=sparql, methods=["GET", "POST", "OPTIONS"])


def _no_query(params: MultiDict) -> Response | str:
    """GET without a query: the editor for a browser, the service description for anyone else."""
    from chainkg.server.service_description import SD_OFFERS, service_description

    fmt = params.get("format")
    accept = request.accept_mimetypes
    if fmt in FORMAT_PARAM and FORMAT_PARAM[fmt][1]:
        media = FORMAT_PARAM[fmt][1]
    elif not accept:
        media = "text/turtle"
    else:
        media = accept.best_match([*SD_OFFERS, "text/html"])
        if media is None and "text/html" not in accept.values():
            _bad(406, "GET /sparql without a query returns the service description as " + ", ".join(SD_OFFERS)
                 + " or the query editor as text/html")
    if media in SD_OFFERS and not (accept and accept["text/html"] > accept[media]):
        response = service_description(media)
        response.headers.update(CORS)
        return response
    return _editor(params)


def _editor(params: MultiDict) -> str:
    from chainkg.server.canned import editor_examples

    examples = editor_examples()
    return render_template("sparql.html", prefixes=PREFIXES, examples=examples,
                           example=params.get("example"), query=params.get("q"),
                           row_limit=current_app.config.get("CHAINKG_ROW_LIMIT"),
                           timeout=current_app.config.get("CHAINKG_QUERY_TIMEOUT"))


def plain_error(exc: HTTPException) -> Response:
    """Errors of the protocol endpoints as ``text/plain`` with the message, for every client but a browser.

    A SPARQL client (or curl with ``Accept: */*``) shows the body as it is; only a
    client that names ``text/html`` explicitly gets the app's HTML error page.
    """
    status = exc.code or 500
    accept = request.accept_mimetypes
    if "text/html" in accept.values() and accept.best == "text/html":
        from chainkg.server.app import _http_error

        return _http_error(exc)
    if exc.response is not None and exc.response.status_code == status and status == 401:
        return exc.response
    response = Response(f"{status} {exc.name}: {exc.description or exc.name}\n", status=status,
                        mimetype="text/plain")
    response.headers.update(CORS if request.path.startswith("/sparql") else {})
    if exc.response is not None:
        for key in ("WWW-Authenticate", "Allow"):
            if key in exc.response.headers:
                response.headers[key] = exc.response.headers[key]
    return response


bp.register_error_handler(HTTPException, plain_error)

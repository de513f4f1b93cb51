"""Writes: ``/update`` (SPARQL 1.1 Update), ``/rdf-graph-store`` (Graph Store HTTP Protocol), ``/sources``.

All exist only when an update token is configured (``CHAINKG_UPDATE_TOKEN`` or
``chainkg serve --update-token``); otherwise they answer 404, as if absent. Every
request must carry the token (``http.require_token``); a missing or wrong token gets
401 and changes nothing.

Why each request is one transaction: the store applies one update, one graph
replacement or one drop atomically, together with the matching change to the merged
default graph (``chainkg.graph.store``), so a reader never sees a graph half
replaced. ``LOAD`` and ``SERVICE`` are refused here too (no outbound connections).
What a client writes "to the default graph" (an update without ``GRAPH``, the Graph
Store Protocol's ``?default``) is kept in the named graph
``sparql_text.DEFAULT_WRITE_GRAPH``; the default graph that queries read is the merge
of every graph, that one included. Updates have no time limit: only a holder of the
token can send one.

``PUT /sources?graph=…&label=…&kind=…&location=…`` (N-Triples body) and ``DELETE
/sources?graph=…`` replace or drop one source with its catalog entry: this is how
``chainkg ingest`` and ``chainkg drop`` write to a store that a running service holds.
"""

from __future__ import annotations

import email.parser
import email.policy
import threading
import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict

from chainkg.graph.errors import StoreError
from chainkg.graph.formats import NTRIPLES, RDF_PARSE_FORMATS, Format, by_media
from chainkg.graph.sparql_text import DEFAULT_WRITE_GRAPH, analyze, tokenize
from chainkg.ontology.namespaces import GRAPH_BASE
from chainkg.server import http
from chainkg.server.context import request_store, writes_committed

bp = Blueprint("update", __name__)

MULTIPART_MEDIA = "multipart/form-data"
#: Where a graph created by a POST to the store itself (no ?graph=, no ?default) is named.
POSTED_GRAPH_BASE = GRAPH_BASE + "posted/"
#: Held around "does the graph exist?" and the write, so that 201-or-204 is about the state replaced.
_WRITE_LOCK = threading.RLock()
PARSE_MEDIA = ", ".join(sorted({f.media for f in RDF_PARSE_FORMATS}))


def _committed() -> None:
    writes_committed()
    try:
        request_store().flush()
    except StoreError as exc:
        # the write is committed (in the store's log) and seen by readers; only compacting it failed (a full
        # disk): the next write reopens the store first (graph/backends/embedded.py, "Faults")
        current_app.logger.warning("after a write: %s", exc)


def _write_failed(exc: StoreError) -> None:
    """A write the store could not make (disk full, IO): 503 with the cause, never the store's path."""
    message = str(exc)
    if not message.startswith("the write failed"):
        message = f"the write failed and nothing was changed: {message}"
    raise http.DetailedError(503, message, headers={"Retry-After": "30"})


def _run_update(text: str) -> None:
    """Apply ``text`` as one transaction; 400 with the engine's message if it fails (nothing is written)."""
    try:
        with _WRITE_LOCK:
            request_store().update(text, base=request.base_url)
    except SyntaxError as exc:
        from chainkg.graph.sparql_errors import explain

        ex = explain(str(exc), text)
        raise http.DetailedError(400, ex.text(), {"syntax_error": ex.as_dict()}) from None
    except StoreError as exc:
        _write_failed(exc)
    except (OSError, RuntimeError, ValueError) as exc:
        http.bad(400, f"update failed, nothing was changed: {exc}")
    _committed()


def _using_clauses(text: str, using: list[str], using_named: list[str]) -> str:
    """Put the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses before each WHERE.

    The recommendation says they act like USING in each operation that has a WHERE
    clause; with USING or WITH already in the text, the request is an error.
    """
    if not using and not using_named:
        return text
    tokens = tokenize(text)
    if any(t.kind == "word" and t.upper in ("USING", "WITH") for t in tokens):
        http.bad(400, "the update has USING or WITH, and the request gives using-graph-uri or "
                      "using-named-graph-uri too: give the dataset one way only")
    clause = " ".join([*(f"USING <{http.check_iri(g, 'graph IRI')}>" for g in using),
                       *(f"USING NAMED <{http.check_iri(g, 'graph IRI')}>" for g in using_named)])
    out, last, depth = [], 0, 0
    for i, tok in enumerate(tokens):
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.upper == "WHERE":
            prev = tokens[i - 1] if i else None
            if prev is not None and prev.kind == "word" and prev.upper == "DELETE":
                continue  # DELETE WHERE has no USING
            out.append(text[last:tok.start] + clause + " ")
            last = tok.start
    out.append(text[last:])
    return "".join(out)


@bp.route("/update", methods=["POST", "OPTIONS"])
def update() -> Response:
    """SPARQL 1.1 Update over the protocol: form ``update=`` or an ``application/sparql-update`` body."""
    http.require_token()
    if request.method == "OPTIONS":
        return Response(status=204, headers={"Allow": "POST, OPTIONS"})
    params = http.args()
    mimetype = request.mimetype
    if mimetype == http.UPDATE_MEDIA:
        if "update" in params:
            http.bad(400, "the update is in the body: do not give an 'update' URL parameter too")
        texts = [http.body_text()]
    elif mimetype == http.FORM_MEDIA:
        form = http.form_body()
        if "query" in form:
            http.bad(400, "this is the update endpoint: send queries to /sparql")
        for key, value in form.items(multi=True):
            params.add(key, value)
        texts = params.getlist("update")
    elif not mimetype:
        http.bad(415, "POST needs a Content-Type: application/sparql-update or application/x-www-form-urlencoded")
    else:
        http.bad(415, f"a body of type {mimetype} is not accepted: POST the update as "
                      "application/sparql-update, or as 'update' in application/x-www-form-urlencoded")
    if len(texts) != 1:
        http.bad(400, "missing 'update' parameter" if not texts
                 else f"{len(texts)} 'update' parameters: give exactly one")
    text = texts[0]
    if not text.strip():
        http.bad(400, "the update is empty")
    http.refuse(analyze(text), endpoint="update")
    text = _using_clauses(text, params.getlist("using-graph-uri"), params.getlist("using-named-graph-uri"))
    _run_update(text)
    return Response(status=204)


# -- graph store protocol ---------------------------------------------------------------


def _target(params: MultiDict) -> str | None:
    """The graph the request names (``?default`` is ``DEFAULT_WRITE_GRAPH``); None for a POST to the store.

    The query string is percent-decoded exactly once (``http.args``): ``?graph=http://ex/%2531`` names
    ``<http://ex/%31>``, not ``<http://ex/1>``.
    """
    graphs = params.getlist("graph")
    if "default" in params and graphs:
        http.bad(400, "give either ?default or ?graph=<iri>, not both")
    if "default" in params:
        return DEFAULT_WRITE_GRAPH
    if not graphs and request.method == "POST":
        return None
    if len(graphs) != 1:
        http.bad(400, "name the graph: ?graph=<iri> (exactly one) or ?default")
    return http.check_iri(graphs[0], "graph IRI")


def _parse_rdf(data: bytes, mimetype: str, charset: str | None, base: str, what: str) -> list[ox.Triple]:
    """One RDF document; its blank nodes are renamed to fresh ids so that documents never share one."""
    if not mimetype:
        http.bad(415, f"send {what} with a Content-Type: {PARSE_MEDIA}")
    fmt = by_media(mimetype, "rdf")
    if fmt is None:
        http.bad(415, f"{mimetype} ({what}) is not an RDF format this store reads; use {PARSE_MEDIA}")
    assert fmt is not None
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        http.bad(415, f"charset={charset} ({what}) is not supported: send RDF in UTF-8")
    try:
        return [q.triple for q in ox.parse(data, format=fmt.ox, base_iri=base, rename_blank_nodes=True,  # type: ignore[arg-type]
                                           without_named_graphs=True)]
    except SyntaxError as exc:
        http.bad(400, f"{what} is not valid {mimetype}: {exc}")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        http.bad(400, f"{what} cannot be read as {mimetype}: {exc}")
    return []  # not reached


def _multipart_triples(base: str) -> list[ox.Triple]:
    """A ``multipart/form-data`` POST: every part is an RDF document (its own Content-Type) to add."""
    if "boundary" not in request.mimetype_params:
        http.bad(400, "multipart/form-data needs a boundary parameter")
    head = f"Content-Type: {request.headers.get('Content-Type', '')}\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.get_data(cache=True))
    parts = list(message.iter_parts()) if message.is_multipart() else []
    if not parts:
        http.bad(400, "the multipart/form-data body has no parts")
    triples: list[ox.Triple] = []
    for index, part in enumerate(parts, 1):
        name = part.get_param("filename", header="content-disposition") or part.get_param(
            "name", header="content-disposition") or str(index)
        what = f"part {index} ({name})"
        if part.is_multipart() or not (part.get("Content-Type") or "").strip():
            http.bad(415, f"{what} has no RDF Content-Type; give each part one of {PARSE_MEDIA}")
        data = part.get_payload(decode=True) or b""
        triples += _parse_rdf(data, part.get_content_type(), part.get_param("charset"), base, what)
    return triples


def _body_triples(graph: str) -> list[ox.Triple]:
    """The request body (or, for a multipart POST, every part) parsed by Oxigraph."""
    if request.mimetype == MULTIPART_MEDIA and request.method == "POST":
        return _multipart_triples(graph)
    return _parse_rdf(request.get_data(cache=True), request.mimetype, request.mimetype_params.get("charset"),
                      graph, "the body")


def _existing(graph: str) -> list[ox.Triple]:
    return list(ox.parse(request_store().read_graph(graph, NTRIPLES), format=ox.RdfFormat.N_TRIPLES))


def _replace(graph: str, triples: list[ox.Triple]) -> None:
    try:
        request_store().replace_graph(graph, triples, label=graph, kind="graph-store", location=graph,
                                      software="chainkg graph store protocol")
    except StoreError as exc:
        _write_failed(exc)
    _committed()


@bp.route("/rdf-graph-store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """GET / HEAD / PUT / POST / DELETE one graph of the store, named by ?graph=<iri> or ?default.

    A POST that names no graph creates one (``POSTED_GRAPH_BASE`` + a random id): 201 with its IRI
    in ``Location``. A POST may also be ``multipart/form-data``, each part one RDF document to add;
    all parts are one transaction. Status: 201 when the write created the graph, else 204.
    """
    http.require_token()
    params = http.args()
    graph = _target(params)
    store = request_store()
    if graph is None:
        graph = POSTED_GRAPH_BASE + uuid.uuid4().hex
        with _WRITE_LOCK:
            _replace(graph, _body_triples(graph))
        return Response(status=201, headers={"Location": graph})
    if request.method in ("GET", "HEAD"):
        if graph != DEFAULT_WRITE_GRAPH and not store.has_graph(graph):
            http.bad(404, f"no graph <{graph}> in this store")
        fmt = http.negotiate(http.offers_of("rdf"))
        if not isinstance(fmt, Format):
            http.bad(406, "graphs are served as " + ", ".join(f.media for f in http.offers_of("rdf")))
        assert isinstance(fmt, Format)
        body = store.read_graph(graph, fmt)
        return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})
    if request.method == "DELETE":
        with _WRITE_LOCK:
            if graph == DEFAULT_WRITE_GRAPH:
                _replace(graph, [])
            elif not store.drop_graph(graph):
                http.bad(404, f"no graph <{graph}> in this store")
            else:
                _committed()
        return Response(status=204)
    triples = _body_triples(graph)
    with _WRITE_LOCK:
        existed = store.has_graph(graph)
        if request.method == "POST" and existed:
            triples = _existing(graph) + triples
        _replace(graph, triples)
    return Response(status=204 if existed else 201)


@bp.route("/sources", methods=["PUT", "DELETE"])
def write_source() -> Response:
    """Replace (PUT, an N-Triples body) or drop (DELETE) one source and its catalog entry."""
    http.require_token()
    params = http.args()
    graph = http.check_iri(params.get("graph", ""), "graph IRI")
    store = request_store()
    if request.method == "DELETE":
        with _WRITE_LOCK:
            try:
                found = store.drop_graph(graph)
            except StoreError as exc:
                _write_failed(exc)
        _committed()
        return Response(status=204 if found else 404)
    if request.mimetype not in (NTRIPLES.media, "text/plain"):
        http.bad(415, "PUT a source as application/n-triples")
    triples = _parse_rdf(request.get_data(cache=True), NTRIPLES.media, None, graph, "the body")
    with _WRITE_LOCK:
        try:
            n = store.replace_graph(graph, triples, label=params.get("label") or graph,
                                    kind=params.get("kind") or "source", location=params.get("location") or "",
                                    software=params.get("software") or "chainkg")
        except StoreError as exc:
            _write_failed(exc)
    _committed()
    return Response(f"{n} triples in <{graph}>\n", status=200, mimetype="text/plain")

"""Writes: ``/update`` (SPARQL 1.1 Update) and ``/rdf-graph-store`` (SPARQL 1.1 Graph Store HTTP Protocol).

Both exist only when an update token is configured (``CHAINKG_UPDATE_TOKEN`` or
``chainkg serve --update-token``); otherwise they answer 404, as if absent. Every
request must carry the token as ``Authorization: Bearer …``, compared in constant
time (``hmac.compare_digest``); a missing or wrong token gets 401 and changes nothing.

Why each request is one transaction: pyoxigraph applies one ``Store.update`` call
atomically (all operations of the request, or none). So the graph store
protocol is also expressed as one update: PUT is ``DROP SILENT GRAPH <g> ;
INSERT DATA { GRAPH <g> { … } }`` with the body parsed by Oxigraph and written
back as N-Triples inside the ``INSERT DATA``, and a reader never sees the graph
half replaced. ``LOAD`` and ``SERVICE`` are refused here too (no outbound
connections). Writes run in the server process (the query workers only read);
after each committed write the query workers are replaced so that queries see it.
Updates have no time limit: only a holder of the token can send one.
"""

from __future__ import annotations

import email.parser
import email.policy
import hmac
import threading
import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, request
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.exceptions import HTTPException

from chainkg.ontology.namespaces import GRAPH_BASE, PREFIXES
from chainkg.server.app import request_store
from chainkg.server.sparql import (
    FORM_MEDIA,
    UPDATE_MEDIA,
    _args,
    _body_text,
    _check_charset,
    _check_graph_iri,
    _form_body,
    plain_error,
    writes_committed,
)
from chainkg.server.sparql_guard import MAX_DEPTH, analyze, tokenize

bp = Blueprint("update", __name__)
bp.register_error_handler(HTTPException, plain_error)

#: RDF media types the graph store accepts in a PUT/POST body, and serves on GET.
GSP_PARSE: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/n3": ox.RdfFormat.N3,
}
GSP_SERVE = ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]
MULTIPART_MEDIA = "multipart/form-data"
#: Where a graph created by a POST to the store itself (no ?graph=, no ?default) is named.
POSTED_GRAPH_BASE = GRAPH_BASE + "posted/"
#: Re-entrant: the graph store holds it around "does the graph exist?" and the write, so that the
#: 201-or-204 answer is about the state the write replaced (``_run_update`` takes it again).
_WRITE_LOCK = threading.RLock()


def _require_token() -> None:
    token = current_app.config.get("CHAINKG_UPDATE_TOKEN")
    if not token:
        abort(404, description="this service is read-only (no update token is configured)")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), str(token).encode())
    if not ok:
        response = Response("401 Unauthorized: send the update token as 'Authorization: Bearer <token>'\n",
                            status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="chainkg"'
        abort(response)


def _run_update(text: str) -> None:
    """Apply ``text`` as one transaction; 400 with the engine's message if it fails (nothing is written)."""
    try:
        with _WRITE_LOCK:
            request_store().ox.update(text, base_iri=request.base_url)
    except SyntaxError as exc:
        abort(400, description=f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        abort(400, description=f"update failed, nothing was changed: {exc}")
    request_store().flush()
    writes_committed()


def _using_clauses(text: str, using: list[str], using_named: list[str]) -> str:
    """Put the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses before each WHERE.

    The recommendation says they act like USING in each operation that has a WHERE
    clause; with USING or WITH already in the text, the request is an error.
    """
    if not using and not using_named:
        return text
    tokens = tokenize(text)
    if any(t.kind == "word" and t.upper in ("USING", "WITH") for t in tokens):
        abort(400, description="the update has USING or WITH, and the request gives using-graph-uri or "
                               "using-named-graph-uri too: give the dataset one way only")
    clause = " ".join([*(f"USING <{_check_graph_iri(g)}>" for g in using),
                       *(f"USING NAMED <{_check_graph_iri(g)}>" for g in using_named)])
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
    _require_token()
    if request.method == "OPTIONS":
        return Response(status=204, headers={"Allow": "POST, OPTIONS"})
    params = _args()
    mimetype = request.mimetype
    if mimetype == UPDATE_MEDIA:
        if "update" in params:
            abort(400, description="the update is in the body: do not give an 'update' URL parameter too")
        texts = [_body_text()]
    elif mimetype == FORM_MEDIA:
        _check_charset()
        form = _form_body()
        if "query" in form:
            abort(400, description="this is the update endpoint: send queries to /sparql")
        for key, value in form.items(multi=True):
            params.add(key, value)
        texts = params.getlist("update")
    elif not mimetype:
        abort(415, description="POST needs a Content-Type: application/sparql-update or "
                               "application/x-www-form-urlencoded")
    else:
        abort(415, description=f"a body of type {mimetype} is not accepted: POST the update as "
                               "application/sparql-update, or as 'update' in application/x-www-form-urlencoded")
    if len(texts) != 1:
        abort(400, description="missing 'update' parameter" if not texts else
              f"{len(texts)} 'update' parameters: give exactly one")
    text = texts[0]
    if not text.strip():
        abort(400, description="the update is empty")
    info = analyze(text)
    if info.service:
        abort(400, description="SERVICE is not allowed: this service never connects to other hosts")
    if info.load:
        abort(400, description="LOAD is not allowed: this service never fetches data from other hosts; "
                               "PUT the data to /rdf-graph-store instead")
    if info.max_depth > MAX_DEPTH:
        abort(400, description=f"the update nests groups {info.max_depth} deep; at most {MAX_DEPTH} are allowed")
    if info.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        abort(400, description="this is a query: send it to /sparql")
    text = _using_clauses(text, params.getlist("using-graph-uri"), params.getlist("using-named-graph-uri"))
    _run_update(text)
    return Response(status=204)


# -- graph store protocol ---------------------------------------------------------------


def _target(params: MultiDict) -> ox.NamedNode | ox.DefaultGraph | None:
    """The graph the request names; ``None`` for a POST to the store itself (it creates a new graph).

    The query string is percent-decoded exactly once (``_args``): ``?graph=http://ex/%2531`` names
    ``<http://ex/%31>``, not ``<http://ex/1>``.
    """
    graphs = params.getlist("graph")
    if "default" in params and graphs:
        abort(400, description="give either ?default or ?graph=<iri>, not both")
    if "default" in params:
        return ox.DefaultGraph()
    if not graphs and request.method == "POST":
        return None
    if len(graphs) != 1:
        abort(400, description="name the graph: ?graph=<iri> (exactly one) or ?default")
    return ox.NamedNode(_check_graph_iri(graphs[0]))


def _exists(graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    if isinstance(graph, ox.DefaultGraph):
        return True
    return request_store().ox.contains_named_graph(graph)


def _graph_ref(graph: ox.NamedNode | ox.DefaultGraph) -> str:
    return "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH <{graph.value}>"


def _parse_rdf(data: bytes, mimetype: str, charset: str | None, base: str, what: str) -> list[ox.Triple]:
    """One RDF document; its blank nodes are renamed to fresh ids so that documents never share one."""
    if not mimetype:
        abort(415, description=f"send {what} with a Content-Type: " + ", ".join(GSP_PARSE))
    fmt = GSP_PARSE.get(mimetype)
    if fmt is None:
        abort(415, description=f"{mimetype} ({what}) is not an RDF format this store reads; use "
                               + ", ".join(GSP_PARSE))
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        abort(415, description=f"charset={charset} ({what}) is not supported: send RDF in UTF-8")
    try:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=base, rename_blank_nodes=True,
                                           without_named_graphs=True)]
    except SyntaxError as exc:
        abort(400, description=f"{what} is not valid {mimetype}: {exc}")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        abort(400, description=f"{what} cannot be read as {mimetype}: {exc}")
    return []  # not reached


def _multipart_triples(base: str) -> list[ox.Triple]:
    """A ``multipart/form-data`` POST: every part is an RDF document (its own Content-Type) to add."""
    if "boundary" not in request.mimetype_params:
        abort(400, description="multipart/form-data needs a boundary parameter")
    head = f"Content-Type: {request.headers.get('Content-Type', '')}\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.get_data(cache=True))
    parts = list(message.iter_parts()) if message.is_multipart() else []
    if not parts:
        abort(400, description="the multipart/form-data body has no parts")
    triples: list[ox.Triple] = []
    for index, part in enumerate(parts, 1):
        name = part.get_param("filename", header="content-disposition") or part.get_param(
            "name", header="content-disposition") or str(index)
        what = f"part {index} ({name})"
        if part.is_multipart() or not (part.get("Content-Type") or "").strip():
            abort(415, description=f"{what} has no RDF Content-Type; give each part one of " + ", ".join(GSP_PARSE))
        data = part.get_payload(decode=True) or b""
        triples += _parse_rdf(data, part.get_content_type(), part.get_param("charset"), base, what)
    return triples


def _body_as_ntriples(graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """The request body (or, for a multipart POST, every part) parsed by Oxigraph, written back as
    N-Triples (valid inside INSERT DATA)."""
    base = graph.value if isinstance(graph, ox.NamedNode) else request.base_url
    if request.mimetype == MULTIPART_MEDIA and request.method == "POST":
        triples = _multipart_triples(base)
    else:
        triples = _parse_rdf(request.get_data(cache=True), request.mimetype,
                             request.mimetype_params.get("charset"), base, "the body")
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _negotiate() -> str:
    """The served media type; Accept parameters (``text/turtle; charset=utf-8``) do not prevent a match."""
    if not request.accept_mimetypes:
        return GSP_SERVE[0]
    accept = MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in request.accept_mimetypes])
    media = accept.best_match(GSP_SERVE)
    if media is None:
        abort(406, description="graphs are served as " + ", ".join(GSP_SERVE))
    return media


def _wrap(graph: ox.NamedNode | ox.DefaultGraph, ntriples: str) -> str:
    if not ntriples.strip():
        return ""
    if isinstance(graph, ox.DefaultGraph):
        return f"INSERT DATA {{\n{ntriples}}}"
    return f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{ntriples}}} }}"


@bp.route("/rdf-graph-store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """GET / HEAD / PUT / POST / DELETE one graph of the store, named by ?graph=<iri> or ?default.

    A POST that names no graph creates one (``POSTED_GRAPH_BASE`` + a random id): 201 with its IRI
    in ``Location``. A POST may also be ``multipart/form-data``, each part one RDF document to add;
    all parts are one transaction. Status: 201 when the write created the graph, else 204.
    """
    _require_token()
    params = _args()
    graph = _target(params)
    store = request_store().ox
    if graph is None:
        graph = ox.NamedNode(POSTED_GRAPH_BASE + uuid.uuid4().hex)
        ntriples = _body_as_ntriples(graph)
        _run_update(f"CREATE GRAPH <{graph.value}>" + (" ;\n" + _wrap(graph, ntriples) if ntriples.strip() else ""))
        return Response(status=201, headers={"Location": graph.value})
    if request.method in ("GET", "HEAD"):
        if not _exists(graph):
            abort(404, description=f"no graph <{graph.value}> in this store")
        media = _negotiate()
        fmt = GSP_PARSE[media]
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        body = store.dump(format=fmt, from_graph=graph, prefixes=prefixes)
        ctype = f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else media
        return Response(body, content_type=ctype, headers={"Vary": "Accept"})
    if request.method == "DELETE":
        with _WRITE_LOCK:
            if not _exists(graph):
                abort(404, description=f"no graph <{graph.value}> in this store")
            _run_update(f"DROP {_graph_ref(graph)}" if isinstance(graph, ox.NamedNode) else "CLEAR DEFAULT")
        return Response(status=204)
    ntriples = _body_as_ntriples(graph)
    ops = []
    if request.method == "PUT":
        ops.append(f"DROP SILENT {_graph_ref(graph)}" if isinstance(graph, ox.NamedNode) else "CLEAR SILENT DEFAULT")
    if isinstance(graph, ox.NamedNode):
        ops.append(f"CREATE SILENT GRAPH <{graph.value}>")
    insert = _wrap(graph, ntriples)
    if insert:
        ops.append(insert)
    with _WRITE_LOCK:
        existed = _exists(graph)
        _run_update(" ;\n".join(ops))
    return Response(status=204 if existed else 201)

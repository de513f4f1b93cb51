"""The SPARQL endpoint, ``/sparql`` (queries only; the service is read-only by default).

The query string goes to Oxigraph as is and its own result serializers write
the response, so no result term becomes a Python object on this path.
The default graph is the union of all sources (see ``chainkg.graph.query``).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.app import request_store
from chainkg.server.rdfout import RDF_MEDIA, content_type

bp = Blueprint("sparql", __name__)

RESULT_MEDIA = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "nt": "application/n-triples", "jsonld": "application/ld+json"}


def _query_text() -> str | None:
    if request.method == "GET":
        values = request.args.getlist("query")
    elif request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        values = request.form.getlist("query")
    else:
        abort(415, description="POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if len(values) > 1:
        abort(400, description="more than one 'query' parameter")
    return values[0] if values else None


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response | str:
    query = _query_text()
    if query is None:
        if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "text/html":
            return render_template("sparql.html", prefixes=PREFIXES)
        abort(400, description="missing 'query' parameter")
    try:
        result = request_store().ox.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        abort(400, description=f"SPARQL syntax error: {exc}")
    fmt = request.values.get("format")
    if isinstance(result, ox.QueryTriples):
        offers = list(RDF_MEDIA)[:4]
        media = FORMAT_PARAM.get(fmt) if fmt else request.accept_mimetypes.best_match(offers, "text/turtle")
        if media not in RDF_MEDIA:
            abort(406, description="CONSTRUCT results are available as " + ", ".join(offers))
        prefixes = PREFIXES if media == "text/turtle" else None
        body = ox.serialize(result, format=RDF_MEDIA[media][0], prefixes=prefixes)
    else:
        offers = list(RESULT_MEDIA)
        media = FORMAT_PARAM.get(fmt) if fmt else request.accept_mimetypes.best_match(
            offers, "application/sparql-results+json")
        if media not in RESULT_MEDIA:
            abort(406, description="results are available as " + ", ".join(offers))
        body = result.serialize(format=RESULT_MEDIA[media])
    return Response(body, content_type=content_type(media))

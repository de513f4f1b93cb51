"""``/sparql``: the SPARQL 1.1 Protocol for queries, the service description, and the query editor.

The routes only: how a query request is read, checked, run and answered is
``chainkg.server.protocol`` (shared with the example questions).

Without a dataset the default graph is the merge of all sources, each triple once.
GET ``/sparql`` without a query answers a browser with the editor and any RDF
client (or ``Accept: */*``) with the SPARQL 1.1 Service Description.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from chainkg.graph.results import QueryError, with_projection
from chainkg.graph.sparql_text import star_order
from chainkg.ontology.namespaces import PREFIXES
from chainkg.server import gallery, http
from chainkg.server.context import run_job
from chainkg.server.protocol import (
    CORS,
    build_job,
    format_param,
    protocol_request,
    query_failed,
    result_response,
    timeout_param,
)

bp = Blueprint("sparql", __name__)


# -- routes --------------------------------------------------------------------------


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql() -> Response | str:
    if request.method == "OPTIONS":
        return Response(status=204, headers=CORS)
    query, params = protocol_request()
    if query is None:
        if request.method == "GET" and not any(k in params for k in ("default-graph-uri", "named-graph-uri")):
            return _no_query(params)
        http.bad(400, "missing 'query' parameter")
    job, tab, graph, unknown = build_job(query, params)
    job.base = request.base_url
    try:
        result = run_job(job, timeout_param(params))
    except QueryError as exc:
        query_failed(exc, query)
    order = star_order(query) if result.kind == "solutions" else None
    if order:  # SELECT *: the columns in the order the query names its variables, not sorted
        result.body = with_projection(result.body, result.media, order)
    response = result_response(result, tab, graph, unknown)
    response.headers.update(CORS)
    return response


bp.add_url_rule("/sparql/", endpoint="sparql_slash", view_func=sparql, methods=["GET", "POST", "OPTIONS"])


def _no_query(params: MultiDict) -> Response | str:
    """GET without a query: the editor for a browser, the service description for anyone else."""
    from chainkg.server.service_description import SD_OFFERS, service_description

    offers: list[Any] = [*SD_OFFERS, http.HTML]
    fmt = format_param(params)
    media = http.negotiate(offers, fmt=fmt, kind="rdf")
    if media is None:
        http.bad(406, "GET /sparql without a query returns the service description as "
                 + ", ".join(f.media for f in SD_OFFERS) + " or the query editor as text/html")
    if media != http.HTML and not (http.accepts(http.HTML) > http.accepts(media.media)):  # type: ignore[union-attr]
        response = service_description(media)  # type: ignore[arg-type]
        response.headers.update(CORS)
        return response
    return _editor(params)


def _editor(params: MultiDict) -> str:
    return render_template("sparql.html", prefixes=PREFIXES, examples=gallery.editor_examples(),
                           example=params.get("example"), query=params.get("q"),
                           row_limit=current_app.config.get("CHAINKG_ROW_LIMIT"),
                           timeout=current_app.config.get("CHAINKG_QUERY_TIMEOUT"))

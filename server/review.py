"""``/review``: the review queue of extracted facts, for holders of the update token.

The routes only; what a decision does is ``chainkg.ingest.review``. A browser signs in
once with the token (``POST /review/login``), which sets an HttpOnly, SameSite=Strict
cookie; decisions are POSTed by the page's script as JSON with the header
``X-Chainkg-Review: 1``, which a cross-site form cannot send, so a page elsewhere cannot
make a signed-in reviewer decide anything. Programs use ``Authorization: Bearer``.
Without a configured token the queue does not exist (404), like the other write routes.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from chainkg.graph.errors import UserError
from chainkg.ingest.review import decide, queue, reviewable_sources
from chainkg.ontology.namespaces import GRAPH_BASE
from chainkg.server import http
from chainkg.server.context import request_store, writes_committed

bp = Blueprint("review", __name__, url_prefix="/review")
COOKIE = "chainkg_token"


def _allowed() -> bool:
    if not current_app.config.get("CHAINKG_UPDATE_TOKEN"):
        abort(404, description="this service is read-only (no update token is configured)")
    return http.has_token()


def _source() -> str:
    name = http.args().get("source", "").strip()
    if not name:
        return ""
    graph = name if name.startswith(("http://", "https://")) else GRAPH_BASE + name
    return http.check_iri(graph, "source graph")


@bp.get("")
def review() -> Response | str:
    """The sources with extracted facts, or one source's queue (``?source=article-…``)."""
    if not _allowed():
        return render_template("review_login.html", next=request.full_path, failed=False)
    source = _source()
    store = request_store()
    if not source:
        return render_template("review.html", sources=reviewable_sources(store), facts=None, source=None)
    facts = [f.as_dict() for f in queue(store, source)]
    if request.args.get("format") == "json":
        return jsonify(source=source, facts=facts)
    label = next((s.label for s in store.sources() if s.graph == source), source)
    return render_template("review.html", sources=None, facts=facts, source=source, source_label=label)


@bp.post("/login")
def login() -> Response | str:
    if not current_app.config.get("CHAINKG_UPDATE_TOKEN"):
        abort(404, description="this service is read-only (no update token is configured)")
    given = request.form.get("token", "").strip()
    target = request.form.get("next", "")
    if not target.startswith("/review") or target.startswith("//"):
        target = url_for("review.review")
    if not hmac.compare_digest(given.encode(), str(current_app.config["CHAINKG_UPDATE_TOKEN"]).encode()):
        return Response(render_template("review_login.html", next=target, failed=True), status=401,
                        mimetype="text/html")
    response = redirect(target)
    response.set_cookie(COOKIE, given, httponly=True, samesite="Strict", path="/")
    return response


@bp.post("/decide")
def decide_route() -> Response:
    """One decision: JSON ``{"source", "fact", "action", "value"?, "target"?}``."""
    if not _allowed():
        abort(401, description="send the update token (sign in at /review)")
    if request.headers.get("X-Chainkg-Review") != "1" and not request.headers.get("Authorization"):
        abort(403, description="decisions are sent by the review page (header X-Chainkg-Review: 1)")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description='send JSON {"source": …, "fact": …, "action": "accept|reject|edit|merge"}')
    fields = {k: body.get(k) for k in ("source", "fact", "action", "value", "target")}
    if not all(isinstance(fields[k], str) and fields[k] for k in ("source", "fact", "action")):
        abort(400, description="source, fact and action are required")
    for k in ("source", "fact", "target"):
        if fields[k] is not None:
            if not isinstance(fields[k], str) or not http.is_http_iri(fields[k]):
                abort(400, description=f"{k} must be an IRI")
    if fields["value"] is not None and not isinstance(fields["value"], str):
        abort(400, description="value must be text")
    try:
        d = decide(request_store(), fields["source"], fields["fact"], fields["action"],  # type: ignore[arg-type]
                   value=fields["value"], target=fields["target"])
    except UserError as exc:
        abort(400, description=str(exc))
    writes_committed()
    return jsonify(decision=d.__dict__)

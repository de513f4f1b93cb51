"""The Flask application factory.

One process holds the store open (Oxigraph allows one writer per directory),
so ``chainkg serve`` runs gunicorn with one worker and several threads;
pyoxigraph is thread-safe for concurrent readers.

Configuration (``create_app(config)`` or environment variables):

- ``CHAINKG_STORE``: the store to serve (``memory`` or a directory).
- ``CHAINKG_UPDATE_TOKEN``: enables the write endpoints, which then require it
  as a bearer token. Unset: the service is read-only.
- ``CHAINKG_QUERY_TIMEOUT`` (seconds, default 30), ``CHAINKG_ROW_LIMIT``
  (default 10000): limits of the SPARQL endpoint.
- ``CHAINKG_QUERY_WORKERS`` (default 4; 0 runs queries in the request thread,
  without a time limit), ``CHAINKG_PROXY_FIX`` (number of trusted reverse
  proxies whose X-Forwarded-* headers to honour; default 0),
  ``CHAINKG_ALLOW_UNKNOWN_GRAPHS`` (treat a dataset graph that is not in the
  store as empty instead of refusing the query; default off). See docs/sparql.md.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from chainkg.graph.errors import UserError
from chainkg.graph.store import GraphStore, default_store_spec, open_store

#: Content-Security-Policy of every HTML page: nothing but this origin, no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; "
    "form-action 'self'"
)


def create_app(config: dict[str, Any] | None = None, *, store: GraphStore | None = None) -> Flask:
    """Build the app; ``store`` lets tests hand in an open store (e.g. ``open_store("memory")``)."""
    app = Flask(__name__)
    app.config.update(
        CHAINKG_STORE=os.environ.get("CHAINKG_STORE") or default_store_spec(),
        CHAINKG_UPDATE_TOKEN=os.environ.get("CHAINKG_UPDATE_TOKEN") or None,
        CHAINKG_QUERY_TIMEOUT=float(os.environ.get("CHAINKG_QUERY_TIMEOUT", "30")),
        CHAINKG_ROW_LIMIT=int(os.environ.get("CHAINKG_ROW_LIMIT", "10000")),
        CHAINKG_QUERY_WORKERS=int(os.environ.get("CHAINKG_QUERY_WORKERS", "4")),
        CHAINKG_PREFORK=os.environ.get("CHAINKG_PREFORK", "") == "1",
        CHAINKG_PROXY_FIX=int(os.environ.get("CHAINKG_PROXY_FIX", "0") or 0),
        CHAINKG_ALLOW_UNKNOWN_GRAPHS=os.environ.get("CHAINKG_ALLOW_UNKNOWN_GRAPHS", "").lower() in ("1", "true", "yes"),
        MAX_CONTENT_LENGTH=int(os.environ.get("CHAINKG_MAX_REQUEST_BYTES", str(2 * 1024 * 1024))),
        MAX_FORM_MEMORY_SIZE=int(os.environ.get("CHAINKG_MAX_REQUEST_BYTES", str(2 * 1024 * 1024))),
        SEND_FILE_MAX_AGE_DEFAULT=86400,
        JSON_AS_ASCII=False,
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["chainkg_store"] = store or open_store(app.config["CHAINKG_STORE"])

    from chainkg.server import analysis, canned, exports, networks, pages, sparql, update

    app.register_blueprint(pages.bp)
    app.register_blueprint(networks.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(update.bp)
    app.register_blueprint(canned.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(analysis.bp)

    app.after_request(_security_headers)
    app.register_error_handler(UserError, _user_error)
    app.register_error_handler(HTTPException, _http_error)
    return app


def get_store() -> GraphStore:
    return current_app.extensions["chainkg_store"]


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def _wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "text/plain"])
    return best == "text/html"


def _error_response(status: int, title: str, message: str) -> Response:
    from flask import jsonify, render_template

    if _wants_html():
        return Response(render_template("error.html", status=status, title=title, message=message),
                        status=status, mimetype="text/html")
    if request.path.startswith("/sparql") or request.accept_mimetypes.best == "text/plain":
        return Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain")
    response = jsonify(error=title, message=message, status=status)
    response.status_code = status
    return response


def _user_error(exc: UserError) -> Response:
    return _error_response(400, "Bad Request", str(exc))


def _http_error(exc: HTTPException) -> Response:
    response = _error_response(exc.code or 500, exc.name, exc.description or exc.name)
    if exc.code == 405 and exc.response is None:
        valid = getattr(exc, "valid_methods", None)
        if valid:
            response.headers["Allow"] = ", ".join(valid)
    return response


def request_store() -> GraphStore:
    """The store, cached on ``flask.g`` for the request."""
    if "store" not in g:
        g.store = get_store()
    return g.store

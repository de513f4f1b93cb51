"""The Flask application factory.

One process holds the store open (Oxigraph allows one writer per directory),
so ``chainkg serve`` runs gunicorn with one worker and several threads;
pyoxigraph is thread-safe for concurrent readers.

Configuration (``create_app(config)`` or environment variables):

- ``CHAINKG_STORE``: the store to serve (``memory``, a directory, or a SPARQL server's URL).
- ``CHAINKG_UPDATE_TOKEN``: enables the write endpoints, which then require it
  as a bearer token. Unset: the service is read-only.
- ``CHAINKG_QUERY_TIMEOUT`` (seconds, default 30), ``CHAINKG_ROW_LIMIT``
  (default 10000), ``CHAINKG_BYTE_LIMIT`` (bytes of one result, default 64 MiB):
  limits of the SPARQL endpoint.
- ``CHAINKG_QUERY_WORKERS`` (default 4; 0 runs queries in the request thread,
  without a time limit), ``CHAINKG_PROXY_FIX`` (number of trusted reverse
  proxies whose X-Forwarded-* headers to honour; default 0). See docs/sparql.md.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException

from chainkg.graph.errors import StoreError, UserError
from chainkg.graph.results import QueryError
from chainkg.graph.store import GraphStore, default_store_spec, open_store
from chainkg.server import context, http
from chainkg.server.gallery import warmup_paths

#: Pages whose caches ``chainkg serve`` builds at start and after each write (``context.start_warmup``;
#: ``CHAINKG_WARMUP=0`` turns it off): the ones built from the whole graph, and the example questions at their
#: defaults (``canned``: some take seconds at national scale).
WARMUP_PATHS = ("/", "/browse/Company.json", "/analysis/industries.json", "/search.json?q=%E4%BC%81%E4%B8%9A",
                "/sparql", *warmup_paths())

#: Content-Security-Policy of every HTML page: nothing but this origin, no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; "
    "form-action 'self'"
)


def create_app(config: dict[str, Any] | None = None, *, store: GraphStore | None = None) -> Flask:
    """Build the app; ``store`` lets tests hand in an open store (e.g. ``open_store("memory")``)."""
    app = Flask(__name__)
    env = os.environ
    app.config.update(
        CHAINKG_STORE=env.get("CHAINKG_STORE") or default_store_spec(),
        CHAINKG_UPDATE_TOKEN=env.get("CHAINKG_UPDATE_TOKEN") or None,
        CHAINKG_QUERY_TIMEOUT=float(env.get("CHAINKG_QUERY_TIMEOUT", "30")),
        CHAINKG_ROW_LIMIT=int(env.get("CHAINKG_ROW_LIMIT", "10000")),
        CHAINKG_BYTE_LIMIT=int(env.get("CHAINKG_BYTE_LIMIT", str(64 * 1024 * 1024))),
        CHAINKG_QUERY_WORKERS=int(env.get("CHAINKG_QUERY_WORKERS", "4")),
        CHAINKG_PAGE_TIMEOUT=float(env.get("CHAINKG_PAGE_TIMEOUT", "20")),
        CHAINKG_WORKER_MEMORY_MB=float(env.get("CHAINKG_WORKER_MEMORY_MB", "256")),
        CHAINKG_QUEUE_WAIT=float(env.get("CHAINKG_QUEUE_WAIT", "2")),
        CHAINKG_PREFORK=env.get("CHAINKG_PREFORK", "") == "1",
        CHAINKG_PROXY_FIX=int(env.get("CHAINKG_PROXY_FIX", "0") or 0),
        MAX_CONTENT_LENGTH=int(env.get("CHAINKG_MAX_REQUEST_BYTES", str(2 * 1024 * 1024))),
        MAX_FORM_MEMORY_SIZE=int(env.get("CHAINKG_MAX_REQUEST_BYTES", str(2 * 1024 * 1024))),
        SEND_FILE_MAX_AGE_DEFAULT=86400,
        JSON_AS_ASCII=False,
    )
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    context.init_app(app, store or open_store(app.config["CHAINKG_STORE"]))

    from chainkg.server import analysis, canned, exports, i18n, networks, pages, review, sparql, update

    i18n.init_app(app)

    for blueprint in (pages.bp, networks.bp, sparql.bp, update.bp, canned.bp, exports.bp, analysis.bp, review.bp):
        app.register_blueprint(blueprint)

    proxies = int(app.config.get("CHAINKG_PROXY_FIX") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,  # type: ignore[method-assign]
                                x_port=proxies, x_prefix=proxies)
    app.add_url_rule("/health", "health", _health)
    app.after_request(_security_headers)
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(UserError, _user_error)
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(HTTPException, http.http_error)
    return app


def _health() -> Response:
    """``/health``: the process answers (no query: it must answer while every query worker is busy)."""
    store = context.get_store()
    pool = getattr(store, "pool", None)
    body = {"status": "ok", "store": store.kind}
    if pool is not None:
        body["query_workers"] = len(pool.pids())
    if "chainkg_warmed" in current_app.extensions:  # chainkg serve's warm-up (context.start_warmup) runs
        body["warm"] = current_app.extensions["chainkg_warmed"] == store.version()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def _query_error(exc: QueryError) -> Response:
    """Page code stopped in a query worker (time limit, memory ceiling, every worker busy): its status, in words."""
    response = http.error_response(exc.status, http.status_name(exc.status), exc.message)
    if exc.status == 503:
        response.headers["Retry-After"] = "5"
    return response


def _user_error(exc: UserError) -> Response:
    return http.error_response(400, "Bad Request", str(exc))


def _store_error(exc: StoreError) -> Response:
    """The store failed (a server down, a disk full): 503, the cause in words, no path of this machine."""
    response = http.error_response(503, "Service Unavailable", str(exc))
    response.headers["Retry-After"] = "30"
    return response

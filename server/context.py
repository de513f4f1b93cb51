"""The request context: the store the app serves, and what follows each write.

A Flask extension in the ``init_app`` style: ``init_app(app, store)`` puts the store in
``app.extensions``, starts the embedded store's query workers when configured (once per
store: the store, not the app, owns them and stops them when it is closed), and every
module of the server reaches the store through ``request_store()`` (and never imports
another route module to get it). ``writes_committed()`` is called after each write made
through the service; caches that depend on the data (search index, service-description
counts, page caches) key on ``store.version()``, which changes with every write, so they
follow writes through ``/update``, the Graph Store Protocol and ``chainkg ingest`` alike.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from flask import Flask, current_app, g, request

from chainkg.graph.results import QueryJob, QueryResult
from chainkg.graph.store import GraphStore


def init_app(app: Flask, store: GraphStore) -> None:
    """Serve ``store`` from ``app``: keep it, start its query workers (embedded stores)."""
    app.extensions["chainkg_store"] = store
    size = int(app.config.get("CHAINKG_QUERY_WORKERS", 4))
    start = getattr(store, "start_workers", None)
    if size > 0 and start is not None and getattr(store, "pool", None) is None:
        memory = app.config.get("CHAINKG_WORKER_MEMORY_MB")
        start(size, isolate_network=bool(app.config.get("CHAINKG_ISOLATE_WORKERS", True)),
              prefork=bool(app.config.get("CHAINKG_PREFORK")),
              memory_limit=None if memory is None else int(float(memory) * 1024 * 1024),
              queue_wait=app.config.get("CHAINKG_QUEUE_WAIT"))
    # The store owns its workers' lifetime (they stop when the store is closed or collected, or at exit),
    # not the app: tests and embedders build several apps on one store, and an app collected while another
    # serves the store must not stop the workers under it.


def get_store() -> GraphStore:
    return current_app.extensions["chainkg_store"]


def request_store() -> GraphStore:
    """The store, cached on ``flask.g`` for the request."""
    if "store" not in g:
        g.store = get_store()
    return g.store


def run_job(job: QueryJob, timeout: float | None = None) -> QueryResult:
    """Run a job on the store with the service's time limit (a shorter ``timeout`` may be asked for)."""
    limit = float(current_app.config.get("CHAINKG_QUERY_TIMEOUT", 30))
    job.client = job.client or (request.remote_addr or "")
    return request_store().run(job, timeout=min(timeout, limit) if timeout else limit)


def run_page(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    """``func(store, *args, **kwargs)`` for a page, bounded like a query: in a query worker of the embedded
    store, killed past ``CHAINKG_PAGE_TIMEOUT`` seconds (503) or over the memory ceiling (503). ``func`` must be
    a module-level function; its arguments and result cross a process boundary (pickled). Other stores run it
    here (a remote server bounds its own queries)."""
    store = request_store()
    call = getattr(store, "call", None)
    if call is None:
        return func(store, *args, **kwargs)
    return call(func, *args, timeout=float(current_app.config.get("CHAINKG_PAGE_TIMEOUT", 20)),
                client=request.remote_addr or "", **kwargs)


def cached(name: str, build: Any) -> Any:  # noqa: ANN401 - whatever ``build`` returns
    """``build()`` cached in the app until the store is written (keyed on ``store.version()``)."""
    store = request_store()
    version = store.version()
    entry = current_app.extensions.setdefault("chainkg_cache", {}).get(name)
    if entry is not None and entry[0] == version:
        return entry[1]
    # one build at a time per name: requests that come while it is built (the warm-up's, a visitor's) wait
    # for it instead of building the same thing again side by side
    locks = current_app.extensions.setdefault("chainkg_cache_locks", {})
    with locks.setdefault(name, threading.Lock()):
        entry = current_app.extensions.setdefault("chainkg_cache", {}).get(name)
        if entry is not None and entry[0] == version:
            return entry[1]
        value = build()
        current_app.extensions["chainkg_cache"][name] = (version, value)
    return value


#: Views kept per name by ``remember`` (the last ones asked for, of the store's current version).
REMEMBER = 16


def remember(name: str, key: Hashable, build: Callable[[], Any], *, keep: int = REMEMBER) -> Any:  # noqa: ANN401
    """``build()`` for ``key``, kept among the last ``keep`` keys of ``name`` until the store is written.

    Why beside ``cached``: a page with parameters (a neighbourhood: any IRI, hops, limit, expansions) has
    too many values to keep them all, but people and their browsers ask for the same view again (reloads,
    the language switch, the ``.json`` twin the page loads, the downloads of what they see). Measured on the
    generated 100k graph: the neighbourhood of its biggest hub (8,653 companies in one city) takes 1.0 s to
    build in a query worker, and again on every request without this. What is kept is bounded (``keep`` per
    name, each a view of at most ``projection.MAX_NODES`` nodes); a new store version starts afresh.
    """
    version = request_store().version()
    memo = current_app.extensions.setdefault("chainkg_recent", {})
    lock = current_app.extensions.setdefault("chainkg_recent_lock", threading.Lock())
    with lock:
        entries = memo.get(name)
        if entries is None or entries[0] != version:
            entries = memo[name] = (version, OrderedDict())
        hit = entries[1].get(key, _MISSING)
        if hit is not _MISSING:
            entries[1].move_to_end(key)
            return hit
    value = build()
    with lock:
        entries = memo.get(name)
        if entries is not None and entries[0] == version:
            entries[1][key] = value
            while len(entries[1]) > keep:
                entries[1].popitem(last=False)
    return value


_MISSING = object()


#: The client address of the warm-up's requests: one of its own, so that they count against no visitor's share.
WARMUP_CLIENT = "127.255.255.254"


def start_warmup(app: Flask, paths: Sequence[str], *, interval: float = 5.0) -> threading.Event:
    """Build the page caches of ``paths`` ahead of people: once at start, and again after every write.

    Why: at national scale some pages are built from the whole graph and take seconds (the
    generated 100k graph: the company list 10 s, the dashboard's counts 5.5 s, the search index
    43 s); they are cached per store version (``cached``), so without this the first visitor
    after a start or a write would wait for them. A thread of the serving process asks for each
    path through the app itself (Flask's test client: the same code, caches and store) whenever
    ``store.version()`` has changed, at most every ``interval`` seconds. Failures are logged, never
    raised: a cache that is not warm is built by the request that needs it, as without warm-up.
    ``/health`` says whether the caches are warm for the store's current version (``"warm"``).
    Returns the event that stops it (``.set()``).
    """
    log = logging.getLogger("chainkg.warmup")
    stop = threading.Event()
    app.extensions["chainkg_warmed"] = None

    def warm() -> None:
        client = app.test_client()
        warmed = None
        while not stop.is_set():
            try:
                with app.app_context():
                    version = get_store().version()
                if version != warmed:
                    for path in paths:
                        response = client.get(path, environ_base={"REMOTE_ADDR": WARMUP_CLIENT})
                        if response.status_code >= 400:
                            log.warning("warm-up of %s: %s", path, response.status_code)
                    warmed = app.extensions["chainkg_warmed"] = version
            except Exception:  # noqa: BLE001 - logged; the next round tries again
                log.exception("warm-up failed")
            stop.wait(interval)

    threading.Thread(target=warm, name="chainkg-warmup", daemon=True).start()
    return stop


def writes_committed() -> None:
    """After a write through the service: drop every cache (workers follow the store themselves)."""
    current_app.extensions.pop("chainkg_cache", None)
    current_app.extensions.pop("chainkg_recent", None)

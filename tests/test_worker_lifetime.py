"""The store, not the app, owns its query workers (issue 12): an app that is collected while another app serves
the same store must not stop the workers under it; closing or collecting the store stops them."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from chainkg.graph.backends.workers import WorkerPool
from chainkg.graph.results import QueryError, QueryJob
from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_dead(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def test_a_collected_app_leaves_the_workers_of_a_shared_store_running() -> None:
    from chainkg.server.app import create_app

    store = open_store("memory")
    build(store)
    config = {"TESTING": True, "CHAINKG_QUERY_WORKERS": 2, "CHAINKG_PREFORK": True}
    first = create_app(config, store=store)
    second = create_app(config, store=store)
    pids = store.pool.pids()
    assert pids
    del first
    gc.collect()
    time.sleep(0.2)
    assert store.pool is not None and all(_alive(p) for p in pids), "a collected app stopped the store's workers"
    response = second.test_client().post("/sparql", data="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                         headers={"Content-Type": "application/sparql-query",
                                                  "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.data[:300]
    assert int(response.get_json()["results"]["bindings"][0]["n"]["value"]) > 1000
    del second
    gc.collect()
    assert all(_alive(p) for p in store.pool.pids())
    store.close()
    assert not _wait_dead(pids), "close() left workers running"


def test_collecting_the_store_stops_its_workers() -> None:
    store = open_store("memory")
    store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }")
    store.start_workers(2, prefork=True)
    pids = store.pool.pids()
    assert pids and all(_alive(p) for p in pids)
    del store
    gc.collect()
    assert not _wait_dead(pids), "workers outlived their store"


@pytest.mark.parametrize("sig, status, words", [
    (signal.SIGABRT, 503, "memory"),  # the engine's failed allocation under the ceiling, with or without words
    (signal.SIGKILL, 503, "memory"),  # the kernel's OOM killer
    (signal.SIGSEGV, 400, "nested or chained too deeply"),  # a stack overflow
    (signal.SIGTERM, 503, "stopped unexpectedly"),
])
def test_a_worker_that_dies_on_a_job_is_answered_by_how_it_died(built_store_dir: Path, sig: signal.Signals,
                                                                   status: int, words: str) -> None:
    """A worker that dies on a job without a word on stderr is answered by its exit signal (issue 12: a
    query at the memory ceiling was answered 400 'nested too deeply' in 2 of 6 full runs)."""
    pool = WorkerPool(ox.Store.read_only(str(built_store_dir)), 1, path=str(built_store_dir))
    try:
        pid = pool.pids()[0] if pool.pids() else None
        if pid is None:  # the pool starts its worker on the first job
            pool.run(QueryJob("ASK {}"), 30)
            pid = pool.pids()[0]
        threading.Timer(0.5, os.kill, (pid, sig)).start()
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        with pytest.raises(QueryError) as caught:
            pool.run(QueryJob(slow), 60)
        assert caught.value.status == status and words in str(caught.value), str(caught.value)
        assert pool.run(QueryJob("ASK {}"), 30).body  # and the pool goes on with a fresh worker
    finally:
        pool.close()


def _map_64_mb(store: object) -> int:  # noqa: ARG001 - a page function: its first argument is the store
    import mmap

    with mmap.mmap(-1, 64 * 1024 * 1024) as block:  # over an 8 MB ceiling: OSError(ENOMEM), not MemoryError
        return len(block)


def test_an_allocation_refused_as_an_os_error_is_answered_503_memory() -> None:
    """Under the ceiling some allocations fail as ``OSError: [Errno 12] Cannot allocate memory`` (a fresh
    worker importing a networkx submodule, a mapped file): that is memory too, 503, never a 500 (a full test
    run answered a page 500 so)."""
    store = open_store("memory")
    store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }")
    store.start_workers(1, prefork=True, memory_limit=8 * 1024 * 1024)
    try:
        with pytest.raises(QueryError) as caught:
            store.pool.call(_map_64_mb, (), {}, 30)
        assert caught.value.status == 503 and "memory" in str(caught.value), str(caught.value)
    finally:
        store.close()


def test_a_worker_reopens_when_a_compaction_removed_its_table_files(tmp_path: Path) -> None:
    """A read-only store opens its table files lazily; one that a compaction of the primary removed makes
    pyoxigraph spin (a full test run answered an ``ASK`` 503 after 30 s). Before each job a worker whose
    table files are gone reopens: here with no write announced to it, so only that check can make it see
    the primary's new state."""
    path = tmp_path / "store"
    primary = ox.Store(str(path))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def load(tag: str) -> None:
        primary.extend([ox.Quad(ox.NamedNode(f"http://example.org/{tag}{i}"), rdf_type,
                                ox.NamedNode("http://example.org/C"), ox.DefaultGraph()) for i in range(5000)])
        primary.flush()
        primary.optimize()

    count = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }", results="text/csv")
    load("a")
    pool = WorkerPool(ox.Store.read_only(str(path)), 1, path=str(path))
    try:
        assert pool.run(count, 30).body.split()[-1] == b"5000"
        tables = {f.name for f in path.glob("*.sst")}
        load("b")
        assert tables - {f.name for f in path.glob("*.sst")}, "the compaction removed no table file"
        assert pool.run(count, 30).body.split()[-1] == b"10000"
    finally:
        pool.close()

"""``chainkg serve`` builds the caches of pages made from the whole graph before anyone asks, and after writes."""

from __future__ import annotations

import threading

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build
from chainkg.server.app import WARMUP_PATHS, create_app
from chainkg.server.context import start_warmup


def _wait_for(check, seconds: float = 120) -> bool:  # noqa: ANN001
    event = threading.Event()
    for _ in range(int(seconds * 10)):
        if check():
            return True
        event.wait(0.1)
    return False


def test_warm_up_builds_the_caches_at_start_and_after_a_write() -> None:
    store = open_store("memory")
    build(store)
    app = create_app({"TESTING": True, "CHAINKG_QUERY_WORKERS": 0}, store=store)
    cache = app.extensions.setdefault("chainkg_cache", {})
    assert "list:Company" not in cache
    stop = start_warmup(app, WARMUP_PATHS, interval=0.2)
    names = ("list:Company", "dashboard", "list:industries")
    assert _wait_for(lambda: all(n in app.extensions.get("chainkg_cache", {}) for n in names)), \
        sorted(app.extensions.get("chainkg_cache", {}))
    before = store.version()
    assert _wait_for(lambda: app.test_client().get("/health").json["warm"])
    assert all(app.extensions["chainkg_cache"][n][0] == before for n in names)

    store.update("INSERT DATA { GRAPH <https://w3id.org/chainkg/graph/test-warmup> { "
                 "<https://w3id.org/chainkg/id/company/warm> a <https://w3id.org/chainkg/def#Company> ; "
                 '<http://www.w3.org/2000/01/rdf-schema#label> "预热测试公司"@zh } }')
    after = store.version()
    assert after != before

    def rebuilt() -> bool:
        entry = app.extensions.get("chainkg_cache", {}).get("list:Company")
        return entry is not None and entry[0] == after

    try:
        assert _wait_for(rebuilt)
    finally:
        stop.set()
    assert any(r["label"] == "预热测试公司" for r in app.extensions["chainkg_cache"]["list:Company"][1])

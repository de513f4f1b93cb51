"""Limits of the public endpoint, against gunicorn: the time limit stops the work (503, the worker is
killed and replaced, no process leaks), the row cap is signalled (header and body), proxies are honoured
only when configured."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import LiveServer, start_server, stop_server
from test_sparql_endpoint import get, request

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
CAP = 5


def children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def limited(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store_dir = tmp_path_factory.mktemp("limited") / "store"
    shutil.copytree(built_store_dir, store_dir)
    server = start_server(store_dir, {"CHAINKG_UPDATE_TOKEN": ""}, "--query-timeout", "1.5",
                          "--row-limit", str(CAP), "--query-workers", "2", "--proxy-fix", "1")
    yield server
    stop_server(server)


def gunicorn_worker(server: LiveServer) -> int:
    """The pid of the gunicorn worker process (the one that forks the query workers)."""
    workers = children(server.proc.pid)
    assert len(workers) == 1, workers
    return next(iter(workers))


def test_time_limit_stops_the_query(limited: LiveServer) -> None:
    worker = gunicorn_worker(limited)
    before = children(worker)
    assert len(before) == 2, before  # the pre-forked query workers
    status, headers, body = get(limited, SLOW)
    assert status == 503, body
    assert b"time limit of 1.5 s" in body  # how long it took is measured in benchmarks/bench_sparql.py
    assert headers["retry-after"]
    deadline = time.monotonic() + 10
    while len(before - children(worker)) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)  # polling for the kill to be reaped, not timing it
    after = children(worker)
    assert len(before - after) == 1, "the worker running the query was killed"
    assert not any(alive(p) for p in before - after)
    # the service goes on; a replacement is forked when all workers are busy
    status, _, body = get(limited, "ASK { ?s ?p ?o }")
    assert status == 200 and b"true" in body
    assert 1 <= len(children(worker)) <= 2


def test_timeouts_in_parallel_do_not_tie_up_the_service(limited: LiveServer) -> None:
    worker = gunicorn_worker(limited)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(get(limited, SLOW)[0])) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [503] * 4
    status, _, _ = get(limited, "ASK {}")
    assert status == 200
    assert len(children(worker)) <= 2


def test_a_lower_timeout_parameter(limited: LiveServer) -> None:
    """``timeout=`` lowers the limit (the message names the one applied); it never raises it."""
    status, _, body = get(limited, SLOW, timeout="0.5")
    assert status == 503 and b"time limit of 0.5 s" in body, body
    status, _, body = get(limited, SLOW, timeout="1200")  # above 1000: Fuseki-style milliseconds
    assert status == 503 and b"time limit of 1.2 s" in body, body
    status, _, body = get(limited, SLOW, timeout="60")
    assert status == 503 and b"time limit of 1.5 s" in body, body


def test_row_cap_json(limited: LiveServer) -> None:
    status, headers, body = get(limited, ALL_TRIPLES, "application/sparql-results+json")
    assert status == 200
    assert headers["x-chainkg-truncated"] == "true" and headers["x-chainkg-row-limit"] == str(CAP)
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == CAP
    assert data["chainkg"] == {"truncated": True, "reason": "rows", "rowLimit": CAP}


def test_row_cap_other_formats(limited: LiveServer) -> None:
    status, headers, body = get(limited, ALL_TRIPLES, "application/sparql-results+xml")
    root = ElementTree.fromstring(body)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f".//{ns}result")) == CAP and headers["x-chainkg-truncated"] == "true"
    assert root.find(f"{ns}head/{ns}link") is not None
    for accept in ("text/csv", "text/tab-separated-values"):
        status, headers, body = get(limited, ALL_TRIPLES, accept)
        assert headers["x-chainkg-truncated"] == "true"
        assert len(body.decode().strip().splitlines()) == CAP + 1
    status, headers, body = get(limited, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert headers["x-chainkg-truncated"] == "true" and len(body.decode().strip().splitlines()) == CAP


@pytest.mark.parametrize("query, rows", [
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", 3),
    (f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {CAP}", CAP),
    ("SELECT ?s WHERE { ?s a ?c } VALUES ?c { <https://w3id.org/chainkg/def#IndustryChain> }", 3),
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 } }", 5),
    ("SELECT ?z WHERE { VALUES ?x { 1 2 3 4 5 } OPTIONAL { ?x ?y ?z } }", 5),
])
def test_results_within_the_cap_are_not_marked(limited: LiveServer, query: str, rows: int) -> None:
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        status, headers, body = get(limited, query, accept)
        assert status == 200, body
        assert "x-chainkg-truncated" not in headers and headers["x-chainkg-rows"] == str(rows)


@pytest.mark.parametrize("query", [
    "SELECT ?z WHERE { VALUES ?x { 1 2 3 4 5 6 7 } OPTIONAL { ?x ?y ?z } }",  # empty rows {}
    "SELECT ?s WHERE { ?s ?p ?o } VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#label> }",  # trailing VALUES
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 100",
    'SELECT ?x WHERE { VALUES ?x { "},{\\"a" "]}}" "{}" "4" "5" "6" "7" } }',  # JSON look-alikes in literals
    'SELECT ?x WHERE { VALUES ?x { "a\\r\\nb" "c,\\"d" "e" "f" "g" "h" "i" } }',  # CSV quoting
])
def test_cap_cuts_exactly(limited: LiveServer, query: str) -> None:
    status, headers, body = get(limited, query, "application/sparql-results+json")
    assert headers["x-chainkg-truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == CAP
    status, headers, body = get(limited, query, "text/csv")
    assert headers["x-chainkg-truncated"] == "true" and headers["x-chainkg-rows"] == str(CAP)


def test_proxy_headers_honoured_when_configured(limited: LiveServer) -> None:
    status, _, body = request(limited, "GET", "/sparql", headers={
        "Accept": "text/turtle", "X-Forwarded-Host": "kg.example.org", "X-Forwarded-Proto": "https",
        "X-Forwarded-Prefix": "/chainkg"})
    assert status == 200
    assert b"<https://kg.example.org/chainkg/sparql> a sd:Service" in body


def test_no_process_outlives_the_server(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    store_dir = tmp_path_factory.mktemp("leak") / "store"
    shutil.copytree(built_store_dir, store_dir)
    server = start_server(store_dir, {"CHAINKG_UPDATE_TOKEN": ""}, "--query-timeout", "0.5", "--query-workers", "3")
    try:
        worker = gunicorn_worker(server)
        get(server, SLOW)
        get(server, "ASK {}")
        pids = children(worker) | {worker}
        assert len(pids) >= 3
    finally:
        stop_server(server)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if alive(p)], "query workers outlived the server"
    assert os.path.isdir(store_dir)


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml",
                                   "text/csv", "text/tab-separated-values"])
@pytest.mark.parametrize(("query", "rows"), [
    ("SELECT ?s ?o WHERE { ?s ?p ?o }", 5),
    ("SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 0", 0),
    ("SELECT ?x WHERE { ?s ?p ?o }", 5),  # empty solutions: {} in JSON
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", 1),
])
def test_count_rows_is_exact_with_hostile_literals(media: str, query: str, rows: int) -> None:
    import pyoxigraph as ox

    from chainkg.graph.results import RESULT_MEDIA as RESULT_FORMATS
    from chainkg.graph.results import count_rows

    store = ox.Store()
    nasty = ['},{"x', '{}', 'a\r\nb', '"quoted", and\\', '<result>'[:3] + 'x', "\t\n"]
    for i, text in enumerate(nasty[:5]):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"),
                          ox.Literal(text), ox.DefaultGraph()))
    body = store.query(query).serialize(format=RESULT_FORMATS[media])
    assert count_rows(body, media) == rows

"""Benchmark: /sparql over HTTP (gunicorn, the worker pool, the guard, the row cap) against pyoxigraph
in-process, on the same store, in the same run.

Why: issue 3 asks that the endpoint add under 2 ms per query at the median for
small results, and stay within 1.3x of in-process pyoxigraph on large results.
The baseline is what a Python program does to get the same bytes:
``store.query(q, use_default_graph_as_union=True).serialize(format=JSON)`` (or
``ox.serialize(triples, TURTLE)`` for a CONSTRUCT). The HTTP side is a client on
one keep-alive connection that POSTs ``application/sparql-query`` and reads the
whole body.

The store is the bundled graph plus a synthetic one of ``--companies`` companies
(4 triples each, in industries and regions), written once to a temporary folder.
The in-process runs happen first, the store is closed, then ``chainkg serve`` opens it.

    .venv/bin/python benchmarks/bench_sparql.py                 # 50,000 companies
    .venv/bin/python benchmarks/bench_sparql.py --companies 20000 --repeat 100
    .venv/bin/python benchmarks/bench_sparql.py --guard         # cost of the guard vs rdflib's parser
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
CKG = "https://w3id.org/chainkg/def#"
ID = "https://w3id.org/chainkg/id/"
P = f"PREFIX ckg: <{CKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

QUERIES = [
    ("small", "ASK", "ASK { ?s a ckg:IndustryChain }"),
    ("small", "1 row by label", 'SELECT ?c WHERE { ?c rdfs:label "铝基新材料产业链"@zh }'),
    ("small", "10 rows", "SELECT ?c ?l WHERE { ?c a ckg:Company ; rdfs:label ?l } LIMIT 10"),
    ("small", "aggregate", "SELECT ?i (COUNT(*) AS ?n) WHERE { ?c ckg:inIndustry ?i } "
                           "GROUP BY ?i ORDER BY DESC(?n) LIMIT 5"),
    ("large", "10k rows x3", "SELECT ?c ?l ?i WHERE { ?c a ckg:Company ; rdfs:label ?l ; ckg:inIndustry ?i } "
                             "LIMIT 10000"),
    ("large", "all companies x3", "SELECT ?c ?l ?r WHERE { ?c a ckg:Company ; rdfs:label ?l ; ckg:locatedIn ?r }"),
    ("large", "CONSTRUCT 40k", "CONSTRUCT { ?c ckg:inIndustry ?i ; ckg:locatedIn ?r } WHERE "
                               "{ ?c ckg:inIndustry ?i ; ckg:locatedIn ?r } LIMIT 20000"),
]


def synthetic(n: int) -> bytes:
    lines = []
    for k in range(n):
        c = f"<{ID}company/bench-{k}>"
        lines.append(f"{c} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CKG}Company> .")
        lines.append(f'{c} <http://www.w3.org/2000/01/rdf-schema#label> "基准企业{k}号"@zh .')
        lines.append(f"{c} <{CKG}inIndustry> <{ID}industry/sw2021-{k % 124}> .")
        lines.append(f"{c} <{CKG}locatedIn> <{ID}region/{410300 + k % 16}> .")
    return ("\n".join(lines) + "\n").encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn, repeat: int) -> list[float]:  # noqa: ANN001
    fn()  # warm up
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def in_process(store: ox.Store, query: str) -> bytes:
    result = store.query(P + query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.TURTLE)
    return result.serialize(format=ox.QueryResultsFormat.JSON)


def bench_guard() -> None:
    from rdflib.plugins.sparql import prepareQuery

    from chainkg.server.canned import load_queries, query_text
    from chainkg.server.sparql_guard import analyze

    print("guard: median per query (the example questions)")
    print(f"{'query':32} {'tokenizer µs':>13} {'rdflib prepareQuery ms':>24}")
    for c in load_queries().values():
        text = query_text(c, {p.name: p.default or "" for p in c.params})
        t1 = statistics.median(timed(lambda text=text: analyze(text), 200)) * 1e6
        try:
            t2 = statistics.median(timed(lambda text=text: prepareQuery(text), 5)) * 1e3
            t2s = f"{t2:.1f}"
        except Exception as exc:  # noqa: BLE001 - rdflib cannot parse some valid queries
            t2s = f"fails ({type(exc).__name__})"
        print(f"{c.name:32} {t1:13.0f} {t2s:>24}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--companies", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=200, help="runs per small query (large: a tenth)")
    ap.add_argument("--guard", action="store_true", help="measure the guard against rdflib's parser instead")
    args = ap.parse_args()
    if args.guard:
        bench_guard()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), "build"],
                       check=True, capture_output=True, cwd=ROOT)
        store = ox.Store(str(store_dir))
        store.load(synthetic(args.companies), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode("https://w3id.org/chainkg/graph/bench"))
        store.flush()
        base: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        for kind, name, q in QUERIES:
            reps = args.repeat if kind == "small" else max(args.repeat // 10, 5)
            sizes[name] = len(in_process(store, q))
            base[name] = timed(lambda q=q, store=store: in_process(store, q), reps)
        store = None  # closes the store (RocksDB allows one process) before the server opens it
        gc.collect()
        port = free_port()
        env = {**os.environ, "CHAINKG_UPDATE_TOKEN": ""}
        proc = subprocess.Popen([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), "serve",
                                 "--port", str(port), "--row-limit", "1000000", "--query-workers", "2"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            conn = None
            for _ in range(200):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    conn.request("GET", "/sparql?query=ASK%7B%7D")
                    conn.getresponse().read()
                    break
                except OSError:
                    time.sleep(0.1)
            assert conn is not None

            def over_http(q: str, accept: str) -> bytes:
                conn.request("POST", "/sparql", body=(P + q).encode(),
                             headers={"Content-Type": "application/sparql-query", "Accept": accept})
                resp = conn.getresponse()
                body = resp.read()
                assert resp.status == 200, body[:300]
                return body

            print(f"store: bundled graph + {args.companies} synthetic companies ({4 * args.companies} triples); "
                  f"{os.cpu_count()} cores; medians")
            def static_file() -> None:
                conn.request("GET", "/static/app/sparql.css")
                conn.getresponse().read()

            floor = statistics.median(timed(static_file, args.repeat)) * 1e3
            print(f"HTTP floor (gunicorn + client, GET of a small static file): {floor:.2f} ms")
            print("| query | result | pyoxigraph in-process | /sparql over HTTP | added | ratio |")
            print("|---|---|---|---|---|---|")
            for kind, name, q in QUERIES:
                reps = args.repeat if kind == "small" else max(args.repeat // 10, 5)
                accept = "text/turtle" if q.startswith("CONSTRUCT") else "application/sparql-results+json"
                over = timed(lambda q=q, accept=accept: over_http(q, accept), reps)
                a, b = statistics.median(base[name]) * 1e3, statistics.median(over) * 1e3
                size = sizes[name]
                size_s = f"{size / 1e6:.1f} MB" if size > 1e5 else f"{size} B"
                print(f"| {name} ({kind}) | {size_s} | {a:.2f} ms | {b:.2f} ms | {b - a:+.2f} ms | {b / a:.2f}x |")
        finally:
            proc.terminate()
            proc.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())

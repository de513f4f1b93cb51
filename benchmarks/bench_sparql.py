"""Benchmark: chainkg's /sparql against the Oxigraph server (``oxigraph serve``) on the same data, in the same run.

Why this baseline: both answer the SPARQL protocol over HTTP from the same engine on the
same store folder (a copy of it: RocksDB allows one process per folder), so the
difference is what chainkg adds: gunicorn and its admission, the protocol checks, the
guard, the predeclared prefixes, the worker process with its time limit, the row and
byte caps. Each side is asked on one keep-alive connection with ``application/sparql-query``
POSTs and the whole body is read. Queries run on the default graph, which in a chainkg
store is the merge of all sources, so both servers answer the same thing.

The store is the bundled graph plus ``--companies`` synthetic companies (4 triples each,
in industries and regions) ingested by ``chainkg ingest``, built once in a temporary folder.

    .venv/bin/python benchmarks/bench_sparql.py                 # 50,000 companies
    .venv/bin/python benchmarks/bench_sparql.py --companies 20000 --repeat 100
    .venv/bin/python benchmarks/bench_sparql.py --guard         # cost of the guard vs rdflib's parser
    .venv/bin/python benchmarks/bench_sparql.py --time-limit    # how soon a query over its limit is stopped

``--time-limit`` measures what tests/test_sparql_limits.py only checks the outcome of (a 503
naming the limit, the worker killed): the wall time from sending a query that cannot finish
to its 503, for the server's limit and a lower ``timeout=``, as a ratio of the limit, beside
the baseline of a query that finishes (``ASK {}``) on the same connection, and the time of
the first query after the kill (a replacement worker is forked).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import free_port, wait_warm  # noqa: E402

CKG = "https://w3id.org/chainkg/def#"
ID = "https://w3id.org/chainkg/id/"
P = f"PREFIX ckg: <{CKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

QUERIES = [
    ("small", "ASK {}", "ASK {}"),
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
    """Companies in 124 industries and 16 regions, with what the SHACL shapes ask of each."""
    lines = []
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    for k in range(124):
        i = f"<{ID}industry/sw2021-{k}>"
        lines += [f"{i} {rdf_type} <{CKG}Industry> .", f'{i} {label} "基准行业{k}"@zh .',
                  f'{i} <http://www.w3.org/2004/02/skos/core#notation> "{k}" .']
    for k in range(16):
        r = f"<{ID}region/{410300 + k}>"
        lines += [f"{r} {rdf_type} <{CKG}Region> .", f'{r} {label} "基准地区{k}"@zh .']
    for k in range(n):
        c = f"<{ID}company/bench-{k}>"
        lines.append(f"{c} {rdf_type} <{CKG}Company> .")
        lines.append(f'{c} {label} "基准企业{k}号"@zh .')
        lines.append(f"{c} <{CKG}inIndustry> <{ID}industry/sw2021-{k % 124}> .")
        lines.append(f"{c} <{CKG}locatedIn> <{ID}region/{410300 + k % 16}> .")
    return ("\n".join(lines) + "\n").encode()


def timed(fn, repeat: int) -> list[float]:  # noqa: ANN001
    fn()  # warm up
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def start(args: list[str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "CHAINKG_UPDATE_TOKEN": ""},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{args[0]} did not listen on {port}")


def client(port: int, path: str):  # noqa: ANN201
    conn = [http.client.HTTPConnection("127.0.0.1", port, timeout=120)]

    def ask(q: str, accept: str) -> bytes:
        for attempt in range(2):
            try:
                conn[0].request("POST", path, body=(P + q).encode(),
                                headers={"Content-Type": "application/sparql-query", "Accept": accept})
                resp = conn[0].getresponse()
                body = resp.read()
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                if attempt:  # the server closed an idle keep-alive connection: open a new one, once
                    raise
                conn[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        assert resp.status == 200, body[:300]
        return body

    return ask


def bench_guard() -> None:
    from rdflib.plugins.sparql import prepareQuery

    from chainkg.graph.sparql_text import analyze
    from chainkg.server.gallery import load_queries, query_text

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


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def bench_time_limit(repeat: int) -> None:
    import urllib.error
    import urllib.parse
    import urllib.request

    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), "build"],
                       check=True, capture_output=True, cwd=ROOT)
        port = free_port()
        server = start([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), "serve",
                        "--port", str(port), "--query-timeout", "1.5", "--query-workers", "2"], port)

        def get(query: str, **params: str) -> tuple[int, float]:
            url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": query, **params})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as resp:
                    resp.read()
                    status = resp.status
            except urllib.error.HTTPError as exc:
                exc.read()
                status = exc.code
            return status, time.perf_counter() - t

        try:
            for _ in range(50):  # until the server answers queries
                if get("ASK {}")[0] == 200:
                    break
                time.sleep(0.1)
            with open("/proc/loadavg") as f:
                load = " ".join(f.read().split()[:3])
            base = statistics.median(get("ASK {}")[1] for _ in range(20)) * 1e3
            print(f"time limit: bundled graph, {os.cpu_count()} cores, load average {load}; "
                  f"baseline ASK {{}} {base:.1f} ms (median of 20)")
            print("| limit | median time to 503 | × limit | first query after (new worker) |")
            print("|---|---|---|---|")
            for limit, params in ((1.5, {}), (0.5, {"timeout": "0.5"})):
                stops, afters = [], []
                for _ in range(repeat):
                    status, took = get(SLOW, **params)
                    assert status == 503, status
                    stops.append(took)
                    afters.append(get("ASK {}")[1])
                stop = statistics.median(stops)
                print(f"| {limit:g} s | {stop:.2f} s | {stop / limit:.2f}x | "
                      f"{statistics.median(afters) * 1e3:.0f} ms ({statistics.median(afters) * 1e3 / base:.1f}x) |")
        finally:
            server.terminate()
            server.wait(15)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--companies", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=200, help="runs per small query (large: a tenth)")
    ap.add_argument("--guard", action="store_true", help="measure the guard against rdflib's parser instead")
    ap.add_argument("--time-limit", action="store_true", help="measure how soon a query over the limit is stopped")
    args = ap.parse_args()
    if args.guard:
        bench_guard()
        return 0
    if args.time_limit:
        bench_time_limit(max(3, args.repeat // 40))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        data = Path(tmp) / "bench.nt"
        data.write_bytes(synthetic(args.companies))
        for cmd in (["build"], ["ingest", str(data)]):
            subprocess.run([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), *cmd],
                           check=True, capture_output=True, cwd=ROOT)
        copy = Path(tmp) / "copy"
        shutil.copytree(store_dir, copy)
        ox_port, ck_port = free_port(), free_port()
        oxigraph = start([str(Path(sys.executable).parent / "oxigraph"), "serve", "--location", str(copy),
                          "--bind", f"127.0.0.1:{ox_port}"], ox_port)
        chainkg = start([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), "serve",
                         "--port", str(ck_port), "--row-limit", "1000000", "--query-workers", "2"], ck_port)
        try:
            wait_warm(ck_port)  # the served app builds its page caches first (context.start_warmup): not measured
            theirs, ours = client(ox_port, "/query"), client(ck_port, "/sparql")
            with open("/proc/loadavg") as f:
                load = " ".join(f.read().split()[:3])
            print(f"store: bundled graph + {args.companies} synthetic companies ({4 * args.companies} triples); "
                  f"{os.cpu_count()} cores; load average {load}; medians")
            floor_conn = http.client.HTTPConnection("127.0.0.1", ck_port, timeout=30)

            def health() -> None:
                floor_conn.request("GET", "/health")
                floor_conn.getresponse().read()

            floor = statistics.median(timed(health, args.repeat)) * 1e3
            print(f"the HTTP floor of chainkg's Python stack (gunicorn, admission, Flask), GET /health: {floor:.2f} ms")
            print("| query | result | oxigraph serve | chainkg /sparql | added | ratio |")
            print("|---|---|---|---|---|---|")
            for kind, name, q in QUERIES:
                reps = args.repeat if kind == "small" else max(args.repeat // 10, 5)
                accept = "text/turtle" if q.startswith("CONSTRUCT") else "application/sparql-results+json"
                size = len(theirs(q, accept))
                a = statistics.median(timed(lambda q=q, accept=accept: theirs(q, accept), reps)) * 1e3
                b = statistics.median(timed(lambda q=q, accept=accept: ours(q, accept), reps)) * 1e3
                size_s = f"{size / 1e6:.1f} MB" if size > 1e5 else f"{size} B"
                print(f"| {name} ({kind}) | {size_s} | {a:.2f} ms | {b:.2f} ms | {b - a:+.2f} ms | {b / a:.2f}x |")
        finally:
            for proc in (oxigraph, chainkg):
                proc.terminate()
                proc.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: every kind of page of ``chainkg serve`` on a national-scale graph, p50 and p99 per page.

    .venv/bin/python benchmarks/bench_pages.py [--companies 100000] [--requests 40] [--clients 3]
    .venv/bin/python benchmarks/bench_pages.py --store DIR      # a store built beforehand

Why: the analysis pages took 2-4 s with the 4,587 companies of the A-share data set, and
nobody had seen the pages with a country's worth of companies. The graph is written by
``benchmarks/gen_national.py`` and ingested by ``chainkg ingest`` (the normal path), then
served by ``chainkg serve`` as users run it. Each page is asked ``--requests`` times by
``--clients`` concurrent clients (keep-alive connections), after one warm-up request;
the time is the server's, from the request sent to the last byte read, on loopback.
The pages are asked once the server says its caches are warm (``/health``: ``"warm"``, see
``chainkg.server.context.start_warmup``); the time that takes after the start is printed.
Example questions are measured as their page and as their ``.json`` twin, at their defaults (the
gallery's links; ``chainkg.server.canned`` keeps those answers per store version). Pages whose URL
needs a real entity (a chain, a cluster, the biggest hub) take it from the store first.
Printed: p50 and p99 per page in milliseconds, against the targets of
the issue (p50 < 300 ms, p99 < 1 s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import free_port, wait_warm  # noqa: E402


def sparql(port: int, query: str) -> list[dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", "/sparql", body=query.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    data = json.loads(conn.getresponse().read())
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def pages(port: int) -> list[tuple[str, str]]:
    """(name, path) of every page to measure, with real entities of the store in the URLs."""
    one = sparql(port, """SELECT ?chain ?cluster ?company ?code WHERE {
        ?chain a ckg:IndustryChain ; ckg:chainLeader ?company . ?company ckg:stockCode ?code .
        OPTIONAL { ?chain ckg:partOfCluster ?cluster } } ORDER BY ?chain LIMIT 1""")[0]
    hub = sparql(port, """SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c ckg:locatedIn ?r . ?r a ckg:Region }
                          GROUP BY ?r ORDER BY DESC(?n) LIMIT 1""")[0]["r"]
    region = sparql(port, f"SELECT ?l WHERE {{ <{hub}> rdfs:label ?l }} LIMIT 1")[0]["l"]
    name = sparql(port, f"SELECT ?l WHERE {{ <{one['company']}> rdfs:label ?l }} LIMIT 1")[0]["l"]
    chain_key = one["chain"].rsplit("/", 1)[-1]
    out = [
        ("dashboard", "/"),
        ("chain map (JSON)", f"/chain/{chain_key}.json"),
        ("chain map", f"/chain/{chain_key}"),
    ]
    if one.get("cluster"):
        out.append(("cluster map (JSON)", f"/cluster/{one['cluster'].rsplit('/', 1)[-1]}.json"))
    out += [
        ("explore the biggest hub", "/explore.json?" + urllib.parse.urlencode({"iri": hub})),
        ("entity page", "/id/company/" + one["code"]),
        ("search (Chinese)", "/search.json?" + urllib.parse.urlencode({"q": name})),
        ("search (pinyin)", "/search.json?q=hua+rui"),
        ("search (code)", "/search.json?" + urllib.parse.urlencode({"q": one["code"]})),
        ("company list", "/browse/Company"),
        ("company list (JSON)", "/browse/Company.json"),
        ("gaps", "/analysis/gaps?" + urllib.parse.urlencode({"region": region, "industry": "工业金属"})),
        ("industries", "/analysis/industries"),
        ("path", "/analysis/path?" + urllib.parse.urlencode({"from": "铁矿石", "to": "乘用车"})),
        ("SPARQL editor", "/sparql"),
    ]
    from chainkg.server.gallery import load_queries

    # each example's page (one page of rows, the total, downloads) and its .json twin (every row, as /sparql)
    out += [(f"query{suffix}: {name}", f"/queries/{name}{ext}") for name in load_queries()
            for suffix, ext in (("", ""), (" (JSON)", ".json"))]
    return out


def measure(port: int, path: str, requests: int, clients: int) -> tuple[list[float], set[int]]:
    times: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    per = max(1, requests // clients)

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(per):
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = 0
            with lock:
                times.append(time.perf_counter() - t)
                statuses.add(status)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, statuses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--companies", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--clients", type=int, default=3)
    ap.add_argument("--store", type=Path, help="a store folder built beforehand (else one is generated)")
    ap.add_argument("--data", type=Path, help="the generated N-Triples file to use (else one is generated)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            data = args.data or Path(tmp) / "national.nt"
            if not data.exists():
                subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_national.py"), "--companies",
                                str(args.companies), "-o", str(data)], check=True)
            ashare = ROOT.parent / "shared" / "datasets" / "ashare-chain"
            for cmd in (["build"], ["ingest", str(data)], ["ingest", "--format", "ashare-chain", str(ashare)]):
                subprocess.run([sys.executable, "-m", "chainkg.server.cli", "--store", str(store), *cmd], check=True,
                               cwd=ROOT)
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "chainkg.server.cli", "--store", str(store), "serve",
                                 "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "CHAINKG_UPDATE_TOKEN": ""})
        try:
            warm = wait_warm(port, proc=proc)  # up, then warm: the caches of the pages built from the whole graph
            with open("/proc/loadavg") as f:
                load = " ".join(f.read().split()[:3])
            print(f"{args.clients} clients, {args.requests} requests per page; load average {load}; "
                  f"served and warm {warm:.0f} s after start")
            print("| page | p50 ms | p99 ms | statuses | target met |")
            print("|---|---|---|---|---|")
            for name, path in pages(port):
                measure(port, path, 1, 1)  # warm up
                times, statuses = measure(port, path, args.requests, args.clients)
                times.sort()
                p50 = statistics.median(times) * 1000
                p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
                ok = p50 < 300 and p99 < 1000 and statuses == {200}
                print(f"| {name} | {p50:.0f} | {p99:.0f} | {','.join(map(str, sorted(statuses)))} | "
                      f"{'yes' if ok else 'no'} |", flush=True)
        finally:
            proc.terminate()
            proc.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

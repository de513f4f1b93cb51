"""Reliability under fair and hostile load, on loopback only, bounded in count and time (issue 12).

Runs ``chainkg serve`` on a store built by ``chainkg build`` in a temporary folder and measures, for the fair
clients of each case, requests, errors, p50 and p99:

1. fair load: 16 clients (a page, an entity page, a static file, search, a small query) for ``--seconds``;
2. eight expensive queries from one client (the issue's three-way cross product), four fair clients beside;
3. the same eight from eight addresses (a distributed attack: the per-client share cannot help, the bounded
   queue and the 503 must);
4. slowloris: 24 connections that trickle their headers or bodies, four fair clients beside;
5. a write storm: 40 updates through /update while 12 readers query; every read after a write must see it;
6. kill -9 of the whole service (its process group) during a PUT of 100,000 triples, ``--kills`` times at
   delays spread over the write: afterwards the graph, the merged default graph and the catalog's triple count
   must all be the previous version or all the new one; anything else is counted as torn.

    .venv/bin/python benchmarks/bench_reliability.py [--seconds 20] [--kills 10]

Loopback only (clients bind to other 127.x addresses so that each counts as its own client), every loop bounded
in count and time. The baseline of each hostile case is the fair load of case 1, run in the same script; the
load average of the machine is printed before and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "chainkg.server.cli"]
TOKEN = "bench-token"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAIR_PATHS = ["/", "/static/app/app.css", "/id/company/603993.SH", "/search.json?q=洛钼",
              "/sparql?query=" + urllib.parse.quote("SELECT ?c WHERE { ?c a ckg:Company } LIMIT 20")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, path: str, src: str = "127.0.0.1", method: str = "GET", body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, float, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(src, 0))
    t0 = time.monotonic()
    try:
        conn.request(method, urllib.parse.quote(path, safe="/?=&%:+"), body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, time.monotonic() - t0, data
    except OSError:
        return 0, time.monotonic() - t0, b""
    finally:
        conn.close()


def serve(store: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "CHAINKG_MAX_REQUEST_BYTES": str(64 * 1024 * 1024)}  # the PUT of case 6 is ~7 MB
    proc = subprocess.Popen([*CLI, "--store", str(store), "serve", "--port", str(port), "--update-token", TOKEN,
                             "--query-timeout", "10"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    for _ in range(300):
        if request(port, "/health")[0] == 200:
            return proc, port
        time.sleep(0.1)
    raise RuntimeError("the service did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def fair(port: int, clients: int, seconds: float) -> list[tuple[int, float]]:
    out: list[tuple[int, float]] = []
    end = time.monotonic() + seconds

    def loop(i: int) -> None:
        n = 0
        while time.monotonic() < end:
            status, took, _ = request(port, FAIR_PATHS[n % len(FAIR_PATHS)], src=f"127.0.9.{i + 1}")
            out.append((status, took))
            n += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def summary(name: str, samples: list[tuple[int, float]], extra: str = "") -> None:
    took = sorted(t for s, t in samples if s == 200)
    errors = sum(1 for s, _ in samples if s != 200)
    p = (lambda q: took[min(int(len(took) * q), len(took) - 1)] * 1000) if took else (lambda q: float("nan"))
    print(f"{name:<36} requests {len(samples):>6}  errors {errors:>4}  p50 {p(0.5):7.1f} ms  p99 {p(0.99):7.1f} ms"
          f"  {extra}", flush=True)


def outcomes(results: list[tuple[int, float]]) -> str:
    """What the attackers got: answers by status, and how fast the refusals came."""
    by: dict[int, int] = {}
    for status, _ in results:
        by[status] = by.get(status, 0) + 1
    refused = sorted(t for s, t in results if s == 503)
    fast = f", 503 median {refused[len(refused) // 2] * 1000:.0f} ms" if refused else ""
    return "attackers got " + ", ".join(f"{n}x {s or 'no answer'}" for s, n in sorted(by.items())) + fast


def background(target, count: int, seconds: float) -> tuple[list, list[threading.Thread]]:  # noqa: ANN001
    end = time.monotonic() + seconds
    results: list = []

    def loop(i: int) -> None:
        while time.monotonic() < end:
            results.append(target(i)[:2])
            time.sleep(0.05)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    return results, threads


def slowloris(port: int, seconds: float) -> None:
    socks = []
    for i in range(24):
        s = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.4", 0))
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" if i % 2 else
                  b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: 900\r\n\r\nASK")
        socks.append(s)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for s in socks:
            try:
                s.sendall(b"X: 1\r\n")
            except OSError:
                pass
        time.sleep(0.5)
    for s in socks:
        s.close()


def write_storm(port: int) -> tuple[list[tuple[int, float]], int]:
    samples: list[tuple[int, float]] = []
    done = threading.Event()

    def reader(i: int) -> None:
        while not done.is_set():
            query = urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")
            samples.append(request(port, "/sparql?query=" + query, src=f"127.0.8.{i + 1}")[:2])

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    stale = 0
    for n in range(40):
        request(port, "/update", src="127.0.7.1", method="POST", headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
            body=f"INSERT DATA {{ GRAPH <http://example.org/storm> {{ <http://example.org/w{n}> "
                 f"<http://example.org/p> {n} }} }}".encode())
        status, _, body = request(port, "/sparql?query=" + urllib.parse.quote(
            f"ASK {{ <http://example.org/w{n}> <http://example.org/p> {n} }}"), src="127.0.7.2")
        stale += not (status == 200 and b"true" in body)
    done.set()
    for t in threads:
        t.join()
    return samples, stale


KILLED = "http://example.org/graph/killed"
P = "http://example.org/killed-p"  # not the write storm's predicate


def put_version(port: int, version: int, size: int) -> tuple[int, float, bytes]:
    body = "".join(f'<http://example.org/k{i}> <{P}> "v{version}-{i}" .\n' for i in range(size)).encode()
    return request(port, "/rdf-graph-store?graph=" + urllib.parse.quote(KILLED, safe=""), src="127.0.6.1",
                   method="PUT", body=body, headers={"Content-Type": "application/n-triples",
                                                     "Authorization": f"Bearer {TOKEN}"})


def state(store: Path) -> tuple[dict[str, int], dict[str, int], int | None]:
    """(versions in the graph, versions in the merged default graph, the catalog's triple count) after a kill,
    read by a fresh ``chainkg query`` as an operator would."""
    def query(text: str) -> list[dict]:
        out = subprocess.run([*CLI, "--store", str(store), "query", "--format", "json", text], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout)["results"]["bindings"] if out.returncode == 0 else []

    versions = "BIND(STRBEFORE(STR(?o), \"-\") AS ?v) } GROUP BY ?v"
    in_graph = {r["v"]["value"]: int(r["n"]["value"]) for r in query(
        f"SELECT ?v (COUNT(*) AS ?n) WHERE {{ GRAPH <{KILLED}> {{ ?s <{P}> ?o }} {versions}")}
    merged = {r["v"]["value"]: int(r["n"]["value"]) for r in query(
        f"SELECT ?v (COUNT(*) AS ?n) WHERE {{ ?s <{P}> ?o {versions}")}
    rows = query(f"SELECT ?n WHERE {{ GRAPH <https://w3id.org/chainkg/graph/catalog> {{ <{KILLED}> "
                 "<http://rdfs.org/ns/void#triples> ?n } }")
    return in_graph, merged, int(rows[0]["n"]["value"]) if len(rows) == 1 else None


def kill_during_put(store: Path, kills: int, size: int = 100_000) -> tuple[int, int, int, list[str]]:
    """(old, new, torn, notes): kill -9 of the service at delays spread over a PUT of ``size`` triples."""
    proc, port = serve(store)
    try:
        assert put_version(port, 0, 1000)[0] in (201, 204), "the first version was not written"
        t0 = time.monotonic()
        put_version(port, -1, size)  # how long a whole PUT takes here, to spread the kills over it
        took = time.monotonic() - t0
        assert put_version(port, 0, 1000)[0] == 204
    finally:
        stop(proc)
    committed, old, new, torn, notes = ("v0", 1000), 0, 0, 0, [f"a whole PUT of {size:,} triples took {took:.1f} s"]
    for k in range(1, kills + 1):
        proc, port = serve(store)
        t = threading.Thread(target=put_version, args=(port, k, size), daemon=True)
        t.start()
        time.sleep(took * (k - 0.5) / kills)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        t.join(5)
        in_graph, merged, listed = state(store)
        whole = [(v, n) for v, n in ((committed[0], committed[1]), (f"v{k}", size))
                 if in_graph == {v: n} and merged == {v: n} and listed == n]
        if whole and whole[0][0] == committed[0]:
            old += 1
        elif whole:
            new += 1
            committed = whole[0]
        else:
            torn += 1
            notes.append(f"kill {k}: graph {in_graph}, merge {merged}, catalog {listed}")
    return old, new, torn, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    started = time.monotonic()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run([*CLI, "--store", str(store), "build"], cwd=ROOT, check=True, capture_output=True)
        proc, port = serve(store)
        half = args.seconds / 2
        try:
            summary("1. fair load, 16 clients", fair(port, 16, args.seconds))

            def slow(i: int, one: bool) -> tuple[int, float, bytes]:
                return request(port, "/sparql", src="127.0.0.2" if one else f"127.0.2.{i + 1}", method="POST",
                               body=SLOW.encode(), headers={"Content-Type": "application/sparql-query"})

            for name, one in (("2. eight expensive queries, 1 client", True),
                              ("3. eight expensive queries, 8 clients", False)):
                results, attackers = background(lambda i, one=one: slow(i, one), 8, half)
                time.sleep(0.5)
                samples = fair(port, 4, half - 0.5)
                for t in attackers:
                    t.join(30)
                summary(name, samples, outcomes(results))
            loris = threading.Thread(target=slowloris, args=(port, half))
            loris.start()
            time.sleep(0.5)
            summary("4. slowloris, 24 connections", fair(port, 4, half - 0.5))
            loris.join()
            samples, stale = write_storm(port)
            summary("5. write storm, 40 writes, 12 readers", samples, f"reads that missed a committed write: {stale}")
        finally:
            stop(proc)
        old, new, torn, notes = kill_during_put(store, args.kills)
        print(f"6. kill -9 during a 100,000-triple PUT, {old + new + torn} times: old version {old}, new version "
              f"{new}, torn {torn} (graph, merged default graph and catalog checked)")
        for note in notes:
            print("   " + note)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{time.monotonic() - started:.0f} s in all")
    return 1 if torn else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: chainkg on an Oxigraph server against chainkg on the embedded store, same data, same run.

    .venv/bin/python benchmarks/bench_remote.py [--repeat N] [--data DIR]

Why this comparison: moving to a SPARQL server (DESIGN.md, "beyond one machine") costs
a protocol round trip per query and a serialization of every result, and a replaced
source crosses the wire as N-Triples. Both stores hold the same data, loaded the same
way (``chainkg build``, the A-share data set, the seed article, with SHACL); then every
gallery query (``server/queries``) runs ``--repeat`` times through ``GraphStore.run``
as the service runs it (SPARQL JSON, row cap). The Oxigraph server is ``oxigraph serve``
from PyPI, on disk, on a loopback port, started and stopped here.

Printed: the ingest time of each step on both and their ratio; per query the median
time on both and the ratio; the geometric mean of the query ratios.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import OxigraphServer  # noqa: E402

from chainkg.graph.results import QueryJob  # noqa: E402
from chainkg.graph.store import GraphStore, open_store  # noqa: E402
from chainkg.ingest.dispatch import build, ingest_path  # noqa: E402

SHARED = ROOT.parent / "shared"


def load(store: GraphStore, data: Path) -> dict[str, float]:
    times = {}
    t = time.perf_counter()
    build(store)
    times["build (ontology + region folder)"] = time.perf_counter() - t
    t = time.perf_counter()
    ingest_path(store, data, "ashare-chain")
    times["A-share data set (76,500 triples)"] = time.perf_counter() - t
    t = time.perf_counter()
    ingest_path(store, SHARED / "corpus" / "luoyang-2024-new-industrialization.txt", date="2025-09-30")
    times["seed article"] = time.perf_counter() - t
    store.flush()
    return times


def gallery() -> dict[str, str]:
    from chainkg.server.gallery import load_queries, query_text

    out = {}
    for name, c in load_queries().items():
        try:
            out[name] = query_text(c, {p.name: p.default or "" for p in c.params})
        except ValueError:
            continue
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--data", type=Path, default=SHARED / "datasets" / "ashare-chain")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        embedded = open_store(Path(tmp) / "embedded")
        server = OxigraphServer(Path(tmp) / "server")
        try:
            remote = open_store(server.spec)
            from chainkg.ingest.text.gazetteer import tokenizer

            tokenizer()  # jieba's dictionary loads once per process (2 s): not part of either store's time
            print(f"load: {subprocess.run(['cat', '/proc/loadavg'], capture_output=True, text=True).stdout.strip()}")
            print("ingest (seconds)                     embedded   oxigraph server   ratio")
            te, tr = load(embedded, args.data), load(remote, args.data)
            for step in te:
                print(f"  {step:<34} {te[step]:8.2f}   {tr[step]:15.2f}   {tr[step] / te[step]:5.2f}x")
            ratios = []
            print(f"gallery queries (median of {args.repeat}, ms)       embedded   oxigraph server   ratio")
            for name, text in gallery().items():
                job = QueryJob(text, row_limit=10000, capped=True)
                med = []
                for store in (embedded, remote):
                    store.run(job)  # warm up
                    ts = []
                    for _ in range(args.repeat):
                        t = time.perf_counter()
                        store.run(job)
                        ts.append(time.perf_counter() - t)
                    med.append(statistics.median(ts) * 1000)
                ratios.append(med[1] / med[0])
                print(f"  {name:<44} {med[0]:8.2f}   {med[1]:15.2f}   {ratios[-1]:5.2f}x")
            geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
            print(f"  geometric mean of the query ratios: {geo:.2f}x")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

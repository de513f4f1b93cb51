"""Benchmark: the first search after a start (the index is built) against a warm search, on the national data.

Why: the search index (names, aliases, pinyin forms of every entity) is built from the store
on first use; on the national data that made the first search after a restart slow. The served
app builds it at start (``context.start_warmup`` asks for ``/search.json``); this script measures
what that saves: the cold search (build + search) against the
warm one (the baseline, same run, same process), median of ``--repeat``.

    .venv/bin/python benchmarks/bench_search.py [--repeat 5] [--no-national]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from chainkg.graph import search
from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build, ingest_path

QUERIES = ["洛阳钼业", "Luoyang Molybdenum", "lymy", "工业金属"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-national", action="store_true")
    a = ap.parse_args()
    store = open_store("memory")
    build(store)
    if not a.no_national:
        ingest_path(store, Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ashare-chain",
                    fmt="ashare-chain")
    cold, warm = [], []
    for _ in range(a.repeat):
        search._cache.clear()  # a fresh process: no index yet
        t0 = time.perf_counter()
        search.search_index(store).search(QUERIES[0])
        cold.append(time.perf_counter() - t0)
        for q in QUERIES:
            t0 = time.perf_counter()
            search.search_index(store).search(q)
            warm.append(time.perf_counter() - t0)
    entries = len(search.search_index(store).entries)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"{entries} entities indexed; first search (index built): {c * 1000:.0f} ms; "
          f"warm search (baseline): {w * 1000:.1f} ms; cold/warm = {c / w:.0f}x")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

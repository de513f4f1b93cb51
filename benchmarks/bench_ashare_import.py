"""Benchmark: importing the whole A-share chain data set, against a plain bulk load.

    .venv/bin/python benchmarks/bench_ashare_import.py [--data DIR] [--repeat N]

Why a baseline in the same run: a time alone says little on a shared 2-core
machine; the ratio to the fastest way of putting the same triples into the same
kind of store (pyoxigraph's own N-Triples bulk loader) says what the importer's
work costs: reading and normalising, mapping, SHACL, and the transactional write.

Each variant runs ``--repeat`` times on a fresh store; the median is reported.
- ``chainkg ingest (disk, bulk)``: ``ingest_ashare`` into a new on-disk store, as
  ``chainkg ingest --format ashare-chain`` does (with SHACL, the bulk loader for a first import);
- ``chainkg ingest (disk, one transaction)``: the same as ``chainkg ingest --atomic`` does;
- ``chainkg ingest (memory)``: the same into an in-memory store;
- ``... without SHACL``: ``check=False``, to show what validation costs;
- ``baseline``: ``pyoxigraph.Store.bulk_load`` of the same triples, serialised
  as N-Triples beforehand (not timed), into a new on-disk store.
The phases of the importer (read and clean, map, validate and write) are shown too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from chainkg.graph.store import open_store
from chainkg.graph.validate import validate
from chainkg.ingest.ashare import build_source, clean, ingest_ashare
from chainkg.ingest.ashare.rdf import build_source as map_source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "ashare-chain"


def _median(f: Callable[[], dict | None], repeat: int) -> tuple[float, list[dict]]:
    times, extras = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        extra = f()
        times.append(time.perf_counter() - t)
        extras.append(extra or {})
    return statistics.median(times), extras


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data / "company.json").is_file():
        print(f"no A-share chain data set at {args.data}", file=sys.stderr)
        return 2

    source, _ = build_source(args.data)
    content = source.content()
    triples = len(content)
    nt = ox.serialize(content, format=ox.RdfFormat.N_TRIPLES)
    graph = ox.NamedNode(str(source.graph_iri))

    def chainkg_disk(check: bool = True, bulk: bool = True) -> dict:
        with tempfile.TemporaryDirectory() as d:
            store = open_store(Path(d) / "store")
            report = ingest_ashare(store, args.data, check=check, bulk=bulk)
            store.flush()
            del store
        return report.seconds

    def chainkg_memory(check: bool = True) -> dict:
        return ingest_ashare(open_store("memory"), args.data, check=check).seconds

    def baseline() -> None:
        with tempfile.TemporaryDirectory() as d:
            store = ox.Store(str(Path(d) / "store"))
            store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            store.flush()
            del store

    def phases() -> dict:
        """The steps of write_source apart: where the time goes."""
        out = {}
        t = time.perf_counter()
        data = clean(args.data)
        out["read_and_clean"] = time.perf_counter() - t
        t = time.perf_counter()
        src = map_source(data)
        out["map_to_rdf"] = time.perf_counter() - t
        with tempfile.TemporaryDirectory() as d:
            store = open_store(Path(d) / "store")
            t = time.perf_counter()
            validate(src.content(), store)
            out["shacl"] = time.perf_counter() - t
            t = time.perf_counter()
            store.replace_graph(src.graph_iri, src.content(), label="x", kind="x", location="x")
            out["replace_graph_first"] = time.perf_counter() - t
            t = time.perf_counter()
            store.replace_graph(src.graph_iri, src.content(), label="x", kind="x", location="x")
            out["replace_graph_again"] = time.perf_counter() - t
            store.flush()
            del store
        return out

    runs: list[tuple[str, Callable[[], dict | None]]] = [
        ("chainkg ingest (disk, SHACL, bulk)", lambda: chainkg_disk(True)),
        ("chainkg ingest (disk, SHACL, one transaction)", lambda: chainkg_disk(True, bulk=False)),
        ("chainkg ingest (memory, SHACL)", lambda: chainkg_memory(True)),
        ("chainkg ingest (disk, no SHACL)", lambda: chainkg_disk(False)),
        ("chainkg steps apart (disk)", phases),
        ("baseline: pyoxigraph bulk_load N-Triples (disk)", baseline),
    ]
    results = []
    for name, f in runs:
        seconds, extras = _median(f, args.repeat)
        results.append((name, seconds, extras))

    base = results[-1][1]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"A-share chain data set: {args.data}")
    print(f"{triples:,} triples; median of {args.repeat} runs; python {sys.version.split()[0]}, "
          f"pyoxigraph {getattr(ox, '__version__', '?')}; {os.cpu_count()} cores, "
          f"load average {load:.2f} at the end")
    print()
    print(f"{'variant':<50} {'seconds':>8} {'x baseline':>11}")
    for name, seconds, _ in results:
        if name.startswith("chainkg steps"):
            continue
        print(f"{name:<50} {seconds:>8.2f} {seconds / base:>10.1f}x")
    print()
    print("importer phases (median seconds):")
    for name, _, extras in results[:-1]:
        phases = {k: statistics.median(e[k] for e in extras) for k in extras[0]}
        print(f"  {name:<48} " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items()))
    budget = results[0][1]
    print()
    print(f"target (issue 14): at most 2x the bare bulk load -> {budget / base:.1f}x "
          f"({'met' if budget / base <= 2 else 'NOT met'})")
    print(f"target: under 10 s for the whole data set -> {budget:.2f} s "
          f"({'met' if budget < 10 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

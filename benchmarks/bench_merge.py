"""Benchmark: what the merged default graph (set semantics) costs on ingest.

    .venv/bin/python benchmarks/bench_merge.py [--data DIR] [--repeat N]

Why: chainkg keeps the default graph as the merge of all named graphs itself (each
triple once, docs/CONTRACTS.md), so every write of a source also writes its share of
the merge, and every removal asks whether another source still states a triple. This
script measures that share on the A-share data set (76,500 triples), on disk, against
the same write without the merge, in the same run:

- ``baseline: named graph only``: pyoxigraph ``extend`` of the quads into one named
  graph of a new on-disk store (what a store with Oxigraph's own union default graph
  would write);
- ``named graph + merge copy``: the same quads, plus each triple once in the default
  graph (the merge's extra writes, nothing else);
- ``chainkg replace_graph (new source)``: the real write of a new source (catalog, merge);
- ``chainkg replace_graph (same again)``: re-ingesting the identical source (a no-op diff);
- ``chainkg drop_graph``: removing it again (asks, per triple, whether another graph states it).

Each variant runs ``--repeat`` times on a fresh store, after the Luoyang folder and the
ontology (so a shared triple exists); the median is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from chainkg.graph.store import open_store
from chainkg.ingest.ashare import build_source
from chainkg.ingest.dispatch import build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "ashare-chain"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data / "company.json").is_file():
        print(f"no A-share chain data set at {args.data}", file=sys.stderr)
        return 2
    source, _ = build_source(args.data)
    triples = source.content()
    graph = ox.NamedNode(str(source.graph_iri))
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    merged = quads + [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]

    times: dict[str, list[float]] = {}

    def timed(name: str, f) -> None:  # noqa: ANN001
        t = time.perf_counter()
        f()
        times.setdefault(name, []).append(time.perf_counter() - t)

    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as d:
            for name, folder, data in (("baseline: named graph only (pyoxigraph extend)", "a", quads),
                                       ("named graph + merge copy (pyoxigraph extend)", "b", merged)):
                raw = ox.Store(str(Path(d) / folder))
                timed(name, lambda raw=raw, data=data: (raw.extend(data), raw.flush()))
                del raw
            store = open_store(Path(d) / "c")
            build(store)
            store.flush()

            def write(store=store) -> None:  # noqa: ANN001
                store.replace_graph(graph.value, triples, label="x", kind="x", location="x")
                store.flush()

            timed("chainkg replace_graph (new source)", write)
            timed("chainkg replace_graph (same again)", write)

            def drop(store=store) -> None:  # noqa: ANN001
                store.drop_graph(graph.value)
                store.flush()

            timed("chainkg drop_graph", drop)
            store.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    base = statistics.median(times["baseline: named graph only (pyoxigraph extend)"])
    print(f"A-share data set: {len(triples):,} triples; median of {args.repeat} runs on disk; "
          f"pyoxigraph {getattr(ox, '__version__', '?')}; load average {load:.2f} at the end")
    print(f"{'variant':<50} {'seconds':>8} {'x baseline':>11}")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"{name:<50} {m:>8.2f} {m / base:>10.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

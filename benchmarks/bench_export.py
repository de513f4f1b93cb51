"""Benchmark: chainkg's streaming GEXF writer against networkx's write_gexf.

Why: the issue asks that exporting the whole graph streams instead of building
it all in memory twice. networkx builds the document as an ElementTree (one
Python object per element and attribute) and only then serializes it; chainkg's
writer (chainkg.graph.exports.gexf) walks the graph twice and writes one record
at a time. This script measures both on the same synthetic graph, in the same
run: wall time (without tracing) and peak Python memory (tracemalloc, in a
separate run, since tracing slows everything down), and prints the ratios.

The synthetic graph only uses values networkx can write (str, int, float), so
that the baseline runs at all; see tests/test_export_network.py for the values
it cannot write.

    .venv/bin/python benchmarks/bench_export.py                  # 100k nodes, 300k edges
    .venv/bin/python benchmarks/bench_export.py --nodes 10000 --edges 30000 --graphml
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from chainkg.graph.exports import write_gexf, write_graphml

CLASSES = ["Company", "IndustryChain", "ChainSegment", "IndustryCluster", "Region", "Policy"]
RELATIONS = ["participatesIn", "upstreamOf", "partOfCluster", "locatedIn", "supports", "chainLeader"]
SYLLABLES = "洛阳钼业中州时代铝基新材料光电先进合金能源电池绿色石化装备制造"


Writer = Callable[[nx.MultiDiGraph, Path], None]


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 7) -> nx.MultiDiGraph:
    """A MultiDiGraph shaped like a chainkg projection (labels, classes, numbers)."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n_nodes):
        cls = CLASSES[i % len(CLASSES)]
        attrs = {
            "label": "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 8))),
            "label_en": f"{cls} {i}",
            "class": cls,
            "revenue": rnd.random() * 1e9,
            "employees": rnd.randint(1, 200_000),
            "founded": f"{rnd.randint(1950, 2023)}-01-01",
        }
        if i % 2 == 0:  # a computed layout for half of the nodes
            attrs["x"] = rnd.uniform(-1000, 1000)
            attrs["y"] = rnd.uniform(-1000, 1000)
        g.add_node(f"https://w3id.org/chainkg/id/{cls.lower()}/{i}", **attrs)
    nodes = list(g)
    for _ in range(n_edges):
        rel = rnd.choice(RELATIONS)
        g.add_edge(
            rnd.choice(nodes),
            rnd.choice(nodes),
            relation=rel,
            label=rel,
            weight=rnd.uniform(0.1, 10.0),
        )
    return g


def networkx_gexf(g: nx.MultiDiGraph, path: Path) -> None:
    nx.write_gexf(g, path, version="1.3")


def chainkg_gexf(g: nx.MultiDiGraph, path: Path) -> None:
    write_gexf(g, path)


def networkx_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    nx.write_graphml(g, path)


def chainkg_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    write_graphml(g, path)


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def rss_growth(fn: Writer, g: nx.MultiDiGraph, path: Path) -> int | None:
    """Peak resident-memory growth (bytes) of one run, in a forked child.

    tracemalloc sees only Python's allocator; lxml (used by networkx's GraphML
    writer) allocates in C. The child resets its peak RSS (``/proc/self/clear_refs``)
    and reports VmHWM minus VmRSS at start. Linux only; ``None`` elsewhere.
    """
    if not hasattr(os, "fork") or not Path("/proc/self/clear_refs").exists():
        return None
    gc.collect()
    gc.freeze()  # keep the child's GC from copying every page of the graph
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.close(r)
            Path("/proc/self/clear_refs").write_text("5")
            start = _status_kib("VmRSS")
            fn(g, path)
            os.write(w, str((_status_kib("VmHWM") - start) * 1024).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    data = os.read(r, 64)
    os.close(r)
    os.waitpid(pid, 0)
    gc.unfreeze()
    return int(data) if data else None


def measure(fn: Writer, g: nx.MultiDiGraph, path: Path, repeat: int) -> tuple[float, int, int]:
    """Best wall time of ``repeat`` runs, then peak traced memory of one more run."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn(g, path)
        best = min(best, time.perf_counter() - t0)
    size = path.stat().st_size
    gc.collect()
    tracemalloc.start()
    try:
        fn(g, path)
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return best, peak, size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--edges", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per writer (best kept)")
    ap.add_argument("--graphml", action="store_true", help="also compare GraphML writers")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    g = synthetic_graph(args.nodes, args.edges)
    print(
        f"graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
        f"(built in {time.perf_counter() - t0:.1f} s); python {sys.version.split()[0]}, "
        f"networkx {nx.__version__}"
    )
    pairs = [("GEXF", chainkg_gexf, networkx_gexf, ".gexf")]
    if args.graphml:
        pairs.append(("GraphML", chainkg_graphml, networkx_graphml, ".graphml"))

    with tempfile.TemporaryDirectory() as tmp:
        header = f"{'format':8} {'writer':9} {'time s':>8} {'traced MiB':>11} {'RSS+ MiB':>9} {'file MiB':>9}"
        print(header)
        print("-" * len(header))
        for name, ours, theirs, ext in pairs:
            res = {}
            for who, fn in (("chainkg", ours), ("networkx", theirs)):
                path = Path(tmp) / f"{who}{ext}"
                t, peak, size = measure(fn, g, path, args.repeat)
                rss = rss_growth(fn, g, path)
                res[who] = (t, peak, rss)
                rss_s = f"{rss / 2**20:9.1f}" if rss is not None else f"{'n/a':>9}"
                print(f"{name:8} {who:9} {t:8.2f} {peak / 2**20:11.1f} {rss_s} {size / 2**20:9.1f}")
                os.remove(path)
            (t_o, p_o, r_o), (t_n, p_n, r_n) = res["chainkg"], res["networkx"]
            rss_ratio = f"{r_n / max(r_o, 1):8.1f}x" if r_o is not None and r_n else f"{'n/a':>9}"
            ratios = f"{t_n / t_o:7.2f}x {p_n / max(p_o, 1):10.1f}x {rss_ratio}"
            print(f"{name:8} {'ratio':9} {ratios}   (networkx / chainkg)")
            if name == "GraphML":
                print(
                    "(networkx's GraphML writer allocates in C through lxml, "
                    "which tracemalloc does not see: compare RSS+)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

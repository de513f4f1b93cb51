"""Benchmark: ``chainkg ingest FILE.nt`` against ``oxigraph load`` of the same file, in the same run.

    .venv/bin/python benchmarks/bench_ingest.py [--sizes 1000,10000,100000] [--keep DIR]

Why this baseline: ``oxigraph load`` (the Oxigraph server's own loader, PyPI ``oxigraph``) is
the fastest way there is to put a file into an Oxigraph store; the ratio says what chainkg's
ingest adds to it: parsing into terms, the SHACL check, the source's catalog entry and the
merged default graph. Both run as separate processes on a new store folder on disk, on a
file written beforehand by ``benchmarks/gen_national.py`` (not timed). Printed per size:
triples, seconds of each, the ratio, and the peak memory (RSS) of the ingest process.

Where the time goes (docs/CONTRACTS.md; the phases are printed under each size): chainkg writes
every triple twice (the source's named graph, with six indexes, and the merge in the default graph,
with three) where the baseline writes it once into the default graph, which alone makes the write
2.7-3x the baseline; it parses into Python objects and checks the shapes first.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
         "sys.exit(r.returncode)")


def timed(args: list[str]) -> tuple[float, float, list[str]]:
    """(seconds, peak RSS of the command in MB, the phases it reported), the command run under a wrapper
    that reports its peak."""
    t = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if result.returncode != 0:
        raise SystemExit(f"{args[0]} failed: {result.stderr[-2000:]}")
    peak = next(int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("PEAK "))
    phases = [line.strip() for line in result.stderr.splitlines() if re.fullmatch(r"  \S.* in \d+\.\d s", line)]
    return seconds, peak / 1024, phases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="companies per generated file")
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder (and reuse them)")
    args = ap.parse_args(argv)
    with open("/proc/loadavg") as f:
        print(f"load average: {' '.join(f.read().split()[:3])}")
    print(f"{'companies':>10} {'triples':>10} {'oxigraph load':>14} {'chainkg ingest':>15} {'ratio':>6} "
          f"{'ingest peak RSS':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        files = args.keep or Path(tmp)
        files.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            nt = files / f"national-{size}.nt"
            if not nt.exists():
                subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_national.py"), "--companies",
                                str(size), "-o", str(nt)], check=True, capture_output=True)
            triples = sum(1 for _ in open(nt, "rb"))
            base, _, _ = timed([str(BIN / "oxigraph"), "load", "--location", os.path.join(tmp, f"ox-{size}"),
                             "--file", str(nt)])
            ours, peak, phases = timed([str(BIN / "chainkg"), "--store", os.path.join(tmp, f"ck-{size}"), "ingest",
                                        str(nt)])
            print(f"{size:>10,} {triples:>10,} {base:>13.1f}s {ours:>14.1f}s {ours / base:>5.2f}x {peak:>13,.0f} MB")
            print("           chainkg's phases: " + "; ".join(phases), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

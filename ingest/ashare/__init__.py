"""Importer for the A-share industry-chain data set (``chainkg ingest --format ashare-chain``).

Why its own package: the data set is national (4,654 listed companies, the
Shenwan 2021 classification, 5,256 weighted upstream edges) and real, with real
defects; reading it, normalising it, reporting on it and mapping it are four
steps that each need to be checked on their own (reader, codes, clean, rdf).

    report = ingest_ashare(store, "../shared/datasets/ashare-chain", "quality.json")
    print(report.summary())

docs/ashare-chain.md describes the mapping and what each count of the report means.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from chainkg.graph.store import GraphStore
from chainkg.ingest.ashare.clean import CleanDataset, clean
from chainkg.ingest.ashare.quality import QualityReport, WrittenGraph
from chainkg.ingest.pipeline import SourceGraph

__all__ = ["CleanDataset", "QualityReport", "clean", "build_source", "ingest_ashare"]


def build_source(directory: str | Path) -> tuple[SourceGraph, QualityReport]:
    """Read and map the data set without writing it: (SourceGraph, QualityReport)."""
    from chainkg.ingest.ashare.rdf import build_source as _build

    data = clean(directory)
    return _build(data), data.report


def _write_report(report: QualityReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    report.write_json(tmp)
    os.replace(tmp, path)


def ingest_ashare(
    store: GraphStore,
    directory: str | Path,
    report_path: str | Path | None = None,
    *,
    check: bool = True,
    progress: Callable[[str], None] | None = None,
    bulk: bool = False,
) -> QualityReport:
    """Import the data set in ``directory`` as the graph ``graph/ashare-chain``, in one transaction.

    Returns the quality report (also written as JSON to ``report_path`` when
    given, and handed to ``progress`` as the readable summary); nothing is
    written to the store if the data cannot be read or the SHACL shapes fail.
    Iterating over the report gives what was written (``graph``, ``label``,
    ``triples``), like the other importers' results. ``check=False`` skips SHACL
    (for benchmarks). ``bulk``: see ``GraphStore.replace_graph`` (what ``chainkg ingest`` asks for
    unless ``--atomic``): a first import into a store on disk that no service holds is bulk-loaded,
    because Oxigraph's transactional write of its 76,500 triples (and their merge) took 8-11 s on
    this machine against under one second for the bulk loader.
    """
    from chainkg.ingest.ashare.rdf import build_source as _build
    from chainkg.ingest.pipeline import write_source

    t0 = time.perf_counter()
    data = clean(directory)
    t1 = time.perf_counter()
    source = _build(data)
    t2 = time.perf_counter()
    report = data.report
    # The report describes the input, so it is written *before* the commit (atomically: a temporary file
    # renamed over the old one): a process killed right after the commit cannot leave the store without its
    # report. It is written again after the commit with the time the write took.
    report.triples = len(source)
    report.results = [WrittenGraph(str(source.graph_iri), source.label, report.triples)]
    report.seconds = {"read_and_clean": round(t1 - t0, 3), "map_to_rdf": round(t2 - t1, 3)}
    if report_path is not None:
        _write_report(report, Path(report_path))
    report.triples = write_source(store, source, check=check, bulk=bulk)
    report.results = [WrittenGraph(str(source.graph_iri), source.label, report.triples)]
    t3 = time.perf_counter()
    report.seconds = {
        "read_and_clean": round(t1 - t0, 3),
        "map_to_rdf": round(t2 - t1, 3),
        "validate_and_write": round(t3 - t2, 3),
        "total": round(t3 - t0, 3),
    }
    if report_path is not None:
        _write_report(report, Path(report_path))
    if progress is not None:
        progress(report.summary())
        if report_path is not None:
            progress(f"quality report written to {report_path}")
    return report

"""Which importer reads a path, and the bundled build.

``chainkg ingest PATH`` accepts a region folder, an RDF file, a Chinese article
(.txt/.html) or a folder of articles, and, with ``--format ashare-chain``, the
A-share chain data set. The format is guessed from the path unless given.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from chainkg.graph.store import GraphStore
from chainkg.ingest.datafolder import iter_region_folders, read_folder
from chainkg.ingest.errors import IngestError, Problem, UserError
from chainkg.ingest.limits import check_size
from chainkg.ingest.pipeline import REPORT_PHASES_FROM, SourceGraph, phase, write_source
from chainkg.ingest.rdffile import FORMATS, is_rdf_file, parse_rdf_file, read_rdf_file
from chainkg.ontology.namespaces import GRAPH_BASE, ONTOLOGY_GRAPH, ONTOLOGY_PATH

#: The region folders that ship with chainkg (``chainkg build`` ingests them all).
BUNDLED_REGIONS = Path(__file__).resolve().parent / "regions"
TEXT_SUFFIXES = {".txt", ".html", ".htm"}
INGEST_FORMATS = ("auto", "region", "rdf", "text", "ashare-chain")
#: the most lines of the Shenwan alignment an ingest prints (a national file aligns thousands of chains)
ALIGNMENT_LINES = 20


@dataclass
class IngestResult:
    graph: str
    label: str
    triples: int


def ingest_ontology(store: GraphStore) -> IngestResult:
    """Load ontology/chainkg.ttl as its own graph, so queries can use labels of terms."""
    graph = parse_rdf_file(ONTOLOGY_PATH)
    n = store.replace_graph(ONTOLOGY_GRAPH, graph, label="chainkg ontology", kind="ontology",
                            location=ONTOLOGY_PATH.name)
    return IngestResult(str(ONTOLOGY_GRAPH), "chainkg ontology", n)


def _write(store: GraphStore, source: SourceGraph, *, bulk: bool = False,
           progress: Callable[[str], None] | None = None) -> IngestResult:
    return IngestResult(str(source.graph_iri), source.label,
                        write_source(store, source, bulk=bulk, progress=progress))


def guess_format(path: Path) -> str:
    if path.is_dir():
        if (path / "sources.csv").exists():
            return "region"
        if (path / "company.json").exists() and (path / "industry.json").exists():
            return "ashare-chain"
        if any(p.suffix.lower() in TEXT_SUFFIXES for p in path.iterdir()):
            return "text"
        raise UserError(f"{path}: a folder, but not a region folder (no sources.csv), "
                        "an A-share data set or a folder of .txt/.html articles")
    if is_rdf_file(path):
        return "rdf"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    raise UserError(f"{path}: cannot tell what this is; RDF files end in {', '.join(sorted(FORMATS))}, "
                    "articles in .txt or .html; or give --format")


def ingest_path(store: GraphStore, path: str | Path, fmt: str = "auto", *, date: str | None = None,
                source_url: str | None = None, report: str | None = None,
                progress: Callable[[str], None] | None = None, bulk: bool = False) -> list[IngestResult]:
    """Ingest one path as one source (or, for a folder of articles, one source per article),
    then recompute the derived graphs (``refresh_derived``).

    ``bulk`` lets a large new RDF file or A-share import go through the store's bulk loader
    (``GraphStore.replace_graph``).
    """
    results = _ingest_path(store, path, fmt, date=date, source_url=source_url, report=report, progress=progress,
                           bulk=bulk)
    start = time.perf_counter()
    lines = refresh_derived(store, bulk=bulk)
    if progress is not None:
        if sum(r.triples for r in results) >= REPORT_PHASES_FROM:
            lines.insert(0, f"  derived graphs (alignment, links, statistics) in {time.perf_counter() - start:.1f} s")
        for line in lines:
            progress(line)
    return results


def refresh_derived(store: GraphStore, *, bulk: bool = False) -> list[str]:
    """Recompute the graphs derived from all sources (the Shenwan alignment of chains, the
    links between sources' entities, agreeing and conflicting statistics); what to tell the user.
    ``bulk``: a new derived graph may be bulk-loaded (``GraphStore.replace_graph``), as the ingest
    before it was allowed to be."""
    from chainkg.ingest import consistency
    from chainkg.ingest.alignment import refresh

    report = refresh(store, bulk=bulk)
    lines = []
    conflicts = consistency.refresh(store)
    if conflicts:
        lines.append(f"statistics: {len(conflicts)} conflicts between sources (kept, and stated as ckg:Conflict "
                     f"in <{consistency.CONSISTENCY_GRAPH}>)")
        lines += [f"  {c.note}" for c in conflicts[:10]]
        if len(conflicts) > 10:
            lines.append(f"  … {len(conflicts) - 10} more")
    if report.items:
        from chainkg.ingest.alignment import ALIGNMENT_GRAPH

        aligned = sum(1 for a in report.items if a.status == "aligned")
        lines.append(f"Shenwan alignment: {aligned} of {len(report.items)} chains, segments and clusters aligned")
        # a national file has thousands, most of them the same few names: each line once with its count,
        # the ones not aligned first, at most ALIGNMENT_LINES of them
        counts = Counter(report.lines())
        detail = sorted(counts, key=lambda line: (not line.startswith("  not aligned"), -counts[line]))
        lines += [line if counts[line] == 1 else f"{line} (×{counts[line]})" for line in detail[:ALIGNMENT_LINES]]
        if len(detail) > ALIGNMENT_LINES:
            rest = sum(counts[line] for line in detail[ALIGNMENT_LINES:])
            lines.append(f"  … {rest} more, all in <{ALIGNMENT_GRAPH}>")
    return lines


def _ingest_path(store: GraphStore, path: str | Path, fmt: str = "auto", *, date: str | None = None,
                 source_url: str | None = None, report: str | None = None,
                 progress: Callable[[str], None] | None = None, bulk: bool = False) -> list[IngestResult]:
    path = Path(path)
    if not path.exists():
        raise IngestError(Problem(str(path), None, None, "no such file or folder"))
    if fmt == "auto":
        fmt = guess_format(path)
    if fmt == "region":
        return [_write(store, read_folder(path))]
    if fmt == "rdf":
        large = progress is not None and path.stat().st_size >= REPORT_PHASES_FROM * 100  # ~100 bytes a triple
        with phase(progress if large else None, f"{path.name}: read", unit="statements") as tick:
            source = read_rdf_file(path, tick)
        return [_write(store, source, bulk=bulk, progress=progress)]
    if fmt == "text":
        return _ingest_articles(store, path, date=date, source_url=source_url, progress=progress)
    if fmt == "ashare-chain":
        from chainkg.ingest.ashare import ingest_ashare

        return list(ingest_ashare(store, path, report_path=report, progress=progress, bulk=bulk))
    raise UserError(f"unknown format '{fmt}' (one of {', '.join(INGEST_FORMATS)})")


def _ingest_articles(store: GraphStore, path: Path, *, date: str | None, source_url: str | None,
                     progress: Callable[[str], None] | None) -> list[IngestResult]:
    """Articles, each resolved against its one publication date.

    Why: a document has one publication date, and its 今年 must resolve the same way wherever
    it is used. When another source already describes the document an article is (a region
    folder curated from it: most of the sentences it quotes are in the article,
    ``linking.known_document``), that source's date is the article's, unless ``--date`` says
    otherwise; the article's graph then names that document (``linking.link_documents``).
    Every file is read before any is written.
    """
    from chainkg.ingest.linking import known_document
    from chainkg.ingest.text import expand_paths, ingest_text_paths, read_document

    files = expand_paths([path])
    for f in files:
        check_size(f, "article")  # before any is read (ingest/limits.py)
    texts = {f: read_document(f).text for f in files}  # an unreadable file stops here, nothing written
    results = []
    for f in files:
        when = date
        if when is None:
            found = known_document(store, texts[f])
            if found is not None and found[1]:
                when = found[1]
                if progress is not None:
                    progress(f"{f.name}: the document <{found[0]}> of another source, published {when}: "
                             "its periods (今年, 上半年) are resolved against that date")
        for r in ingest_text_paths(store, [f], date=when, source_url=source_url):
            results.append(IngestResult(r.graph, r.label, r.triples))
    return results


def build(store: GraphStore, regions_root: Path = BUNDLED_REGIONS) -> list[IngestResult]:
    """The bundled graph: the ontology and every region folder under ``regions_root``."""
    results = [ingest_ontology(store)]
    for folder in iter_region_folders(regions_root):
        results.append(_write(store, read_folder(folder)))
    refresh_derived(store)
    return results


def resolve_source(store: GraphStore, name: str) -> URIRef:
    """A source graph named by its IRI, its slug (``region-luoyang``) or its catalog label."""
    candidates = [name, GRAPH_BASE + name]
    for source in store.sources():
        if source.graph in candidates or source.label == name or source.location == name:
            return URIRef(source.graph)
    raise UserError(f"no source named '{name}'; 'chainkg sources' lists them")

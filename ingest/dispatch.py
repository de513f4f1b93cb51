"""Which importer reads a path, and the bundled build.

``chainkg ingest PATH`` accepts a region folder, an RDF file, a Chinese article
(.txt/.html) or a folder of articles, and, with ``--format ashare-chain``, the
A-share chain data set. The format is guessed from the path unless given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from chainkg.graph.store import GraphStore
from chainkg.ingest.datafolder import iter_region_folders, read_folder
from chainkg.ingest.errors import IngestError, Problem, UserError
from chainkg.ingest.pipeline import SourceGraph, write_source
from chainkg.ingest.rdffile import FORMATS, is_rdf_file, parse_rdf_file, read_rdf_file
from chainkg.ontology.namespaces import GRAPH_BASE, ONTOLOGY_GRAPH, ONTOLOGY_PATH

#: The region folders that ship with chainkg (``chainkg build`` ingests them all).
BUNDLED_REGIONS = Path(__file__).resolve().parent / "regions"
TEXT_SUFFIXES = {".txt", ".html", ".htm"}
INGEST_FORMATS = ("auto", "region", "rdf", "text", "ashare-chain")


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


def _write(store: GraphStore, source: SourceGraph) -> IngestResult:
    return IngestResult(str(source.graph_iri), source.label, write_source(store, source))


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
                progress: Callable[[str], None] | None = None) -> list[IngestResult]:
    """Ingest one path as one source (or, for a folder of articles, one source per article)."""
    path = Path(path)
    if not path.exists():
        raise IngestError(Problem(str(path), None, None, "no such file or folder"))
    if fmt == "auto":
        fmt = guess_format(path)
    if fmt == "region":
        return [_write(store, read_folder(path))]
    if fmt == "rdf":
        return [_write(store, read_rdf_file(path))]
    if fmt == "text":
        from chainkg.ingest.text import ingest_text_paths

        return [IngestResult(r.graph, r.label, r.triples) if not isinstance(r, IngestResult) else r
                for r in ingest_text_paths(store, [path], date=date, source_url=source_url)]
    if fmt == "ashare-chain":
        from chainkg.ingest.ashare import ingest_ashare

        return list(ingest_ashare(store, path, report_path=report, progress=progress))
    raise UserError(f"unknown format '{fmt}' (one of {', '.join(INGEST_FORMATS)})")


def build(store: GraphStore, regions_root: Path = BUNDLED_REGIONS) -> list[IngestResult]:
    """The bundled graph: the ontology and every region folder under ``regions_root``."""
    results = [ingest_ontology(store)]
    for folder in iter_region_folders(regions_root):
        results.append(_write(store, read_folder(folder)))
    return results


def resolve_source(store: GraphStore, name: str) -> URIRef:
    """A source graph named by its IRI, its slug (``region-luoyang``) or its catalog label."""
    candidates = [name, GRAPH_BASE + name]
    for source in store.sources():
        if source.graph in candidates or source.label == name or source.location == name:
            return URIRef(source.graph)
    raise UserError(f"no source named '{name}'; 'chainkg sources' lists them")

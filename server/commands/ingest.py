"""build, ingest, drop, sources, validate: putting sources into the store and taking them out."""

from __future__ import annotations

import argparse
import sys

from chainkg.graph.validate import ENGINES, validate
from chainkg.ingest.dispatch import INGEST_FORMATS, build, ingest_path, refresh_derived, resolve_source
from chainkg.ingest.errors import IngestError
from chainkg.server.commands import store_of

DEFAULT_REPORT = "data/reports/ashare-chain-quality.json"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="ingest the bundled regions (and the ontology) into the store",
                       description="Ingest the ontology and every bundled region folder, each as its own "
                       "named graph, replacing what an earlier build wrote.")
    p.add_argument("--if-empty", action="store_true", help="do nothing if the store already holds data")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("ingest", help="ingest region folders, RDF files, articles or the A-share data set",
                       description="Ingest each PATH as its own source (named graph). Re-ingesting a source "
                       "replaces it. SHACL runs first: on failure nothing is written.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", default="auto", choices=INGEST_FORMATS,
                   help="what PATH is (default: guessed from the path)")
    p.add_argument("--date", help="publication date of an article (YYYY-MM-DD), overriding what the text says")
    p.add_argument("--source-url", help="where an article was published")
    p.add_argument("--atomic", action="store_true",
                   help="write every source in one transaction, even a large new RDF file or A-share import "
                   "(which is otherwise bulk-loaded: safe against a crash, but another process reading the store "
                   "meanwhile may see it partly loaded)")
    p.add_argument("--report", default=DEFAULT_REPORT,
                   help=f"data-quality report of the A-share data set, JSON (default: {DEFAULT_REPORT})")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("drop", help="remove one source from the store",
                       description="Remove the named graph of a source, by IRI, slug or label (see 'sources').")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.set_defaults(func=cmd_drop)

    p = sub.add_parser("sources", help="list the ingested sources")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("validate", help="check a source against the SHACL shapes without writing it")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--engine", default="direct", choices=ENGINES,
                   help="direct (one pass over the triples, used by ingest), sparql (one SPARQL query per "
                   "constraint) or pyshacl (the reference implementation)")
    p.set_defaults(func=cmd_validate)


def _say(results: list, store: object = None) -> None:
    for r in results:
        print(f"{r.label}: {r.triples} triples in <{r.graph}>")
        if store is not None:
            _say_links(store, r.graph)


def _say_links(store: object, graph: str, limit: int = 25) -> None:
    """What the source's entities were linked to, and what could not be linked (ckg:EntityLink)."""
    from chainkg.ingest.linking import links_of

    rows = links_of(store, graph)
    if not rows:
        return
    linked = [r for r in rows if r.get("to")]
    other = [r for r in rows if not r.get("to")]
    print(f"  linked to entities of other sources: {len(linked)}; not linked: {len(other)}")
    for r in (linked + other)[:limit]:
        method = r.get("method", "").rsplit("#", 1)[-1]
        if r.get("to"):
            print(f"    {r['name']} → <{r['to']}> ({method})")
        else:
            print(f"    not linked {r['name']}: {r['note']}")
    if len(rows) > limit:
        print(f"    … {len(rows) - limit} more: SELECT * WHERE {{ GRAPH <{graph}> {{ ?l a ckg:EntityLink ; ?p ?o }} }}")


def cmd_build(args: argparse.Namespace) -> int:
    store = store_of(args, write=True)
    if args.if_empty and not store.is_empty():
        print(f"the store at {store.location} already holds data; nothing to do")
        return 0
    _say(build(store))
    store.flush()
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    store = store_of(args, write=True)
    failed = 0
    for path in args.paths:
        try:
            _say(ingest_path(store, path, args.format, date=args.date, source_url=args.source_url,
                             report=args.report, progress=lambda m: print(m, file=sys.stderr),
                             bulk=not args.atomic), store)
        except IngestError as exc:
            print(f"chainkg ingest: nothing written for {path}:\n{exc}", file=sys.stderr)
            failed += 1
    store.flush()
    return 2 if failed else 0


def cmd_drop(args: argparse.Namespace) -> int:
    store = store_of(args, write=True)
    for name in args.sources:
        graph = resolve_source(store, name)
        store.drop_graph(graph)
        print(f"dropped <{graph}>")
    for line in refresh_derived(store):
        print(line, file=sys.stderr)
    store.flush()
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from chainkg.graph.query import render_table

    rows = [[s.graph.rsplit("/", 1)[-1], s.kind, s.label, str(s.triples), s.generated_at]
            for s in store_of(args).sources()]
    print(render_table(["source", "kind", "label", "triples", "ingested at"], rows))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from chainkg.ingest.datafolder import read_folder
    from chainkg.ingest.rdffile import read_rdf_file

    bad = 0
    for path in args.paths:
        try:
            source = read_folder(path) if Path(path).is_dir() else read_rdf_file(path)
            violations = validate(source.content(), engine=args.engine)
            if violations:
                raise IngestError([source.locate(v) for v in violations])
            print(f"{path}: conforms ({len(source)} triples)")
        except IngestError as exc:
            print(f"{path}: does not conform\n{exc}", file=sys.stderr)
            bad += 1
    return 2 if bad else 0

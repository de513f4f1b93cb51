"""Running SPARQL on the store, and showing results to people.

The default graph of every query is the union of all named graphs (as
Fuseki's ``unionDefaultGraph``): a question about companies should not have to
know which source said what. ``GRAPH ?g`` still reaches each source.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from chainkg.graph.errors import UserError
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import PREFIXES

#: Prefix declarations prepended to queries typed by people (CLI, examples).
PREFIX_HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


def run_query(store: GraphStore, sparql: str, *, with_prefixes: bool = True):  # noqa: ANN201
    """Evaluate ``sparql`` with the project's prefixes predeclared; syntax errors become UserError."""
    try:
        return store.ox.query(
            sparql,
            prefixes=PREFIXES if with_prefixes else None,
            use_default_graph_as_union=True,
        )
    except SyntaxError as exc:
        raise UserError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise UserError(f"query failed: {exc}") from None


def shorten(iri: str) -> str:
    """``https://w3id.org/chainkg/def#Company`` -> ``ckg:Company``, for tables read by people."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is None:
        return iri
    local = iri[len(PREFIXES[best]):]
    return f"{best}:{local}" if local and all(c.isalnum() or c in "-_." for c in local) else iri


def term_text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def format_results(result: object, fmt: str = "table") -> str:
    """Text for a query result: a table for people, or json/csv/tsv/xml, or an RDF format."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return "true" if bool(result) else "false"
        return result.serialize(format=RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON)).decode()
    if isinstance(result, ox.QueryTriples):
        rdf_fmt = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
        prefixes = PREFIXES if rdf_fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        return ox.serialize(result, format=rdf_fmt, prefixes=prefixes).decode()
    assert isinstance(result, ox.QuerySolutions)
    if fmt in RESULT_FORMATS:
        return result.serialize(format=RESULT_FORMATS[fmt]).decode()
    names = [v.value for v in result.variables]
    rows = [[term_text(sol[name]) for name in names] for sol in result]
    return render_table(names, rows)


def render_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table; Chinese characters count as two columns wide."""

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    body = [line(header), sep, *[line(r) for r in rows]]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)


def select_dicts(store: GraphStore, sparql: str) -> list[dict[str, str]]:
    """SELECT rows as plain dicts of strings (small results: pages, reports, tests)."""
    result = run_query(store, sparql)
    names = [v.value for v in result.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]


def dumps_json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)

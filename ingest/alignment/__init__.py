"""Industry chains, segments and clusters of a city aligned with the Shenwan 2021 industries.

Why: a city speaks of 铝基新材料产业链 and its 高性能材料 segment; the national data
speaks of 铝 (240301) and 其他金属新材料 (240201). Without a tie between the two, the
national companies never appear on the city's chain map and a gap analysis of the
chain has nowhere to start (issue 9). The tie is a SKOS mapping property
(``skos:exactMatch``, ``closeMatch``, ``broadMatch``, ``narrowMatch``, ``relatedMatch``)
from the chain to each industry, and a ``ckg:Mapping`` beside it saying how the match
was made (``ckg:matchMethod``: the mapping table or the name matcher, and
``ckg:matchNote``: which row, or which words matched).

Where the ties come from, in this order:

1. ``shenwan_chains.csv`` beside this file: the chain names Chinese cities use
   (铝基新材料, 新能源电池, 新能源汽车, 光电, 集成电路, 生物医药, 装备制造, 绿色石化 …),
   readable and editable in a spreadsheet;
2. for a name the table does not know, a matcher on the Shenwan names: the same
   name (exactMatch), else the longest Shenwan names inside it (电解铝 → 铝,
   closeMatch), else Shenwan names that contain it (relatedMatch). More than
   ``MAX_CANDIDATES`` industries is ambiguous: reported with the candidates, never
   guessed.

Why a derived graph of its own (``graph/alignment-sw2021``) rather than triples in each
source: the chains come from region folders and articles, the industries from the
A-share import, in any order; the alignment is recomputed from what the store holds
after every ingest and drop (``refresh``), so it is right whatever the order, and
dropping the A-share data drops the alignment with it. It takes two queries to compute: a few
hundred triples for a city, 65,000 for the generated national graph of 10,000 companies.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, URIRef

from chainkg.graph.store import GraphStore
from chainkg.ingest.divisions import strip_place
from chainkg.ingest.errors import IngestError, Problem
from chainkg.ontology.namespaces import CKG, digest_key, entity_iri, graph_iri

TABLE = Path(__file__).resolve().parent / "shenwan_chains.csv"
ALIGNMENT_GRAPH = graph_iri("alignment-sw2021")
MAX_CANDIDATES = 3

MATCHES = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}
#: The matches a gap analysis starts from (a related industry is shown, not analysed).
CORE_MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch)
_SUFFIXES = ("产业链", "产业集群", "产业", "集群", "链", "行业", "领域")
_PREFIXES = ("千亿级", "百亿级", "五百亿级", "万亿级")
_MARK = re.compile(r"[ⅠⅡⅢ]$")


def normalize(name: str) -> str:
    """A chain or segment name as the table and the matcher compare it: NFKC, no quotes,
    no 产业链/产业集群/产业/集群 suffix, no 千亿级 prefix."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"[\s“”\"'‘’《》「」()（）]", "", text)
    for p in _PREFIXES:
        text = text.removeprefix(p)
    changed = True
    while changed:
        changed = False
        for s in _SUFFIXES:
            if text.endswith(s) and len(text) > len(s):
                text = text[: -len(s)]
                changed = True
    return text


@dataclass
class Row:
    line: int
    names: list[str]
    scope: str
    match: URIRef
    codes: list[str]
    note: str


def read_table(path: Path = TABLE) -> list[Row]:
    """The mapping table; a malformed row is an ``IngestError`` naming its line and field."""
    rows: list[Row] = []
    problems: list[Problem] = []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    content = [(i + 1, line) for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    records = list(csv.reader([line for _, line in content]))
    header = records[0]
    for (line, _), rec in zip(content[1:], records[1:], strict=True):
        cells = dict(zip(header, rec, strict=False))
        if cells.get("scope") not in ("chain", "segment", "any"):
            problems.append(Problem(str(path), line, "scope", "is chain, segment or any"))
            continue
        if cells.get("match") not in MATCHES:
            problems.append(Problem(str(path), line, "match", f"is one of {', '.join(MATCHES)}"))
            continue
        codes = [c.strip().split()[0] for c in cells.get("industries", "").split("|") if c.strip()]
        if not codes or not all(re.fullmatch(r"\d{6}", c) for c in codes):
            problems.append(Problem(str(path), line, "industries", "Shenwan codes (six digits) separated by |"))
            continue
        names = [normalize(n) for n in cells["names"].split("|") if n.strip()]
        rows.append(Row(line, names, cells["scope"], MATCHES[cells["match"]], codes, cells.get("note", "")))
    if problems:
        raise IngestError(problems)
    return rows


@dataclass
class Aligned:
    """One chain, segment or cluster and what it was aligned to (or why not)."""

    iri: str
    label: str
    kind: str
    #: (match property, industry IRI, industry label, method, note)
    matches: list[tuple[URIRef, str, str, URIRef, str]] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "aligned" if self.matches else "ambiguous" if self.candidates else "unmatched"


@dataclass
class AlignmentReport:
    items: list[Aligned]
    triples: int = 0

    def lines(self) -> list[str]:
        out = []
        for a in self.items:
            if a.status == "aligned":
                shown = "; ".join(f"{label} ({_local(p)})" for p, _, label, _, _ in a.matches[:6])
                more = f" … +{len(a.matches) - 6}" if len(a.matches) > 6 else ""
                how = "table" if any(m[3] == CKG.MappingTable for m in a.matches) else "name match"
                out.append(f"  aligned {a.label} → {shown}{more} [{how}]")
            elif a.status == "ambiguous":
                out.append(f"  not aligned {a.label}: ambiguous, candidates {', '.join(a.candidates)}")
            else:
                out.append(f"  not aligned {a.label}: no Shenwan industry matches its name "
                           f"(add a row to {TABLE.name})")
        return out


def _local(iri: str) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _industries(store: GraphStore) -> dict[str, tuple[str, str]]:
    """Shenwan code -> (IRI, label) for every industry in the store."""
    rows = store.rows(f"""SELECT ?i ?code ?label WHERE {{ ?i a <{CKG.Industry}> ; <{SKOS.notation}> ?code ;
                             <{SKOS.prefLabel}> ?label }}""")
    return {r["code"]: (r["i"], r["label"]) for r in rows}


def _subjects(store: GraphStore) -> list[tuple[str, str, str]]:
    """(IRI, zh label, kind) of every chain, segment and cluster."""
    rows = store.rows(f"""SELECT ?x ?t (SAMPLE(?l) AS ?label) WHERE {{
        VALUES ?t {{ <{CKG.IndustryChain}> <{CKG.ChainSegment}> <{CKG.IndustryCluster}> }}
        ?x a ?t ; <{RDFS.label}> ?l FILTER(lang(?l) = "zh") }} GROUP BY ?x ?t ORDER BY ?x""")
    kinds = {str(CKG.IndustryChain): "chain", str(CKG.ChainSegment): "segment",
             str(CKG.IndustryCluster): "cluster"}
    return [(r["x"], r["label"], kinds[r["t"]]) for r in rows if "label" in r]


def match_name(name: str, kind: str, table: list[Row], industries: dict[str, tuple[str, str]],
               names: dict[str, str] | None = None) -> tuple[list[tuple[URIRef, str, str, URIRef, str]], list[str]]:
    """The matches of one name: from the table, else from the matcher; and the candidates
    when the matcher finds too many to choose from. ``names``: ``industry_names(industries)``,
    when the caller matches many names against the same industries."""
    key = normalize(strip_place(name))  # 安康市生物医药产业链 is matched as 生物医药
    scope = "segment" if kind == "segment" else "chain"
    out: list[tuple[URIRef, str, str, URIRef, str]] = []
    for row in table:
        if row.scope in (scope, "any") and key in row.names:
            for code in row.codes:
                if code in industries:
                    iri, label = industries[code]
                    out.append((row.match, iri, label, CKG.MappingTable,
                                f"{TABLE.name} line {row.line}: {key} → {code} {label}"
                                + (f" ({row.note})" if row.note else "")))
    if out:
        return out, []
    names = industry_names(industries) if names is None else names
    same = [c for c, n in names.items() if n == key]
    if same:
        return [(SKOS.exactMatch, industries[c][0], industries[c][1], CKG.NameMatch,
                 f"the same name as the Shenwan industry {c} {industries[c][1]}") for c in same[:1]], []
    inside = [c for c, n in names.items() if len(n) >= 2 and n in key]
    if inside:
        longest = max(len(names[c]) for c in inside)
        inside = sorted(c for c in inside if len(names[c]) == longest)
        if len(inside) <= MAX_CANDIDATES:
            return [(SKOS.closeMatch, industries[c][0], industries[c][1], CKG.NameMatch,
                     f"'{names[c]}' ({c}) is part of the name '{name}'") for c in inside], []
        return [], [f"{industries[c][1]} ({c})" for c in inside]
    around = sorted(c for c, n in names.items() if len(key) >= 2 and key in n)
    if around and len(around) <= MAX_CANDIDATES:
        return [(SKOS.relatedMatch, industries[c][0], industries[c][1], CKG.NameMatch,
                 f"the Shenwan name {industries[c][1]} ({c}) contains '{key}'") for c in around], []
    return [], [f"{industries[c][1]} ({c})" for c in around]


def industry_names(industries: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Shenwan code -> the name the matcher compares (without the Ⅱ/Ⅲ level mark)."""
    return {code: _MARK.sub("", label) for code, (_, label) in industries.items()}


def align(store: GraphStore, table: list[Row] | None = None) -> tuple[list[ox.Triple], AlignmentReport]:
    """The alignment graph of what the store holds now (pyoxigraph triples), and the report of it.

    A national graph has thousands of chains and segments under a few hundred names (every city
    has its 动力电池): each name is matched once, and the triples are built as pyoxigraph terms
    (through rdflib's Graph they took 3 s of 9 for 5,323 chains, segments and clusters)."""
    table = read_table() if table is None else table
    industries = _industries(store)
    triples: set[ox.Triple] = set()
    items = []
    if not industries:
        return [], AlignmentReport([])
    names = industry_names(industries)
    memo: dict[tuple[str, str], tuple[list[tuple[URIRef, str, str, URIRef, str]], list[str]]] = {}
    node = ox.NamedNode
    rdf_type, rdf_s, rdf_p, rdf_o = (node(str(t)) for t in (RDF.type, RDF.subject, RDF.predicate, RDF.object))
    mapping, method_p, note_p = node(str(CKG.Mapping)), node(str(CKG.matchMethod)), node(str(CKG.matchNote))
    for iri, label, kind in _subjects(store):
        found = memo.get((label, kind))
        if found is None:
            found = memo[(label, kind)] = match_name(label, kind, table, industries, names)
        matches, candidates = found
        items.append(Aligned(iri, label, kind, matches, candidates))
        s = node(iri)
        for prop, ind, _, method, note in matches:
            p, o = node(str(prop)), node(ind)
            m = node(str(entity_iri("Mapping", digest_key(iri, str(prop), ind))))
            triples.update((ox.Triple(s, p, o), ox.Triple(m, rdf_type, mapping), ox.Triple(m, rdf_s, s),
                            ox.Triple(m, rdf_p, p), ox.Triple(m, rdf_o, o),
                            ox.Triple(m, method_p, node(str(method))),
                            ox.Triple(m, note_p, ox.Literal(note, language="zh"))))
    return list(triples), AlignmentReport(items, len(triples))


def refresh(store: GraphStore, *, bulk: bool = False) -> AlignmentReport:
    """Recompute the alignment graph from the store and write it (or drop it when empty). ``bulk``: see
    ``GraphStore.replace_graph`` (a national graph's first alignment is 65,000 triples: 6 s as a
    transaction, under one as a bulk load)."""
    g, report = align(store)
    if g:
        report.triples = store.replace_graph(ALIGNMENT_GRAPH, g, label="申万行业对应 (chains ↔ Shenwan 2021)",
                                             kind="alignment", location=f"ingest/alignment/{TABLE.name}",
                                             bulk=bulk)
    elif store.has_graph(ALIGNMENT_GRAPH):
        store.drop_graph(ALIGNMENT_GRAPH)
    return report


def aligned_industries(store: GraphStore, subject: str, *, core: bool = True) -> list[str]:
    """The industries a chain, segment or cluster is aligned to (core: exact, close, narrow)."""
    props = CORE_MATCHES if core else tuple(MATCHES.values())
    values = " ".join(f"<{p}>" for p in props)
    rows = store.rows(f"SELECT DISTINCT ?i WHERE {{ VALUES ?p {{ {values} }} <{subject}> ?p ?i }} ORDER BY ?i")
    return [r["i"] for r in rows]


__all__ = ["ALIGNMENT_GRAPH", "AlignmentReport", "TABLE", "align", "aligned_industries", "industry_names",
           "match_name",
           "normalize", "read_table", "refresh"]


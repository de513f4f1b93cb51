"""Statistics that agree, and those that do not: conflicts between sources, as a derived graph.

Why: the same figure stated by two sources is one observation (``observations.observation_iri``
gives it one IRI; ``linking.adopt_curated`` gives it one description), but two sources
can also disagree: another value for the same metric, subject and period, or another period
for the same figure. Both are kept (each source's graph is left as it is), and the
disagreement is stated where people and queries find it: a ``ckg:Conflict`` with the
observations (``ckg:observation``), what kind (``ckg:conflictKind``: ``value`` or
``period``), the sources (``prov:wasDerivedFrom``) and a sentence saying it, plus
``ckg:conflictsWith`` between two observations. Entity pages and the chain's side panel
show them (``chainkg.graph.describe.observations``).

Why a derived graph (``graph/consistency``) recomputed after every ingest and drop: a
conflict is between sources, so it belongs to neither; dropping one of them must take the
conflict away. It reads every observation once (a few hundred rows for a city).

    SELECT ?a ?b ?kind WHERE { ?c a ckg:Conflict ; ckg:conflictKind ?kind ; ckg:observation ?a, ?b
                               FILTER(STR(?a) < STR(?b)) }
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, QB, SDMX_ATTR, SDMX_MEASURE, digest_key, entity_iri, graph_iri

PROV = Namespace("http://www.w3.org/ns/prov#")
CONSISTENCY_GRAPH = graph_iri("consistency")


@dataclass
class Stated:
    """One observation as one source states it."""

    obs: str
    graph: str
    subject: str
    metric: str
    value: Decimal | None
    unit: str
    start: str = ""
    end: str = ""
    label: str = ""

    @property
    def period(self) -> tuple[str, str] | tuple[str]:
        return (self.start, self.end) if self.start or self.end else (self.label,)

    def period_text(self) -> str:
        if self.start or self.end:
            text = self.start if self.start == self.end else f"{self.start}–{self.end}"
            return f"{self.label} ({text})" if self.label else text
        return self.label or "（无期间 no period）"


@dataclass
class Conflict:
    kind: str
    observations: list[str]
    graphs: list[str]
    note: str
    subject: str = ""
    metric: str = ""
    iri: URIRef = field(init=False)

    def __post_init__(self) -> None:
        self.iri = entity_iri("Conflict", digest_key(self.kind, *sorted(self.observations), *sorted(self.graphs)))


def _stated(store: GraphStore) -> list[Stated]:
    rows = store.rows(f"""SELECT ?o ?g ?s ?m ?v ?k ?u ?ps ?pe ?pl WHERE {{
        GRAPH ?g {{ ?o a <{QB.Observation}> ; <{CKG.subject}> ?s ; <{CKG.metric}> ?m ;
                     <{SDMX_MEASURE.obsValue}> ?v .
          OPTIONAL {{ ?o <{SDMX_ATTR.unitMult}> ?k }} OPTIONAL {{ ?o <{SDMX_ATTR.unitMeasure}> ?u }}
          OPTIONAL {{ ?o <{CKG.periodStart}> ?ps }} OPTIONAL {{ ?o <{CKG.periodEnd}> ?pe }}
          OPTIONAL {{ ?o <{CKG.periodLabel}> ?pl }} }} }}""")
    out = []
    for r in rows:
        try:
            value = Decimal(r["v"]) * (Decimal(10) ** int(r.get("k") or 0))
        except (InvalidOperation, ValueError):
            value = None
        out.append(Stated(r["o"], r["g"], r["s"], r["m"], value.normalize() if value is not None else None,
                          r.get("u", ""), r.get("ps", ""), r.get("pe", ""), r.get("pl", "")))
    return out


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _graphs_with_observations(store: GraphStore) -> int:
    """How many graphs state observations: one index scan of their types, no join."""
    rows = store.rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?o a <{QB.Observation}> }} }}")
    return sum(1 for r in rows if r["g"] != str(CONSISTENCY_GRAPH))


def find_conflicts(store: GraphStore) -> list[Conflict]:
    """Disagreements between sources (module docstring), each once.

    Every conflict is between two graphs: with observations in fewer than two, the query of every
    observation's subject, metric, value and period (3.8 s of a national file's 9 s of derived
    graphs) is not run."""
    if _graphs_with_observations(store) < 2:
        return []
    stated = _stated(store)
    found: dict[URIRef, Conflict] = {}

    def add(c: Conflict) -> None:
        found.setdefault(c.iri, c)

    # the same figure (one IRI), another period
    by_obs: dict[str, list[Stated]] = defaultdict(list)
    for s in stated:
        by_obs[s.obs].append(s)
    for obs, copies in by_obs.items():
        periods = {s.period for s in copies}
        graphs = {s.graph for s in copies}
        if len(periods) > 1 and len(graphs) > 1:
            text = "; ".join(f"<{s.graph}>: {s.period_text()}" for s in sorted(copies, key=lambda x: x.graph))
            add(Conflict("period", [obs], sorted(graphs), f"the same figure with another period: {text}",
                         copies[0].subject, copies[0].metric))
    # the same metric of the same subject from two sources: same period, another value; same value, another period
    by_metric: dict[tuple[str, str], list[Stated]] = defaultdict(list)
    for s in stated:
        by_metric[(s.subject, s.metric)].append(s)
    for (subject, metric), copies in by_metric.items():
        for i, a in enumerate(copies):
            for b in copies[i + 1:]:
                if a.obs == b.obs or a.graph == b.graph:
                    continue
                if a.period == b.period and a.value != b.value:
                    kind = "value"
                    what = (f"{a.period_text()}: {a.value} ({_local(a.unit)}) in <{a.graph}>, "
                            f"{b.value} ({_local(b.unit)}) in <{b.graph}>")
                elif a.value == b.value and a.unit == b.unit and a.period != b.period:
                    kind = "period"
                    what = f"{a.value}: {a.period_text()} in <{a.graph}>, {b.period_text()} in <{b.graph}>"
                else:
                    continue
                add(Conflict(kind, sorted({a.obs, b.obs}), sorted({a.graph, b.graph}),
                             f"two sources disagree on the {kind}: {what}", subject, metric))
    return sorted(found.values(), key=lambda c: (c.subject, c.metric, c.kind, c.observations))


def conflict_graph(conflicts: list[Conflict]) -> Graph:
    g = Graph()
    for c in conflicts:
        g.add((c.iri, RDF.type, CKG.Conflict))
        g.add((c.iri, CKG.conflictKind, Literal(c.kind)))
        g.add((c.iri, RDFS.comment, Literal(c.note)))
        for o in c.observations:
            g.add((c.iri, CKG.observation, URIRef(o)))
        for src in c.graphs:
            g.add((c.iri, PROV.wasDerivedFrom, URIRef(src)))
        if len(c.observations) == 2:
            a, b = (URIRef(o) for o in c.observations)
            g.add((a, CKG.conflictsWith, b))
            g.add((b, CKG.conflictsWith, a))
    return g


def refresh(store: GraphStore) -> list[Conflict]:
    """Recompute the conflict graph from the store and write it (or drop it when there is none)."""
    conflicts = find_conflicts(store)
    if conflicts:
        store.replace_graph(CONSISTENCY_GRAPH, conflict_graph(conflicts), label="数据冲突 (conflicts between sources)",
                            kind="consistency", location="chainkg.ingest.consistency")
    elif store.has_graph(CONSISTENCY_GRAPH):
        store.drop_graph(CONSISTENCY_GRAPH)
    return conflicts


__all__ = ["CONSISTENCY_GRAPH", "Conflict", "find_conflicts", "refresh"]

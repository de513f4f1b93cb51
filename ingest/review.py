"""The review queue: people correct what the article extractor found, and their decisions last.

Why decisions are data of their own: an article is re-ingested whenever the extractor
improves or the file is edited, and its graph is then rebuilt from the text. A person's
"this company is wrong" must survive that, so each decision is kept in its own named
graph (``DECISIONS_GRAPH``, one ``ckg:ReviewDecision`` per source and fact) and applied
to the article's triples every time they are written: when the decision is made (the
stored source is rewritten in one transaction) and on every later ingest of that source
(``ingest_text_paths`` applies them before validation). A fact is named by the same IRI
on every extraction (entities by name, observations and statements by digest), which is
what lets a decision find its fact again.

What each decision does to the source's triples:

- **accept**: the fact's ``ckg:curation`` becomes ``"curated"``;
- **reject**: the fact goes: an entity with the triples about it and every relation and
  statistic that needs it; a statistic with its observation; a relation with its
  statement and its plain triple;
- **edit**: a statistic's value (``sdmx-measure:obsValue``), or an entity's Chinese name
  (the old one stays as an alias); the fact is then curated;
- **merge**: an extracted entity is the existing entity ``target``: every triple of the
  source names ``target`` instead, and the extracted name becomes an alias of it (the
  target's type and name stay with the source that describes it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from chainkg.graph.errors import UserError
from chainkg.graph.formats import NTRIPLES
from chainkg.graph.store import GraphStore, as_ox_triples
from chainkg.ontology.namespaces import CKG, ONTOLOGY_GRAPH, PREFIXES, digest_key, entity_iri, graph_iri

DECISIONS_GRAPH = str(graph_iri("review-decisions"))
ACTIONS = ("accept", "reject", "edit", "merge")

_C = str(CKG)
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDF_SUBJECT = ox.NamedNode(PREFIXES["rdf"] + "subject")
RDF_PREDICATE = ox.NamedNode(PREFIXES["rdf"] + "predicate")
RDF_OBJECT = ox.NamedNode(PREFIXES["rdf"] + "object")
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
ALT = ox.NamedNode(PREFIXES["skos"] + "altLabel")
CURATION = ox.NamedNode(_C + "curation")
SUBJECT = ox.NamedNode(_C + "subject")
OBS_VALUE = ox.NamedNode(PREFIXES["sdmx-measure"] + "obsValue")
DECIMAL = ox.NamedNode(PREFIXES["xsd"] + "decimal")
CURATED = ox.Literal("curated")
EXTRACTED = ox.Literal("extracted")


@dataclass
class Decision:
    """One person's decision about one fact of one source."""

    source: str
    fact: str
    action: str
    value: str | None = None     # edit: the new value (a number) or name; merge: the target's name
    target: str | None = None    # merge: the existing entity
    at: str = ""

    @property
    def iri(self) -> str:
        return str(entity_iri("ReviewDecision", digest_key(self.source, self.fact)))

    def triples(self) -> list[ox.Triple]:
        d = ox.NamedNode(self.iri)
        out = [
            ox.Triple(d, RDF_TYPE, ox.NamedNode(_C + "ReviewDecision")),
            ox.Triple(d, ox.NamedNode(_C + "reviewOf"), ox.NamedNode(self.fact)),
            ox.Triple(d, ox.NamedNode(_C + "reviewSource"), ox.NamedNode(self.source)),
            ox.Triple(d, ox.NamedNode(_C + "reviewAction"), ox.Literal(self.action)),
            ox.Triple(d, ox.NamedNode(PREFIXES["prov"] + "generatedAtTime"),
                      ox.Literal(self.at, datatype=ox.NamedNode(PREFIXES["xsd"] + "dateTime"))),
        ]
        if self.value is not None:
            out.append(ox.Triple(d, ox.NamedNode(_C + "reviewValue"), ox.Literal(self.value)))
        if self.target is not None:
            out.append(ox.Triple(d, ox.NamedNode(_C + "mergedInto"), ox.NamedNode(self.target)))
        return out


@dataclass
class Fact:
    """An extracted fact as the queue shows it."""

    iri: str
    kind: str                  # entity | statistic | relation
    text: str                  # what was found, in words
    confidence: float
    sentence: str = ""
    mention: str = ""          # the part of the sentence to highlight
    entity_class: str = ""
    decision: str = ""
    candidates: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# -- reading --------------------------------------------------------------------------------


def decisions_for(store: GraphStore, source: str) -> list[Decision]:
    """The decisions recorded for ``source``, oldest first."""
    rows = store.rows(f"""SELECT ?fact ?action ?value ?target ?at WHERE {{ GRAPH <{DECISIONS_GRAPH}> {{
        ?d a ckg:ReviewDecision ; ckg:reviewSource <{source}> ; ckg:reviewOf ?fact ; ckg:reviewAction ?action ;
           prov:generatedAtTime ?at .
        OPTIONAL {{ ?d ckg:reviewValue ?value }} OPTIONAL {{ ?d ckg:mergedInto ?target }} }} }} ORDER BY ?at ?fact""")
    return [Decision(source, r["fact"], r["action"], r.get("value"), r.get("target"), r["at"]) for r in rows]


def queue(store: GraphStore, source: str, *, with_candidates: bool = True) -> list[Fact]:
    """The extracted facts of ``source``, least confident first, with their sentences and decisions."""
    decided = {d.fact: d.action for d in decisions_for(store, source)}
    g = f"GRAPH <{source}>"
    facts: dict[str, Fact] = {}
    for r in store.rows(f"""SELECT ?x ?label ?class ?conf ?text WHERE {{ {g} {{
            ?x ckg:curation ?cur ; rdfs:label ?label ; a ?class .
            FILTER(?cur IN ("extracted", "curated") && lang(?label) = "zh")
            FILTER NOT EXISTS {{ ?x a qb:Observation }} FILTER NOT EXISTS {{ ?x a ckg:Statement }}
            OPTIONAL {{ ?x ckg:confidence ?conf }}
            OPTIONAL {{ ?x ckg:sentence ?s . ?s nif:anchorOf ?text }} }} }}"""):
        if r["x"] in facts or (r["x"] not in decided and "conf" not in r):
            continue
        facts[r["x"]] = Fact(r["x"], "entity", r["label"], float(r.get("conf", 1)), r.get("text", ""),
                             r["label"], r["class"].rsplit("#", 1)[-1], decided.get(r["x"], ""))
    for r in store.rows(f"""SELECT ?x ?metric ?value ?unit ?period ?subject ?conf ?text WHERE {{ {g} {{
            ?x a qb:Observation ; ckg:curation ?cur ; ckg:subject ?s0 ; sdmx-measure:obsValue ?value ;
               ckg:metric/rdfs:label ?metric . FILTER(lang(?metric) = "zh")
            OPTIONAL {{ ?x ckg:unitLabel ?unit }} OPTIONAL {{ ?x ckg:periodLabel ?period }}
            OPTIONAL {{ ?s0 rdfs:label ?subject FILTER(lang(?subject) = "zh") }}
            OPTIONAL {{ ?x ckg:confidence ?conf }}
            OPTIONAL {{ ?x ckg:sentence ?s . ?s nif:anchorOf ?text }} }} }}"""):
        if r["x"] in facts or (r["x"] not in decided and "conf" not in r):
            continue
        words = f"{r.get('subject', '')} · {r['metric']} {r['value']} {r.get('unit', '')}".strip()
        if r.get("period"):
            words += f"（{r['period']}）"
        facts[r["x"]] = Fact(r["x"], "statistic", words, float(r.get("conf", 1)), r.get("text", ""),
                             r["value"], decision=decided.get(r["x"], ""))
    for r in store.rows(f"""SELECT ?x ?sl ?p ?pl ?ol ?conf ?text WHERE {{ {g} {{
            ?x a ckg:Statement ; ckg:curation ?cur ; rdf:subject ?s0 ; rdf:predicate ?p ; rdf:object ?o0 .
            OPTIONAL {{ ?s0 rdfs:label ?sl FILTER(lang(?sl) = "zh") }}
            OPTIONAL {{ ?o0 rdfs:label ?ol FILTER(lang(?ol) = "zh") }}
            OPTIONAL {{ ?x ckg:confidence ?conf }}
            OPTIONAL {{ ?x ckg:sentence ?s . ?s nif:anchorOf ?text }} }}
            OPTIONAL {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?p rdfs:label ?pl FILTER(lang(?pl) = "zh") }} }}
        }}"""):
        if r["x"] in facts or (r["x"] not in decided and "conf" not in r):
            continue
        words = f"{r.get('sl', '?')} —{r.get('pl') or r['p'].rsplit('#', 1)[-1]}→ {r.get('ol', '?')}"
        facts[r["x"]] = Fact(r["x"], "relation", words, float(r.get("conf", 1)), r.get("text", ""),
                             r.get("ol", ""), decision=decided.get(r["x"], ""))
    for iri, action in decided.items():  # rejected or merged facts are gone from the source: still listed
        if iri not in facts:
            facts[iri] = Fact(iri, "entity" if "/id/statement/" not in iri and "/id/observation/" not in iri
                              else "relation" if "/id/statement/" in iri else "statistic",
                              iri.rsplit("/", 1)[-1], 0.0, decision=action)
    out = sorted(facts.values(), key=lambda f: (bool(f.decision), f.confidence, f.kind, f.text))
    if with_candidates:
        from chainkg.graph.search import search_index

        index = search_index(store)
        for f in out:
            if f.kind == "entity" and not f.decision:
                found: dict[str, dict] = {}
                for text in dict.fromkeys([f.text, _stem(f.text)]):
                    for h in index.search(text, limit=6, classes={f.entity_class} if f.entity_class else None):
                        if h["iri"] != f.iri:
                            found.setdefault(h["iri"], {"iri": h["iri"], "label": h["label"], "class": h["class"]})
                f.candidates = list(found.values())[:5]
    return out


_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "股份", "公司", "产业链", "产业集群",
             "集群", "项目")


def _stem(name: str) -> str:
    """A name without its legal or generic suffix (洛阳钼业集团 -> 洛阳钼业), to find the entity it may be."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# -- applying ----------------------------------------------------------------------------------


def apply_decisions(triples: Iterable[ox.Triple], decisions: Iterable[Decision]) -> list[ox.Triple]:
    """The source's triples with the decisions applied, in order (see the module docstring)."""
    out = list(as_ox_triples(triples))
    for d in decisions:
        out = _apply(out, d)
    return out


def _apply(triples: list[ox.Triple], d: Decision) -> list[ox.Triple]:
    fact = ox.NamedNode(d.fact)
    if d.action == "accept":
        return _curate(triples, fact)
    if d.action == "reject":
        return _reject(triples, fact)
    if d.action == "edit":
        out = []
        for t in triples:
            if t.subject == fact and t.predicate == OBS_VALUE:
                out.append(ox.Triple(fact, OBS_VALUE, ox.Literal(d.value or "", datatype=DECIMAL)))
            elif t.subject == fact and t.predicate == LABEL and getattr(t.object, "language", None) == "zh":
                out.append(ox.Triple(fact, LABEL, ox.Literal(d.value or "", language="zh")))
                out.append(ox.Triple(fact, ALT, t.object))
            else:
                out.append(t)
        return _curate(out, fact)
    if d.action == "merge" and d.target:
        target = ox.NamedNode(d.target)
        out = []
        for t in triples:
            if t.subject == fact and t.predicate in (RDF_TYPE, ox.NamedNode(_C + "curation"),
                                                     ox.NamedNode(_C + "confidence"),
                                                     ox.NamedNode(_C + "extractionMethod")):
                continue  # the target is typed and described by its own source
            if t.subject == fact and t.predicate == LABEL:
                out.append(ox.Triple(target, ALT, t.object))
                continue
            s = target if t.subject == fact else t.subject
            o = target if t.object == fact else t.object
            out.append(ox.Triple(s, t.predicate, o))  # type: ignore[arg-type]
        if d.value:  # the target's name, so that the source refers to it the way articles refer to known entities
            out.append(ox.Triple(target, LABEL, ox.Literal(d.value, language="zh")))
        return list(dict.fromkeys(out))
    return triples


def _curate(triples: list[ox.Triple], fact: ox.NamedNode) -> list[ox.Triple]:
    return [ox.Triple(fact, CURATION, CURATED) if t.subject == fact and t.predicate == CURATION else t
            for t in triples]


def _reject(triples: list[ox.Triple], fact: ox.NamedNode) -> list[ox.Triple]:
    """Without ``fact``: its own triples, and the statements, plain relations and observations that need it."""
    gone = {fact}
    plain: set[tuple] = set()
    by_subject: dict[ox.NamedNode, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)  # type: ignore[arg-type]
    for s, ts in by_subject.items():
        preds = {t.predicate: t.object for t in ts}
        if preds.get(RDF_TYPE) is not None and any(t.predicate == RDF_TYPE and
                                                   t.object == ox.NamedNode(_C + "Statement") for t in ts):
            if s == fact or fact in (preds.get(RDF_SUBJECT), preds.get(RDF_OBJECT)):
                gone.add(s)
                plain.add((preds.get(RDF_SUBJECT), preds.get(RDF_PREDICATE), preds.get(RDF_OBJECT)))
        elif preds.get(SUBJECT) == fact:
            gone.add(s)  # an observation about the rejected entity
    return [t for t in triples if t.subject not in gone and t.object != fact
            and (t.subject, t.predicate, t.object) not in plain]


# -- deciding -------------------------------------------------------------------------------------


def decide(store: GraphStore, source: str, fact: str, action: str, *, value: str | None = None,
           target: str | None = None) -> Decision:
    """Record a decision and apply it to the stored source, each in one transaction."""
    if action not in ACTIONS:
        raise UserError(f"unknown review action '{action}' (one of {', '.join(ACTIONS)})")
    info = next((s for s in store.sources() if s.graph == source), None)
    if info is None:
        raise UserError(f"no source <{source}> in this store")
    if action == "edit":
        if not value or not value.strip():
            raise UserError("an edit needs the new value")
        value = value.strip()
        if "/id/observation/" in fact:
            try:
                value = format(Decimal(value.replace(",", "")), "f")
            except InvalidOperation:
                raise UserError(f"'{value}' is not a number") from None
    if action == "merge":
        if not target or not store.mentions(target):
            raise UserError("a merge needs an existing entity to merge into")
        names = store.rows(f"""SELECT ?l WHERE {{ <{target}> rdfs:label ?l FILTER(lang(?l) = "zh") }} ORDER BY ?l""")
        value = names[0]["l"] if names else None
    d = Decision(source, fact, action, value, target, datetime.now(UTC).replace(microsecond=0).isoformat())
    data = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in d.triples())
    store.update(f"""DELETE WHERE {{ GRAPH <{DECISIONS_GRAPH}> {{ <{d.iri}> ?p ?o }} }} ;
                     INSERT DATA {{ GRAPH <{DECISIONS_GRAPH}> {{ {data} }} }}""")
    current = list(ox.parse(store.read_graph(source, NTRIPLES), format=ox.RdfFormat.N_TRIPLES))
    store.replace_graph(source, apply_decisions(current, [d]), label=info.label, kind=info.kind,
                        location=info.location)
    return d


def reviewable_sources(store: GraphStore) -> list[dict]:
    """Sources with extracted facts (articles), with how many facts await a decision."""
    out = []
    for s in store.sources():
        if s.kind != "article":
            continue
        n = store.rows(f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{s.graph}> {{
                              ?x ckg:curation "extracted" ; ckg:confidence ?c }} }}""")[0]["n"]
        out.append({"graph": s.graph, "label": s.label, "pending": int(n), "kind": s.kind})
    return out


__all__ = ["ACTIONS", "DECISIONS_GRAPH", "Decision", "Fact", "apply_decisions", "decide", "decisions_for",
           "queue", "reviewable_sources"]

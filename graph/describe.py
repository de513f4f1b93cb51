"""Everything the graph says about one entity, with the source of each fact.

Used by entity pages and the network views' side panel. Facts come back
grouped by relation, outgoing and incoming; statistics as rows; and each fact
carries its citations: the sentence quoted, the document, its date, and
whether it was curated or extracted by a program.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from chainkg.graph.projection import describe_nodes, predicate_labels
from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CATALOG_GRAPH, CKG, NIF, ONTOLOGY_GRAPH, PREFIXES, QB

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SDMX_MEASURE = PREFIXES["sdmx-measure"]
SDMX_ATTR = PREFIXES["sdmx-attribute"]
DCT = PREFIXES["dcterms"]

#: Facts not shown as relations on a page (they are shown elsewhere, or are plumbing).
HIDDEN = {RDF + "type", RDFS + "label", PREFIXES["skos"] + "altLabel", str(CKG.sentence), str(CKG.curation),
          str(CKG.extractionMethod)}


@dataclass
class Citation:
    sentence: str
    document: str
    title: str = ""
    date: str = ""
    url: str = ""
    begin: int | None = None
    end: int | None = None
    curation: str = "curated"
    method: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class Fact:
    predicate: str
    label: str
    value: str
    value_label: str
    is_iri: bool
    value_class: str = ""
    graph: str = ""
    citations: list[Citation] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "citations"}
        d["citations"] = [c.as_dict() for c in self.citations]
        return d


def _citations(store: GraphStore, sentence_iris: list[str]) -> dict[str, Citation]:
    if not sentence_iris:
        return {}
    values = " ".join(f"<{s}>" for s in set(sentence_iris))
    out: dict[str, Citation] = {}
    for r in store.ox.query(
        f"""SELECT ?s ?text ?doc ?title ?date ?url ?b ?e WHERE {{ VALUES ?s {{ {values} }}
              ?s <{NIF}anchorOf> ?text ; <{CKG}inDocument> ?doc .
              OPTIONAL {{ ?doc <{DCT}title> ?title }} OPTIONAL {{ ?doc <{DCT}issued> ?date }}
              OPTIONAL {{ ?doc <https://schema.org/url> ?url }}
              OPTIONAL {{ ?s <{NIF}beginIndex> ?b }} OPTIONAL {{ ?s <{NIF}endIndex> ?e }} }}""",
        use_default_graph_as_union=True,
    ):
        out[r["s"].value] = Citation(
            sentence=_v(r, "text"), document=_v(r, "doc"), title=_v(r, "title"), date=_v(r, "date"),
            url=_v(r, "url"), begin=int(_v(r, "b")) if _v(r, "b") else None,
            end=int(_v(r, "e")) if _v(r, "e") else None,
        )
    return out


def _fact_sentences(store: GraphStore, iri: str) -> dict[tuple[str, str, str], list[tuple[str, str, str]]]:
    """(s, p, o) -> [(sentence, curation, method)] from the reified statements about ``iri``."""
    found: dict[tuple[str, str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for r in store.ox.query(
        f"""SELECT ?s ?p ?o ?sent ?cur ?m WHERE {{
              {{ ?st <{RDF}subject> <{iri}> }} UNION {{ ?st <{RDF}object> <{iri}> }}
              ?st a <{CKG}Statement> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
                  <{CKG}sentence> ?sent .
              OPTIONAL {{ ?st <{CKG}curation> ?cur }} OPTIONAL {{ ?st <{CKG}extractionMethod> ?m }} }}""",
        use_default_graph_as_union=True,
    ):
        key = (r["s"].value, r["p"].value, r["o"].value)
        found[key].append((r["sent"].value, r["cur"].value if r["cur"] else "", r["m"].value if r["m"] else ""))
    return found


def describe(store: GraphStore, iri: str) -> dict | None:
    """The facts about ``iri``, or None if the store knows nothing about it."""
    node = ox.NamedNode(iri)
    if next(iter(store.ox.quads_for_pattern(node, None, None, None)), None) is None and next(
        iter(store.ox.quads_for_pattern(None, None, node, None)), None
    ) is None:
        return None
    labels = predicate_labels(store)
    info = describe_nodes(store, [iri]).get(iri, {"iri": iri, "label": iri.rsplit("/", 1)[-1], "aliases": []})
    types, labels_all = [], {}
    for r in store.ox.query(f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }}", use_default_graph_as_union=True):
        types.append(r["t"].value)
    for r in store.ox.query(f"SELECT ?l WHERE {{ <{iri}> <{RDFS}label> ?l }}", use_default_graph_as_union=True):
        labels_all.setdefault(r["l"].language or "", r["l"].value)
    statement_sources = _fact_sentences(store, iri)
    own_sentences, curation, method = [], "", ""
    for r in store.ox.query(
        f"""SELECT ?p ?o WHERE {{ VALUES ?p {{ <{CKG}sentence> <{CKG}curation> <{CKG}extractionMethod> }}
              <{iri}> ?p ?o }}""",
        use_default_graph_as_union=True,
    ):
        p = r["p"].value
        if p == str(CKG.sentence):
            own_sentences.append(r["o"].value)
        elif p == str(CKG.curation):
            curation = r["o"].value
        else:
            method = r["o"].value

    outgoing = _facts(store, f"<{iri}> ?p ?o", "?o", labels, iri, statement_sources, outgoing=True)
    incoming = _facts(store, f"?o ?p <{iri}>", "?o", labels, iri, statement_sources, outgoing=False)
    statistics = observations(store, iri)
    sentence_iris = own_sentences + [s for facts in statement_sources.values() for s, _, _ in facts]
    sentence_iris += [s for row in statistics for s in row["sentences"]]
    cites = _citations(store, sentence_iris)
    for fact in outgoing + incoming:
        s, o = (iri, fact.value) if fact in outgoing else (fact.value, iri)
        for sent, cur, meth in statement_sources.get((s, fact.predicate, o), []):
            if sent in cites:
                c = Citation(**cites[sent].__dict__)
                c.curation, c.method = cur or "curated", meth
                fact.citations.append(c)
    for row in statistics:
        row["citations"] = [cites[s].as_dict() | {"curation": row.get("curation") or "curated"}
                            for s in row.pop("sentences") if s in cites]
    return {
        "iri": iri,
        "label": info.get("label", ""),
        "label_en": info.get("label_en", labels_all.get("en", "")),
        "class": info.get("class", ""),
        "types": types,
        "aliases": info.get("aliases", []),
        "curation": curation or ("curated" if own_sentences else ""),
        "method": method,
        "citations": [cites[s].as_dict() | {"curation": curation or "curated", "method": method}
                      for s in own_sentences if s in cites],
        "outgoing": _group(outgoing),
        "incoming": _group(incoming),
        "statistics": statistics,
    }


def _facts(store: GraphStore, pattern: str, var: str, labels: dict[str, str], iri: str,
           statement_sources: dict, *, outgoing: bool) -> list[Fact]:
    facts: list[Fact] = []
    query = f"""SELECT DISTINCT ?p ?o ?g WHERE {{ GRAPH ?g {{ {pattern} }}
                  FILTER(?g NOT IN (<{CATALOG_GRAPH}>, <{ONTOLOGY_GRAPH}>)) }} ORDER BY ?p ?o"""
    rows = list(store.ox.query(query))
    targets = [r["o"].value for r in rows if isinstance(r["o"], ox.NamedNode)]
    described = describe_nodes(store, targets)
    for r in rows:
        p, o = r["p"].value, r["o"]
        if p in HIDDEN and outgoing:
            continue
        if not outgoing and (p.startswith(RDF) or p in (str(CKG.subject), str(QB.dataSet))):
            continue  # statements and observations are shown as sources and statistics
        if isinstance(o, ox.NamedNode):
            d = described.get(o.value)
            value_label = d["label"] if d else labels.get(o.value, o.value)
            facts.append(Fact(p, labels.get(p, p.rsplit("#", 1)[-1]), o.value, value_label, True,
                              d["class"] if d else "", r["g"].value))
        elif isinstance(o, ox.Literal):
            text = o.value + (f" @{o.language}" if o.language else "")
            facts.append(Fact(p, labels.get(p, p.rsplit("#", 1)[-1]), o.value, text, False, "", r["g"].value))
    return facts


def _group(facts: list[Fact]) -> list[dict]:
    groups: dict[str, dict] = {}
    for f in facts:
        grp = groups.setdefault(f.predicate, {"predicate": f.predicate, "label": f.label, "facts": []})
        grp["facts"].append(f.as_dict())
    return list(groups.values())


def _v(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return term.value if term is not None else ""


def observations(store: GraphStore, subject: str) -> list[dict]:
    """Statistics about ``subject``: metric, value, unit, period, bound, status, sentences."""
    rows: dict[str, dict] = {}
    for r in store.ox.query(
        f"""SELECT ?obs ?metric ?value ?mult ?unitLabel ?unitName ?period ?start ?end ?boundLabel
                   ?statusLabel ?cmp ?sent ?cur ?g WHERE {{
              GRAPH ?g {{ ?obs <{CKG}subject> <{subject}> ; <{SDMX_MEASURE}obsValue> ?value . }}
              OPTIONAL {{ ?obs <{CKG}metric>/<{RDFS}label> ?metric FILTER(lang(?metric) = "zh") }}
              OPTIONAL {{ ?obs <{SDMX_ATTR}unitMult> ?mult }}
              OPTIONAL {{ ?obs <{CKG}unitLabel> ?unitLabel }}
              OPTIONAL {{ ?obs <{SDMX_ATTR}unitMeasure>/<{RDFS}label> ?unitName FILTER(lang(?unitName) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}periodLabel> ?period }}
              OPTIONAL {{ ?obs <{CKG}periodStart> ?start }} OPTIONAL {{ ?obs <{CKG}periodEnd> ?end }}
              OPTIONAL {{ ?obs <{CKG}valueBound>/<{RDFS}label> ?boundLabel FILTER(lang(?boundLabel) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}valueStatus>/<{RDFS}label> ?statusLabel FILTER(lang(?statusLabel) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}comparedTo> ?cmp }}
              OPTIONAL {{ ?obs <{CKG}sentence> ?sent }} OPTIONAL {{ ?obs <{CKG}curation> ?cur }}
            }} ORDER BY ?metric ?period""",
        use_default_graph_as_union=True,
    ):
        key = r["obs"].value
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "iri": key, "metric": _v(r, "metric"), "value": _v(r, "value"),
                "unit": _v(r, "unitLabel") or _v(r, "unitName"), "multiplier": int(_v(r, "mult") or 0),
                "period": _v(r, "period"), "period_start": _v(r, "start"), "period_end": _v(r, "end"),
                "bound": _v(r, "boundLabel"), "status": _v(r, "statusLabel"), "compared_to": _v(r, "cmp"),
                "curation": _v(r, "cur") or "curated", "graph": _v(r, "g"), "sentences": [],
            }
        sent = _v(r, "sent")
        if sent and sent not in row["sentences"]:
            row["sentences"].append(sent)
    return list(rows.values())

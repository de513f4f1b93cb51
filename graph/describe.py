"""Everything the graph says about one entity, with the source of each fact.

Used by entity pages and the network views' side panel. Facts come back
grouped by relation, outgoing and incoming; statistics as rows; and each fact
carries its citations: the sentence quoted, the document, its date, and
whether it was curated or extracted by a program. Why citations travel with
every fact rather than once per page: an analyst checks a number or a link
against its sentence, and machine-extracted facts must be told apart from
curated ones wherever they are shown.
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
SDMX_DIM = PREFIXES["sdmx-dimension"]
DCT = PREFIXES["dcterms"]

#: Facts not shown as relations on a page (they are shown elsewhere, or are plumbing).
HIDDEN = {RDF + "type", RDFS + "label", PREFIXES["skos"] + "altLabel", str(CKG.sentence), str(CKG.curation),
          str(CKG.extractionMethod)}


@dataclass
class Citation:
    """One sentence a fact was taken from, and the document it is in."""

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
    """One triple about the entity, as a page shows it."""

    predicate: str
    label: str
    value: str
    value_label: str
    is_iri: bool
    value_class: str = ""
    graph: str = ""
    citations: list[Citation] = field(default_factory=list)
    label_en: str = ""
    value_label_en: str = ""
    datatype: str = ""
    language: str = ""

    @property
    def curation(self) -> str:
        """extracted when every citation of the fact is machine-extracted, else curated."""
        if self.citations and all(c.curation == "extracted" for c in self.citations):
            return "extracted"
        return "curated"

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "citations"}
        d["citations"] = [c.as_dict() for c in self.citations]
        d["curation"] = self.curation
        return d


def _citations(store: GraphStore, sentence_iris: list[str]) -> dict[str, Citation]:
    if not sentence_iris:
        return {}
    values = " ".join(f"<{s}>" for s in set(sentence_iris))
    out: dict[str, Citation] = {}
    for r in store.select(
        f"""SELECT ?s ?text ?doc ?title ?date ?url ?b ?e WHERE {{ VALUES ?s {{ {values} }}
              ?s <{NIF}anchorOf> ?text ; <{CKG}inDocument> ?doc .
              OPTIONAL {{ ?doc <{DCT}title> ?title }} OPTIONAL {{ ?doc <{DCT}issued> ?date }}
              OPTIONAL {{ ?doc <https://schema.org/url> ?url }}
              OPTIONAL {{ ?s <{NIF}beginIndex> ?b }} OPTIONAL {{ ?s <{NIF}endIndex> ?e }} }}"""
    ):
        out[r["s"].value] = Citation(
            sentence=_v(r, "text"), document=_v(r, "doc"), title=_v(r, "title"), date=_v(r, "date"),
            url=_v(r, "url"), begin=_int(_v(r, "b")), end=_int(_v(r, "e")),
        )
    return out


def _int(text: str) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _fact_sentences(store: GraphStore, iri: str) -> dict[tuple[str, str, str], list[tuple[str, str, str]]]:
    """(s, p, o) -> [(sentence, curation, method)] from the reified statements about ``iri``."""
    found: dict[tuple[str, str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for r in store.select(
        f"""SELECT ?s ?p ?o ?sent ?cur ?m WHERE {{
              {{ ?st <{RDF}subject> <{iri}> }} UNION {{ ?st <{RDF}object> <{iri}> }}
              ?st a <{CKG}Statement> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
                  <{CKG}sentence> ?sent .
              OPTIONAL {{ ?st <{CKG}curation> ?cur }} OPTIONAL {{ ?st <{CKG}extractionMethod> ?m }} }}"""
    ):
        key = (r["s"].value, r["p"].value, r["o"].value)
        entry = (r["sent"].value, r["cur"].value if r["cur"] else "", r["m"].value if r["m"] else "")
        if entry not in found[key]:
            found[key].append(entry)
    return found


def _source_labels(store: GraphStore) -> dict[str, str]:
    return {s.graph: s.label for s in store.sources()}


def describe(store: GraphStore, iri: str) -> dict | None:
    """The facts about ``iri``, or None if the store knows nothing about it."""
    if not store.mentions(iri):
        return None
    labels, labels_en = predicate_labels(store), predicate_labels(store, "en")
    known = describe_nodes(store, [iri])
    info = known.get(iri, {"iri": iri, "label": iri.rsplit("/", 1)[-1], "aliases": []})
    types, labels_all = [], {}
    for r in store.select(f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }}"):
        types.append(r["t"].value)
    for r in store.select(  # documents have a title, sentences their text, instead of a label
        f"""SELECT ?l WHERE {{ VALUES ?p {{ <{RDFS}label> <{DCT}title> }} <{iri}> ?p ?l }} ORDER BY ?l"""
    ):
        labels_all.setdefault(r["l"].language or "", r["l"].value)
    statement_sources = _fact_sentences(store, iri)
    own_sentences, curation, method = [], "", ""
    for r in store.select(
        f"""SELECT ?p ?o WHERE {{ VALUES ?p {{ <{CKG}sentence> <{CKG}curation> <{CKG}extractionMethod> }}
              <{iri}> ?p ?o }}"""
    ):
        p = r["p"].value
        if p == str(CKG.sentence):
            if r["o"].value not in own_sentences:
                own_sentences.append(r["o"].value)
        elif p == str(CKG.curation):
            curation = r["o"].value
        else:
            method = r["o"].value

    outgoing = _facts(store, f"<{iri}> ?p ?o", labels, labels_en, outgoing=True)
    incoming = _facts(store, f"?o ?p <{iri}>", labels, labels_en, outgoing=False)
    statistics = observations(store, iri)
    sentence_iris = own_sentences + [s for facts in statement_sources.values() for s, _, _ in facts]
    sentence_iris += [s for row in statistics for s in row["sentences"]]
    cites = _citations(store, sentence_iris)
    for fact in outgoing:
        _attach(fact, statement_sources.get((iri, fact.predicate, fact.value), []), cites)
    for fact in incoming:
        _attach(fact, statement_sources.get((fact.value, fact.predicate, iri), []), cites)
    for row in statistics:
        by_sentence = row.pop("sentence_curation")
        row["citations"] = [cites[s].as_dict() | {"curation": by_sentence.get(s) or row.get("curation") or "curated"}
                            for s in row.pop("sentences") if s in cites]
    sources = _source_labels(store)
    graphs = sorted({f.graph for f in outgoing + incoming if f.graph} | {r["graph"] for r in statistics})
    if iri not in known and (labels_all.get("zh") or labels_all.get("")):
        info["label"] = labels_all.get("zh") or labels_all[""]
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
        "conflicts": list({c["note"]: dict(c, metric=row["metric"]) for row in statistics
                           for c in row["conflicts"]}.values()),
        "sources": [{"graph": g, "label": sources.get(g, g)} for g in graphs],
    }


def _attach(fact: Fact, sources: list[tuple[str, str, str]], cites: dict[str, Citation]) -> None:
    for sent, cur, meth in sources:
        if sent in cites:
            c = Citation(**cites[sent].__dict__)
            c.curation, c.method = cur or "curated", meth
            fact.citations.append(c)


def fact_citations(store: GraphStore, s: str, p: str, o: str) -> dict:
    """Where the triple (s, p, o) came from: its source graphs, and the sentences its
    statements cite, curated and machine-extracted apart."""
    graphs = [r[0].value for r in store.select(
        f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{s}> <{p}> <{o}> }} }} ORDER BY ?g""")]
    rows = []
    for r in store.select(
        f"""SELECT DISTINCT ?sent ?cur ?m WHERE {{
              ?st <{RDF}subject> <{s}> ; <{RDF}predicate> <{p}> ; <{RDF}object> <{o}> ; <{CKG}sentence> ?sent .
              OPTIONAL {{ ?st <{CKG}curation> ?cur }} OPTIONAL {{ ?st <{CKG}extractionMethod> ?m }} }}"""
    ):
        rows.append((r[0].value, r[1].value if r[1] else "", r[2].value if r[2] else ""))
    cites = _citations(store, [r[0] for r in rows])
    out: list[dict] = []
    for sent, cur, meth in rows:
        if sent in cites:
            out.append(cites[sent].as_dict() | {"curation": cur or "curated", **({"method": meth} if meth else {})})
    sources = _source_labels(store)
    return {
        "graphs": [{"graph": g, "label": sources.get(g, g)} for g in graphs],
        "citations": [c for c in out if c["curation"] != "extracted"],
        "extracted": [c for c in out if c["curation"] == "extracted"],
    }


def _facts(store: GraphStore, pattern: str, labels: dict[str, str], labels_en: dict[str, str], *,
           outgoing: bool) -> list[Fact]:
    facts: list[Fact] = []
    query = f"""SELECT DISTINCT ?p ?o ?g WHERE {{ GRAPH ?g {{ {pattern} }}
                  FILTER(?g NOT IN (<{CATALOG_GRAPH}>, <{ONTOLOGY_GRAPH}>)) }} ORDER BY ?p ?o ?g"""
    rows = list(store.select(query))
    targets = [r["o"].value for r in rows if isinstance(r["o"], ox.NamedNode)]
    described = describe_nodes(store, targets)
    seen: set[tuple[str, str]] = set()
    for r in rows:
        p, o = r["p"].value, r["o"]
        if p in HIDDEN and outgoing:
            continue
        if not outgoing and (p.startswith(RDF) or p in (str(CKG.subject), str(QB.dataSet), SDMX_DIM + "refArea")):
            continue  # statements and observations are shown as sources and statistics
        if (p, o.value) in seen:
            continue  # the same fact from a second source: one row (its sources are listed)
        seen.add((p, o.value))
        plabel = labels.get(p, p.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        plabel_en = labels_en.get(p, p.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        if isinstance(o, ox.NamedNode):
            d = described.get(o.value)
            value_label = d["label"] if d else labels.get(o.value, o.value)
            value_label_en = (d.get("label_en", "") if d else labels_en.get(o.value, "")) or ""
            facts.append(Fact(p, plabel, o.value, value_label, True, d["class"] if d else "", r["g"].value,
                              label_en=plabel_en, value_label_en=value_label_en))
        elif isinstance(o, ox.Literal):
            text = o.value + (f" @{o.language}" if o.language else "")
            facts.append(Fact(p, plabel, o.value, text, False, "", r["g"].value, label_en=plabel_en,
                              datatype=o.datatype.value if o.datatype else "", language=o.language or ""))
    return facts


def _group(facts: list[Fact]) -> list[dict]:
    groups: dict[str, dict] = {}
    for f in facts:
        grp = groups.setdefault(f.predicate, {"predicate": f.predicate, "label": f.label, "label_en": f.label_en,
                                              "facts": []})
        grp["facts"].append(f.as_dict())
    return list(groups.values())


def _v(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return term.value if term is not None else ""


def observations(store: GraphStore, subject: str) -> list[dict]:
    """Statistics about ``subject``: metric, value, unit, period, bound, status, sentences."""
    rows: dict[str, dict] = {}
    for r in store.select(
        f"""SELECT ?obs ?metric ?metricEn ?value ?mult ?unitLabel ?unitName ?period ?start ?end ?boundLabel
                   ?boundEn ?statusLabel ?cmp ?area ?sent ?cur ?g WHERE {{
              GRAPH ?g {{ ?obs <{CKG}subject> <{subject}> ; <{SDMX_MEASURE}obsValue> ?value . }}
              OPTIONAL {{ ?obs <{CKG}metric>/<{RDFS}label> ?metric FILTER(lang(?metric) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}metric>/<{RDFS}label> ?metricEn FILTER(lang(?metricEn) = "en") }}
              OPTIONAL {{ ?obs <{SDMX_ATTR}unitMult> ?mult }}
              OPTIONAL {{ ?obs <{CKG}unitLabel> ?unitLabel }}
              OPTIONAL {{ ?obs <{SDMX_ATTR}unitMeasure>/<{RDFS}label> ?unitName FILTER(lang(?unitName) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}periodLabel> ?period }}
              OPTIONAL {{ ?obs <{CKG}periodStart> ?start }} OPTIONAL {{ ?obs <{CKG}periodEnd> ?end }}
              OPTIONAL {{ ?obs <{CKG}valueBound>/<{RDFS}label> ?boundLabel FILTER(lang(?boundLabel) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}valueBound>/<{RDFS}label> ?boundEn FILTER(lang(?boundEn) = "en") }}
              OPTIONAL {{ ?obs <{CKG}valueStatus>/<{RDFS}label> ?statusLabel FILTER(lang(?statusLabel) = "zh") }}
              OPTIONAL {{ ?obs <{CKG}comparedTo> ?cmp }}
              OPTIONAL {{ ?obs <{SDMX_DIM}refArea>/<{RDFS}label> ?area FILTER(lang(?area) = "zh") }}
              OPTIONAL {{ GRAPH ?g {{ ?obs <{CKG}sentence> ?sent }} }}
              OPTIONAL {{ GRAPH ?g {{ ?obs <{CKG}curation> ?cur }} }}
            }} ORDER BY ?metric ?period ?g"""
    ):
        key = r["obs"].value
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "iri": key, "metric": _v(r, "metric"), "metric_en": _v(r, "metricEn"), "value": _v(r, "value"),
                "unit": _v(r, "unitLabel") or _v(r, "unitName"), "multiplier": int(_v(r, "mult") or 0),
                "period": _v(r, "period"), "period_start": _v(r, "start"), "period_end": _v(r, "end"),
                "bound": _v(r, "boundLabel"), "bound_en": _v(r, "boundEn"), "status": _v(r, "statusLabel"),
                "compared_to": _v(r, "cmp"), "area": _v(r, "area"),
                "curation": _v(r, "cur") or "curated", "graph": _v(r, "g"), "graphs": [], "sentences": [],
                "sentence_curation": {}, "conflicts": [],
            }
        graph, cur = _v(r, "g"), _v(r, "cur") or "curated"
        if graph not in row["graphs"]:
            row["graphs"].append(graph)  # every source that states this figure: one observation, its provenances
        if cur == "curated":
            row["curation"] = "curated"
        sent = _v(r, "sent")
        if sent and sent not in row["sentences"]:
            row["sentences"].append(sent)
            row["sentence_curation"][sent] = cur
    for r in store.select(
        f"""SELECT ?obs ?kind ?note WHERE {{ ?c a <{CKG}Conflict> ; <{CKG}conflictKind> ?kind ;
              <{RDFS}comment> ?note ; <{CKG}observation> ?obs . ?obs <{CKG}subject> <{subject}> }} ORDER BY ?note"""
    ):
        row = rows.get(r["obs"].value)
        if row is not None:
            row["conflicts"].append({"kind": r["kind"].value, "note": r["note"].value})
    return list(rows.values())

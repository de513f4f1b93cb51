"""An extraction (the dict of ``extract()``) -> the RDF of the article's own named graph.

Why this shape (docs/CONTRACTS.md): the document, its sentences with character
offsets, every statistic as a ``qb:Observation`` and every relation both as a
plain triple (for queries) and as a ``ckg:Statement`` citing its sentence (for
provenance). Entities the graph already has are referred to by their IRI and not
re-described; new ones are minted with ``entity_iri`` and marked
``ckg:curation "extracted"`` with the method that found them and its
``ckg:confidence``, which observations and statements carry too. All IRIs are
minted from the content (``digest_key``), never blank nodes, so re-ingesting the
same article yields the same triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from chainkg.ingest.divisions import ancestors, get, region_triples
from chainkg.ingest.observations import Statistic, observation_iri, observation_triples
from chainkg.ingest.units import Unit
from chainkg.ontology.namespaces import (
    CKG,
    NIF,
    ORG,
    QB,
    SCHEMA,
    digest_key,
    entity_iri,
)

PROV = Namespace("http://www.w3.org/ns/prov#")

CLASS_OF_TYPE: dict[str, URIRef] = {
    "Company": CKG.Company,
    "IndustryChain": CKG.IndustryChain,
    "IndustryCluster": CKG.IndustryCluster,
    "Policy": CKG.Policy,
    "Project": CKG.Project,
    "Region": CKG.Region,
    "Organization": ORG.Organization,
    "Designation": CKG.Designation,
}
BOUNDS = {"AtLeast": CKG.AtLeast, "MoreThan": CKG.MoreThan, "Approximately": CKG.Approximately,
          "AtMost": CKG.AtMost, "LessThan": CKG.LessThan}
STATUSES = {"Forecast": CKG.Forecast, "Target": CKG.Target, "Reported": CKG.Reported}

#: (relation name) -> (property, inverse?, allowed subject types, allowed object types)
RELATION_MAP: dict[str, tuple[URIRef, bool, tuple[str, ...], tuple[str, ...]]] = {
    "locatedIn": (CKG.locatedIn, False, ("Company", "Project", "IndustryChain", "IndustryCluster",
                                         "Organization"), ("Region",)),
    "implements": (CKG.implements, False, ("Region", "Company", "Organization"), ("Policy",)),
    "selectedFor": (CKG.selectedFor, False, ("Region", "Company", "IndustryChain",
                                             "IndustryCluster", "Project", "Organization"),
                    ("Policy", "Designation")),
    "partOf": (CKG.partOfCluster, False, ("IndustryChain", "Company", "Project"),
               ("IndustryCluster",)),
    "leadsChain": (CKG.chainLeader, True, ("Company",), ("IndustryChain",)),
    "inChain": (CKG.participatesIn, False, ("Company", "Project"), ("IndustryChain",)),
    "developedBy": (CKG.developedBy, False, ("Project",), ("Company", "Organization")),
    "inCluster": (CKG.partOfCluster, False, ("IndustryChain", "Company", "Project"),
                  ("IndustryCluster",)),
    "receivedAward": (CKG.receivedAward, False, ("Region", "Company", "Organization",
                                                 "IndustryCluster", "IndustryChain"),
                      ("Policy", "Designation")),
    "drives": (CKG.drives, False, ("Company", "Project"), ("IndustryChain", "IndustryCluster")),
    "supportedBy": (CKG.supports, True, ("IndustryChain", "IndustryCluster", "Company", "Project",
                                         "Region"), ("Policy",)),
    "listedIn": (CKG.hasDesignation, False, ("Company", "Region"), ("Designation",)),
}


@dataclass
class Mapped:
    """The graph of one article plus where in the file each subject came from."""

    graph: Graph
    document: URIRef
    #: subject IRI -> (line, field) for error messages
    origins: dict[URIRef, tuple[int | None, str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def document_iri(doc_key: str) -> URIRef:
    """The ``ckg:SourceDocument`` of an article."""
    return entity_iri("SourceDocument", doc_key)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def to_graph(extraction: dict[str, Any], doc_key: str, text: str | None = None) -> Mapped:
    """Map one extraction to RDF (the content of the article's named graph)."""
    g = Graph()
    for prefix, ns in (("ckg", CKG), ("qb", QB), ("nif", NIF), ("prov", PROV)):
        g.bind(prefix, ns)
    out = Mapped(g, document_iri(doc_key))
    doc = out.document
    meta = extraction["document"]
    g.add((doc, RDF.type, CKG.SourceDocument))
    g.add((doc, DCTERMS.title, Literal(meta.get("title") or doc_key, lang="zh")))
    if meta.get("date"):
        g.add((doc, DCTERMS.issued, Literal(meta["date"], datatype=XSD.date)))
    if meta.get("url") and re.match(r"^https?://\S+$", meta["url"]):
        g.add((doc, SCHEMA.url, URIRef(meta["url"])))
    if meta.get("date_note"):
        g.add((doc, CKG.documentDateNote, Literal(meta["date_note"], lang="en")))
    g.add((doc, CKG.extractionMethod, Literal("chainkg.ingest.text")))

    # sentences
    sent_iri: dict[str, URIRef] = {}
    sentence_text: dict[str, str] = {}
    for s in extraction["sentences"]:
        iri = entity_iri("Sentence", f"{doc_key}-{digest_key(str(s['start']), s['text'])}")
        sent_iri[s["id"]] = iri
        sentence_text[s["id"]] = s["text"]
        g.add((iri, RDF.type, CKG.Sentence))
        g.add((iri, NIF.anchorOf, Literal(s["text"])))
        g.add((iri, CKG.inDocument, doc))
        g.add((iri, NIF.beginIndex, Literal(s["start"], datatype=XSD.integer)))
        g.add((iri, NIF.endIndex, Literal(s["end"], datatype=XSD.integer)))
        line = _line_of(text, s["start"]) if text is not None else None
        out.origins[iri] = (line, "sentence")

    # entities
    iri_of: dict[str, URIRef] = {}
    type_of: dict[str, str] = {}
    region_codes: set[str] = set()
    for e in [*extraction["entities"], *extraction.get("designations", [])]:
        typ = e["type"]
        if e.get("iri"):
            # already in the graph: refer to it with its type and name only (the shapes check
            # every typed node of the article's graph), never re-describe or re-curate it
            iri = URIRef(e["iri"])
            g.add((iri, RDF.type, CLASS_OF_TYPE[typ]))
            g.add((iri, RDFS.label, Literal(e.get("label_zh") or e["name"], lang="zh")))
        elif typ == "Region" and e.get("code") and get(e["code"]) is not None:
            iri = entity_iri("Region", e["code"])
            region_codes.add(e["code"])
        else:
            iri = entity_iri(typ, e["name"])
            g.add((iri, RDF.type, CLASS_OF_TYPE[typ]))
            g.add((iri, RDFS.label, Literal(e["name"], lang="zh")))
            for a in e.get("aliases", []):
                if a != e["name"]:
                    g.add((iri, SKOS.altLabel, Literal(a, lang="zh")))
            g.add((iri, CKG.curation, Literal("extracted")))
            g.add((iri, CKG.extractionMethod, Literal(e.get("method") or "pattern")))
            _confidence(g, iri, e)
            for sid in e.get("sentence_ids", []):
                if sid in sent_iri:
                    g.add((iri, CKG.sentence, sent_iri[sid]))
        iri_of[e["name"]] = iri
        type_of[e["name"]] = typ
        first = (e.get("sentence_ids") or [None])[0]
        out.origins.setdefault(iri, (out.origins.get(sent_iri.get(first), (None, ""))[0], "entity"))
    for t in region_triples(sorted(region_codes), with_ancestors=True):
        g.add(t)
    # relation ends are names as the article writes them (荆门 for 荆门市): resolve aliases too
    for e in [*extraction["entities"], *extraction.get("designations", [])]:
        for a in e.get("aliases", []):
            if e["name"] in iri_of:
                iri_of.setdefault(a, iri_of[e["name"]])
                type_of.setdefault(a, e["type"])

    main = meta.get("main_region")
    # statistics
    for st in extraction["statistics"]:
        subj = iri_of.get(st["subject"])
        sid = st.get("sentence_id")
        if subj is None or sid not in sent_iri:
            out.skipped.append(f"statistic without a known subject: {st['metric']} {st['value']}")
            continue
        unit = Unit(st["unit"], st["unit_base"], int(st["unit_mult"]))
        value = Decimal(str(st["value"]))
        area = subj if type_of.get(st["subject"]) == "Region" else iri_of.get(main or "")
        if area is not None and type_of.get(st["subject"] if area == subj else main or "") != "Region":
            area = None
        stat = Statistic(
            subject=subj, metric=st["metric"], value=value, unit=unit, period=st.get("period") or None,
            period_start=st.get("period_start") if st.get("period") else None,
            period_end=st.get("period_end") if st.get("period") else None,
            period_certainty=st.get("period_certainty") if st.get("period") else None,
            bound=BOUNDS.get(st.get("bound") or ""), status=STATUSES.get(st.get("status") or ""),
            compared_to=st.get("compared_to") or None, area=area, sentence=sent_iri[sid],
            curation="extracted", method="pattern:statistic",
        )
        obs = observation_iri(subj, stat, sentence_text.get(sid), g)  # one IRI for one figure (issue 9)
        for triple, _field in observation_triples(obs, stat):
            g.add(triple)
        if g.value(obs, CKG.confidence) is None:
            _confidence(g, obs, st)
        out.origins[obs] = (out.origins[sent_iri[sid]][0], "statistic")

    # relations
    for r in extraction["relations"]:
        name = r["p"]
        if name == "hasScaleAtLeast":
            continue  # the observation with ckg:AtLeast says it
        s, o = iri_of.get(r["s"]), iri_of.get(r["o"])
        st, ot = type_of.get(r["s"]), type_of.get(r["o"])
        sid = r.get("sentence_id")
        if s is None or o is None or sid not in sent_iri:
            out.skipped.append(f"relation with an unknown end: {r['s']} {name} {r['o']}")
            continue
        if name == "partOf" and st == "Region" and ot == "Region":
            prop, inverse = _region_link(r, extraction)
        elif name == "listedIn" and ot == "Policy":
            prop, inverse = CKG.selectedFor, False
        else:
            spec = RELATION_MAP.get(name)
            if spec is None or st not in spec[2] or ot not in spec[3]:
                out.skipped.append(f"relation does not fit the ontology: {r['s']} {name} {r['o']}")
                continue
            prop, inverse = spec[0], spec[1]
        a, b = (o, s) if inverse else (s, o)
        if prop is not None:
            g.add((a, prop, b))
        stmt = entity_iri("Statement", digest_key(doc_key, str(a), str(prop), str(b)))
        g.add((stmt, RDF.type, CKG.Statement))
        g.add((stmt, RDF.subject, a))
        g.add((stmt, RDF.predicate, prop if prop is not None else CKG.partOfRegion))
        g.add((stmt, RDF.object, b))
        g.add((stmt, CKG.sentence, sent_iri[sid]))
        g.add((stmt, CKG.curation, Literal("extracted")))
        g.add((stmt, CKG.extractionMethod, Literal(r.get("method") or "pattern")))
        # two relations may map to one statement (inCluster and partOf are both partOfCluster):
        # it keeps the higher confidence, once
        prev = g.value(stmt, CKG.confidence)
        if prev is None or float(prev) < float(r.get("confidence") or 0):
            g.remove((stmt, CKG.confidence, None))
            _confidence(g, stmt, r)
        out.origins[stmt] = (out.origins[sent_iri[sid]][0], "relation")
    return out


def _confidence(g: Graph, node: URIRef, item: dict[str, Any]) -> None:
    """``ckg:confidence`` (xsd:decimal, 0..1) of an extracted entity, observation or statement."""
    c = item.get("confidence")
    if c is not None:
        g.add((node, CKG.confidence, Literal(Decimal(str(round(float(c), 2))), datatype=XSD.decimal)))


def _region_link(r: dict[str, Any], extraction: dict[str, Any]) -> tuple[URIRef | None, bool]:
    """partOf between regions: the division list already states the direct parent."""
    codes = {f: e.get("code") for e in extraction["entities"] if e["type"] == "Region"
             for f in [e["name"], *e.get("aliases", [])]}
    child, parent = codes.get(r["s"]), codes.get(r["o"])
    if child and parent and get(child) is not None and get(child).parent == parent:
        return None, False  # ckg:partOfRegion comes with the division triples; cite it only
    if child and parent and parent in ancestors(child):
        return SCHEMA.containedInPlace, False
    return SCHEMA.containedInPlace, False

"""The clean A-share records as RDF, per docs/CONTRACTS.md and docs/ashare-chain.md.

Why minted IRIs everywhere (no blank nodes): re-importing the same files must
give the same triples, so a company is keyed by its stock code, an industry by
``sw2021-{code}``, an upstream link by its two industries, a region by its
GB/T 2260 code.

Shape of the graph:
- ``ckg:Company`` ``id/company/603993.SH``: rdfs:label@zh (short name),
  schema:legalName@zh (full name), skos:altLabel@zh (the full name again, and
  other names the data set uses for the code), ckg:stockCode, ckg:exchange@zh, ckg:listingDate (xsd:date),
  ckg:inIndustry (a level-3 industry), ckg:locatedIn (prefecture and county),
  ckg:curation "curated".
- the Shenwan 2021 classification: ``skos:ConceptScheme`` ``id/scheme/sw2021`` and
  one ``ckg:Industry``/``skos:Concept`` per code (``id/industry/sw2021-240300``)
  with skos:notation, skos:prefLabel@zh and rdfs:label@zh (the Shenwan name, level
  mark included: 林业Ⅱ), skos:altLabel@zh (without the mark), skos:hiddenLabel@zh
  (other spellings the data set uses), skos:broader, skos:inScheme,
  skos:topConceptOf for level 1, and its level as an XKOS classification level
  (``id/scheme/sw2021-level-3`` with xkos:depth 3, skos:member the concept).
- ``ckg:UpstreamLink`` ``id/upstream-link/sw2021-{up}-{down}`` with
  ckg:upstreamIndustry, ckg:downstreamIndustry, ckg:weight (xsd:decimal), and
  the plain ``up ckg:upstreamOf down`` beside it for queries that need no weight.
- the ``ckg:Region`` entities the companies are located in, and those above them.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Literal, Namespace, URIRef

from chainkg.graph.store import as_ox_triples
from chainkg.ingest.ashare.clean import CleanDataset, strip_mark
from chainkg.ingest.divisions import region_triples
from chainkg.ingest.pipeline import Origin, SourceGraph
from chainkg.ontology.namespaces import CKG, ID_BASE, SCHEMA, entity_iri, graph_iri

XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

ASHARE_GRAPH = graph_iri("ashare-chain")
SCHEME = URIRef(ID_BASE + "scheme/sw2021")
LEVEL_NAMES = {1: "一级行业", 2: "二级行业", 3: "三级行业"}


def industry_iri(code: str) -> URIRef:
    """``id/industry/sw2021-{code}``: a Shenwan 2021 industry."""
    return entity_iri("Industry", f"sw2021-{code}")


def company_iri(code: str) -> URIRef:
    """``id/company/{code}``: a listed company, keyed by its normalised stock code."""
    return entity_iri("Company", code)


def level_iri(level: int) -> URIRef:
    return URIRef(f"{ID_BASE}scheme/sw2021-level-{level}")


def upstream_link_iri(up: str, down: str) -> URIRef:
    return entity_iri("UpstreamLink", f"sw2021-{up}-{down}")

# The terms used per row, made once. The mapping builds pyoxigraph triples straight away
# (issue 14): building an rdflib Graph of the 76,500 triples took 1.9 s and turning it into
# pyoxigraph terms for the store 0.85 s more, where the triples below take about 0.3 s.
def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


TYPE = _n(RDF.type)
LABEL = _n(RDFS.label)
PREF = _n(SKOS.prefLabel)
ALT = _n(SKOS.altLabel)
HIDDEN = _n(SKOS.hiddenLabel)
IN_SCHEME = _n(SKOS.inScheme)
NOTATION = _n(SKOS.notation)
BROADER = _n(SKOS.broader)
MEMBER = _n(SKOS.member)
TOP_CONCEPT_OF = _n(SKOS.topConceptOf)
HAS_TOP_CONCEPT = _n(SKOS.hasTopConcept)
CONCEPT_SCHEME = _n(SKOS.ConceptScheme)
COMPANY = _n(CKG.Company)
INDUSTRY = _n(CKG.Industry)
CONCEPT = _n(SKOS.Concept)
LEGAL_NAME = _n(SCHEMA.legalName)
STOCK_CODE = _n(CKG.stockCode)
EXCHANGE = _n(CKG.exchange)
LISTING_DATE = _n(CKG.listingDate)
LOCATED_IN = _n(CKG.locatedIn)
CURATION = _n(CKG.curation)
IN_INDUSTRY = _n(CKG.inIndustry)
UPSTREAM_LINK = _n(CKG.UpstreamLink)
UP_INDUSTRY = _n(CKG.upstreamIndustry)
DOWN_INDUSTRY = _n(CKG.downstreamIndustry)
WEIGHT = _n(CKG.weight)
UPSTREAM_OF = _n(CKG.upstreamOf)
CLASSIFICATION_LEVEL = _n(XKOS.ClassificationLevel)
DEPTH = _n(XKOS.depth)
NUMBER_OF_LEVELS = _n(XKOS.numberOfLevels)
XSD_DATE = _n(XSD.date)
XSD_DECIMAL = _n(XSD.decimal)
XSD_INTEGER = _n(XSD.integer)
CURATED = ox.Literal("curated")


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def build_source(data: CleanDataset) -> SourceGraph:
    """The SourceGraph of one import: every triple (as pyoxigraph triples), and where each subject came from."""
    source = SourceGraph(
        graph_iri=ASHARE_GRAPH,
        label="A股产业链数据集 (ChainKnowledgeGraph, 申万2021)",
        kind="ashare-chain",
        location=str(data.directory),
        link_any_size=True,  # minted IRIs: linking to a city's companies matters at any size
    )
    source.triples = build_triples(data, source)
    return source


def build_triples(data: CleanDataset, source: SourceGraph | None = None) -> list[ox.Triple]:
    """The import as pyoxigraph triples; origins are noted on ``source`` when given."""
    triples: list[ox.Triple] = []
    T = ox.Triple
    add = triples.append

    def note(subject: URIRef, file: str, line: int, field: str | None = None) -> None:
        if source is not None:
            source.note(subject, Origin(file, line, field))

    # The classification.
    scheme = _n(SCHEME)
    add(T(scheme, TYPE, CONCEPT_SCHEME))
    add(T(scheme, LABEL, _zh("申万行业分类（2021版）")))
    add(T(scheme, LABEL, ox.Literal("Shenwan industry classification 2021", language="en")))
    add(T(scheme, PREF, _zh("申万行业分类（2021版）")))
    add(T(scheme, NOTATION, ox.Literal("SW2021")))
    add(T(scheme, NUMBER_OF_LEVELS, ox.Literal("3", datatype=XSD_INTEGER)))
    levels = {level: _n(level_iri(level)) for level in LEVEL_NAMES}
    for level, label in LEVEL_NAMES.items():
        lv = levels[level]
        add(T(lv, TYPE, CLASSIFICATION_LEVEL))
        add(T(lv, DEPTH, ox.Literal(str(level), datatype=XSD_INTEGER)))
        add(T(lv, LABEL, _zh(label)))
        add(T(lv, PREF, _zh(label)))
        add(T(lv, IN_SCHEME, scheme))
    industries: dict[str, ox.NamedNode] = {}

    def industry(code: str) -> ox.NamedNode:
        node = industries.get(code)
        if node is None:
            node = industries[code] = _n(industry_iri(code))
        return node

    for ind in data.industries.values():
        iri = industry_iri(ind.code)
        note(iri, "industry.json", ind.line, "code")
        s = industry(ind.code)
        name = _zh(ind.name)
        add(T(s, TYPE, INDUSTRY))
        add(T(s, TYPE, CONCEPT))
        add(T(s, IN_SCHEME, scheme))
        add(T(s, NOTATION, ox.Literal(ind.code)))
        add(T(s, PREF, name))
        add(T(s, LABEL, name))
        unmarked = strip_mark(ind.name)
        if unmarked != ind.name:
            add(T(s, ALT, _zh(unmarked)))
        for variant in sorted(ind.variants):
            add(T(s, HIDDEN, _zh(variant)))
        add(T(levels[ind.level], MEMBER, s))
        if ind.parent:
            add(T(s, BROADER, industry(ind.parent)))
        elif ind.level == 1:
            add(T(s, TOP_CONCEPT_OF, scheme))
            add(T(scheme, HAS_TOP_CONCEPT, s))
        add(T(s, CURATION, CURATED))

    # Companies.
    companies: dict[str, ox.NamedNode] = {}
    for c in data.companies.values():
        iri = company_iri(c.code)
        note(iri, "company.json", c.line, "code")
        s = companies[c.code] = _n(iri)
        add(T(s, TYPE, COMPANY))
        add(T(s, LABEL, _zh(c.name)))
        if c.fullname:
            legal = _zh(c.fullname)
            add(T(s, LEGAL_NAME, legal))
            add(T(s, ALT, legal))  # DESIGN.md: every name a company goes by is an altLabel
        for alias in sorted(c.aliases):
            add(T(s, ALT, _zh(alias)))
        add(T(s, STOCK_CODE, ox.Literal(c.code)))
        add(T(s, EXCHANGE, _zh(c.exchange)))
        if c.listing_date:
            add(T(s, LISTING_DATE, ox.Literal(c.listing_date, datatype=XSD_DATE)))
        for code in c.regions:
            add(T(s, LOCATED_IN, _n(entity_iri("Region", code))))
        add(T(s, CURATION, CURATED))
    for code, ind_code, line in data.links:
        note(company_iri(code), "company_industry.json", line, "industry_code")
        s = companies.get(code) or _n(company_iri(code))
        add(T(s, IN_INDUSTRY, industry(ind_code)))

    # Upstream links, qualified (with the weight) and plain.
    for link in data.upstream:
        up, down = industry(link.upstream), industry(link.downstream)
        iri = upstream_link_iri(link.upstream, link.downstream)
        note(iri, "industry_up.json", link.line, "ups")
        s = _n(iri)
        add(T(s, TYPE, UPSTREAM_LINK))
        add(T(s, UP_INDUSTRY, up))
        add(T(s, DOWN_INDUSTRY, down))
        # the lexical form rdflib gives a decimal (1E+1 -> 10), as the import wrote it before
        add(T(s, WEIGHT, ox.Literal(str(Literal(link.weight, datatype=XSD.decimal)), datatype=XSD_DECIMAL)))
        add(T(up, UPSTREAM_OF, down))

    # Regions the companies are in, with their parents.
    codes = {code for c in data.companies.values() for code in c.regions}
    triples.extend(as_ox_triples(region_triples(codes)))
    return list(dict.fromkeys(triples))  # a set, in a stable order (the rdflib graph was one too)

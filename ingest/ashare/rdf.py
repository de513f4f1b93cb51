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

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

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

# Terms used per row, looked up once (an rdflib Namespace attribute costs a call).
TYPE = RDF.type
LABEL = RDFS.label
PREF = SKOS.prefLabel
ALT = SKOS.altLabel
HIDDEN = SKOS.hiddenLabel
IN_SCHEME = SKOS.inScheme
NOTATION = SKOS.notation
BROADER = SKOS.broader
MEMBER = SKOS.member
COMPANY = CKG.Company
INDUSTRY = CKG.Industry
CONCEPT = SKOS.Concept
LEGAL_NAME = SCHEMA.legalName
STOCK_CODE = CKG.stockCode
EXCHANGE = CKG.exchange
LISTING_DATE = CKG.listingDate
LOCATED_IN = CKG.locatedIn
CURATION = CKG.curation
IN_INDUSTRY = CKG.inIndustry
UPSTREAM_LINK = CKG.UpstreamLink
UP_INDUSTRY = CKG.upstreamIndustry
DOWN_INDUSTRY = CKG.downstreamIndustry
WEIGHT = CKG.weight
UPSTREAM_OF = CKG.upstreamOf
XSD_DATE = XSD.date
XSD_DECIMAL = XSD.decimal


def build_source(data: CleanDataset) -> SourceGraph:
    """The SourceGraph of one import: every triple, and where each subject came from."""
    source = SourceGraph(
        graph_iri=ASHARE_GRAPH,
        label="A股产业链数据集 (ChainKnowledgeGraph, 申万2021)",
        kind="ashare-chain",
        location=str(data.directory),
    )
    source.graph = build_graph(data, source)
    return source


def build_graph(data: CleanDataset, source: SourceGraph | None = None) -> Graph:
    """The import as one rdflib Graph; origins are noted on ``source`` when given."""
    g = Graph()
    quads: list[tuple] = []
    add = quads.append
    zh = "zh"

    def note(subject: URIRef, file: str, line: int, field: str | None = None) -> None:
        if source is not None:
            source.note(subject, Origin(file, line, field))

    # The classification.
    add((SCHEME, TYPE, SKOS.ConceptScheme))
    add((SCHEME, LABEL, Literal("申万行业分类（2021版）", lang=zh)))
    add((SCHEME, LABEL, Literal("Shenwan industry classification 2021", lang="en")))
    add((SCHEME, PREF, Literal("申万行业分类（2021版）", lang=zh)))
    add((SCHEME, NOTATION, Literal("SW2021")))
    add((SCHEME, XKOS.numberOfLevels, Literal(3)))
    for level, label in LEVEL_NAMES.items():
        lv = level_iri(level)
        add((lv, TYPE, XKOS.ClassificationLevel))
        add((lv, XKOS.depth, Literal(level)))
        add((lv, LABEL, Literal(label, lang=zh)))
        add((lv, PREF, Literal(label, lang=zh)))
        add((lv, IN_SCHEME, SCHEME))
    for ind in data.industries.values():
        s = industry_iri(ind.code)
        note(s, "industry.json", ind.line, "code")
        name = Literal(ind.name, lang=zh)
        add((s, TYPE, INDUSTRY))
        add((s, TYPE, CONCEPT))
        add((s, IN_SCHEME, SCHEME))
        add((s, NOTATION, Literal(ind.code)))
        add((s, PREF, name))
        add((s, LABEL, name))
        unmarked = strip_mark(ind.name)
        if unmarked != ind.name:
            add((s, ALT, Literal(unmarked, lang=zh)))
        for variant in sorted(ind.variants):
            add((s, HIDDEN, Literal(variant, lang=zh)))
        add((level_iri(ind.level), MEMBER, s))
        if ind.parent:
            add((s, BROADER, industry_iri(ind.parent)))
        elif ind.level == 1:
            add((s, SKOS.topConceptOf, SCHEME))
            add((SCHEME, SKOS.hasTopConcept, s))
        add((s, CURATION, Literal("curated")))

    # Companies.
    curated = Literal("curated")
    for c in data.companies.values():
        s = company_iri(c.code)
        note(s, "company.json", c.line, "code")
        add((s, TYPE, COMPANY))
        add((s, LABEL, Literal(c.name, lang=zh)))
        if c.fullname:
            legal = Literal(c.fullname, lang=zh)
            add((s, LEGAL_NAME, legal))
            add((s, ALT, legal))  # DESIGN.md: every name a company goes by is an altLabel
        for alias in sorted(c.aliases):
            add((s, ALT, Literal(alias, lang=zh)))
        add((s, STOCK_CODE, Literal(c.code)))
        add((s, EXCHANGE, Literal(c.exchange, lang=zh)))
        if c.listing_date:
            add((s, LISTING_DATE, Literal(c.listing_date, datatype=XSD_DATE)))
        for code in c.regions:
            add((s, LOCATED_IN, entity_iri("Region", code)))
        add((s, CURATION, curated))
    for code, industry, line in data.links:
        s = company_iri(code)
        note(s, "company_industry.json", line, "industry_code")
        add((s, IN_INDUSTRY, industry_iri(industry)))

    # Upstream links, qualified (with the weight) and plain.
    for link in data.upstream:
        up, down = industry_iri(link.upstream), industry_iri(link.downstream)
        s = upstream_link_iri(link.upstream, link.downstream)
        note(s, "industry_up.json", link.line, "ups")
        add((s, TYPE, UPSTREAM_LINK))
        add((s, UP_INDUSTRY, up))
        add((s, DOWN_INDUSTRY, down))
        add((s, WEIGHT, Literal(link.weight, datatype=XSD_DECIMAL)))
        add((up, UPSTREAM_OF, down))

    # Regions the companies are in, with their parents.
    codes = {code for c in data.companies.values() for code in c.regions}
    quads.extend(region_triples(codes))

    g.addN((s, p, o, g) for s, p, o in quads)
    return g

"""Our SHACL checkers (one pass over the triples, and SPARQL-compiled) report exactly what pyshacl (the
reference) reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from chainkg.graph.validate import validate
from chainkg.ingest.datafolder import read_folder
from chainkg.ingest.dispatch import BUNDLED_REGIONS
from chainkg.ontology.namespaces import CKG, NIF, QB, SDMX_ATTR, SDMX_MEASURE

EX = Namespace("http://example.org/")
MINICITY = Path(__file__).parent / "data" / "minicity"


def both(data: Graph) -> tuple[set, set]:
    def key(vs):  # noqa: ANN001, ANN202
        return {(v.focus, v.path, v.message) for v in vs}

    direct, sparql = key(validate(data, engine="direct")), key(validate(data, engine="sparql"))
    assert direct == sparql
    return direct, key(validate(data, engine="pyshacl"))


@pytest.mark.parametrize("folder", [BUNDLED_REGIONS / "luoyang", MINICITY], ids=lambda p: p.name)
def test_clean_sources_conform_in_both(folder: Path) -> None:
    ours, reference = both(read_folder(folder).graph)
    assert ours == reference == set()


def hostile_graph() -> Graph:
    """One violation of every constraint kind the shapes use."""
    g = Graph()
    c = EX.company
    g.add((c, RDF.type, CKG.Company))
    g.add((c, RDFS.label, Literal("Only English", lang="en")))          # no zh label
    g.add((c, RDFS.label, Literal("Second English", lang="en")))        # uniqueLang
    g.add((c, CKG.stockCode, Literal("60399.SH")))                      # pattern
    g.add((c, CKG.listingDate, Literal("2024-02-30", datatype=XSD.date)))  # ill-formed date
    g.add((c, CKG.locatedIn, EX.notARegion))                            # class
    g.add((c, CKG.participatesIn, EX.policy))                           # or
    g.add((c, CKG.curation, Literal("guessed")))                         # in
    g.add((EX.policy, RDF.type, CKG.Policy))
    g.add((EX.policy, RDFS.label, Literal("政策", lang="zh")))
    seg = EX.segment
    g.add((seg, RDF.type, CKG.ChainSegment))
    g.add((seg, RDFS.label, Literal("环节", lang="zh")))                  # no segmentOf, no position
    g.add((seg, CKG.positionOrder, Literal("first")))                   # datatype
    s = EX.sentence
    g.add((s, RDF.type, CKG.Sentence))
    g.add((s, NIF.anchorOf, Literal("")))                                # minLength
    g.add((s, CKG.inDocument, Literal("doc")))                          # class on a literal
    g.add((s, NIF.beginIndex, Literal(-3)))                              # minInclusive
    o = EX.obs
    g.add((o, RDF.type, QB.Observation))
    g.add((o, CKG.subject, Literal("洛阳")))                             # nodeKind
    g.add((o, SDMX_MEASURE.obsValue, Literal("1.5", datatype=XSD.decimal)))
    g.add((o, SDMX_MEASURE.obsValue, Literal("2", datatype=XSD.decimal)))  # maxCount
    g.add((o, SDMX_ATTR.unitMult, Literal("8")))                         # datatype
    g.add((EX.region, RDF.type, CKG.Region))
    g.add((EX.region, RDFS.label, Literal("区", lang="zh")))
    g.add((EX.region, CKG.divisionCode, Literal("4103")))               # pattern
    g.add((EX.region, CKG.partOfRegion, URIRef("http://example.org/a")))
    g.add((EX.region, CKG.partOfRegion, URIRef("http://example.org/b")))  # maxCount + class
    return g


def test_hostile_graph_same_violations() -> None:
    ours, reference = both(hostile_graph())
    assert ours == reference
    paths = {p.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for _, p, _ in ours}
    assert {"label", "stockCode", "listingDate", "locatedIn", "participatesIn", "curation", "segmentOf",
            "position", "positionOrder", "anchorOf", "inDocument", "beginIndex", "subject", "obsValue",
            "unitMult", "divisionCode", "partOfRegion", "metric", "unitMeasure", "dataSet"} <= paths


def test_external_entities_are_not_checked() -> None:
    g = Graph()
    g.add((EX.c, RDF.type, CKG.Company))
    g.add((EX.c, RDFS.label, Literal("公司", lang="zh")))
    g.add((EX.c, CKG.locatedIn, EX.r))
    ours, reference = both(g)
    assert ours == reference
    assert {f for f, _, _ in ours} == {str(EX.c)}  # EX.r is not a subject of this source


def test_direct_and_sparql_agree_value_for_value() -> None:
    """The one-pass checker (what ingest runs) and the SPARQL one give the same violations, values included,
    on the hostile graph and on cases pyshacl reads otherwise or that only a count or a type decides."""
    g = hostile_graph()
    c2 = EX.company2
    g.add((c2, RDF.type, CKG.Company))
    g.add((c2, RDFS.label, Literal("名字\n", lang="zh")))                 # a final line break (pattern $)
    g.add((c2, RDFS.label, Literal("第二个", lang="zh")))                 # uniqueLang
    g.add((c2, CKG.curation, Literal("curated")))
    g.add((c2, CKG.curation, Literal("extracted")))                     # maxCount on sh:in values
    g.add((c2, CKG.partOfCluster, EX.segment))                          # class: a segment, not a cluster
    g.add((EX.obs2, RDF.type, QB.Observation))
    g.add((EX.obs2, SDMX_ATTR.unitMult, Literal("99999999999999999999", datatype=XSD.integer)))
    g.add((EX.obs2, SDMX_MEASURE.obsValue, Literal("1,5", datatype=XSD.decimal)))
    g.add((EX.sentence, NIF.endIndex, Literal("x", datatype=XSD.integer)))
    direct, sparql = validate(g, engine="direct"), validate(g, engine="sparql")
    assert direct == sparql
    assert any(v.focus == str(c2) and v.path == str(RDFS.label) and v.value == "名字\n" for v in direct)
    assert any(v.focus == str(EX.obs2) and v.value == "1,5" for v in direct)


def test_direct_and_sparql_agree_on_the_bundled_region_with_faults_added() -> None:
    """A real source with faults spread through it: both engines name the same focus nodes and values."""
    g = read_folder(BUNDLED_REGIONS / "luoyang").graph
    companies = sorted(g.subjects(RDF.type, CKG.Company))[:5]
    for i, c in enumerate(companies):
        g.add((c, CKG.stockCode, Literal(f"12345{i}.XX")))
        g.remove((c, RDFS.label, None))
    direct, sparql = validate(g, engine="direct"), validate(g, engine="sparql")
    assert direct == sparql
    assert {v.focus for v in direct} >= {str(c) for c in companies}


def test_one_check_does_not_remember_another_sources_types() -> None:
    """The compiled shapes are shared by every validation: what a value's type was in one source must not
    decide the next one (the direct checker remembers answers per IRI within one call only)."""
    def source(typed: bool) -> Graph:
        g = Graph()
        g.add((EX.c, RDF.type, CKG.Company))
        g.add((EX.c, RDFS.label, Literal("公司", lang="zh")))
        g.add((EX.c, CKG.locatedIn, EX.r))
        if typed:
            g.add((EX.r, RDF.type, CKG.Region))
            g.add((EX.r, RDFS.label, Literal("区", lang="zh")))
        return g

    assert validate(source(True), engine="direct") == []
    untyped = validate(source(False), engine="direct")
    assert [(v.focus, v.path, v.value) for v in untyped] == [(str(EX.c), str(CKG.locatedIn), str(EX.r))]
    assert validate(source(True), engine="direct") == []

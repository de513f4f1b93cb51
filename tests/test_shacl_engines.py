"""Our SPARQL-compiled SHACL checker reports exactly what pyshacl (the reference) reports."""

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

    return key(validate(data, engine="sparql")), key(validate(data, engine="pyshacl"))


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

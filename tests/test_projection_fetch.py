"""What ``projection._fetch`` reads from the engine's TSV: the same records as from the solutions' terms.

The fetch reads every outgoing triple of a set of entities as TSV, in chunks on threads
(``FETCH_CHUNK``, ``FETCH_THREADS``); these names and labels are the ones a TSV cell writes
differently from a term: escapes, language tags, datatypes, bare numbers, blank nodes.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from chainkg.graph import projection
from chainkg.graph.store import open_store

EX = "http://example.org/id/"
CKG = "https://w3id.org/chainkg/def#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

DATA = f"""
@prefix ex: <{EX}> . @prefix ckg: <{CKG}> . @prefix rdfs: <{RDFS}> . @prefix skos: <{SKOS}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ckg:Company , ckg:Organization ; rdfs:label "引号\\"与反斜杠\\\\公司"@zh , "Tab\\tand\\nnewline Co"@en ;
    skos:altLabel "甲" , "甲" , "jia"@zh-latn-pinyin , "乙"@zh ; ckg:locatedIn ex:r ; ckg:stockCode "000001" ;
    ckg:partner ex:b , ex:a ; ckg:note [ rdfs:label "blank" ] .
ex:b a ckg:Company ; rdfs:label "B"^^xsd:string , "42"^^xsd:integer ; rdfs:label ex:notALiteral ;
    skos:altLabel 7 ; ckg:weight 1.5 .
ex:r a ckg:Region ; rdfs:label "地区"@zh-Hans , "区"@zh .
"""


def _by_terms(store, iris):  # noqa: ANN001, ANN202 - the reference: the solutions' terms, as before the TSV
    out = {}
    for s_term, p_term, o in store.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {projection._values(iris)} }} ?s ?p ?o }}"):
        s, p = s_term.value, p_term.value
        rec = out.setdefault(s, projection._Subject())
        if isinstance(o, ox.NamedNode):
            if p == projection.RDF_TYPE:
                rec.classes.append(o.value)
            elif o.value != s:
                rec.links.append((p, o.value))
        elif isinstance(o, ox.Literal):
            if p == projection.RDFS_LABEL:
                lang = o.language or ""
                if lang == "en":
                    rec.label_en = o.value if rec.label_en is None else min(rec.label_en, o.value)
                elif lang in ("", "zh") or lang.startswith("zh"):
                    rec.label = o.value if rec.label is None else min(rec.label, o.value)
            elif p == projection.SKOS_ALT and o.value not in rec.aliases:
                rec.aliases.append(o.value)
    return out


def _plain(records):  # noqa: ANN001, ANN202
    return {k: (sorted(r.classes), r.label, r.label_en, sorted(r.aliases), sorted(r.links))
            for k, r in records.items()}


@pytest.fixture(scope="module")
def store():  # noqa: ANN201
    st = open_store("memory")
    st.update(f"INSERT DATA {{ GRAPH <http://example.org/graph/t> {{ "
              f"{ox.serialize(ox.parse(DATA, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES).decode()}"
              f" }} }}")
    return st


@pytest.mark.parametrize("chunk", [1, 2, 2500])
def test_fetch_reads_tsv_as_the_terms_say(store, monkeypatch, chunk):  # noqa: ANN001
    monkeypatch.setattr(projection, "FETCH_CHUNK", chunk)
    iris = [EX + "a", EX + "b", EX + "r", EX + "nothing", EX + "a"]
    got = projection._fetch(store, iris)
    assert _plain(got) == _plain(_by_terms(store, list(dict.fromkeys(iris))))
    a = got[EX + "a"]
    assert a.label == '引号"与反斜杠\\公司' and a.label_en == "Tab\tand\nnewline Co"
    assert sorted(a.aliases) == ["jia", "乙", "甲"]
    assert (CKG + "partner", EX + "b") in a.links and (CKG + "partner", EX + "a") not in a.links
    assert got[EX + "b"].label == "42" and got[EX + "b"].aliases == ["7"]
    assert got[EX + "r"].label == "区"
    assert list(got) == [EX + "a", EX + "b", EX + "r"]  # in the order asked, whatever the chunks


def test_network_from_chunks_is_the_network_from_one_query(store, monkeypatch):  # noqa: ANN001
    iris = [EX + "a", EX + "b", EX + "r"]
    one = projection.network(store, iris)
    monkeypatch.setattr(projection, "FETCH_CHUNK", 1)
    chunked = projection.network(store, iris)
    assert list(one.nodes(data=True)) == list(chunked.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(chunked.edges(keys=True, data=True))
    assert {(u, v, k) for u, v, k in one.edges(keys=True)} == {
        (EX + "a", EX + "r", CKG + "locatedIn"), (EX + "a", EX + "b", CKG + "partner")}

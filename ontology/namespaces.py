"""Namespaces and IRI minting.

Why one module: every IRI the project writes is minted here, so that the same
input always yields the same IRI (DESIGN.md, "Stable IRIs") whichever importer
or region folder it came through.

IRI scheme (all under ``https://w3id.org/chainkg/``):

- ``def#Term``                the ontology's own terms (prefix ``ckg:``)
- ``id/{kind}/{key}``         entities; ``kind`` is a short lower-case class
                              name (``company``, ``chain``, ``region`` ...);
                              ``key`` is the stock code for listed companies,
                              the GB/T 2260 code for regions, otherwise a slug
                              of the Chinese name in pinyin
- ``graph/{slug}``            one named graph per ingested source
- ``graph/catalog``           what was ingested, when and by what (PROV-O)
- ``graph/ontology``          the ontology itself, loaded by ``chainkg build``
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from rdflib import Namespace, URIRef

HERE = Path(__file__).resolve().parent
ONTOLOGY_PATH = HERE / "chainkg.ttl"
SHAPES_PATH = HERE / "shapes.ttl"

BASE = "https://w3id.org/chainkg/"
CKG = Namespace(BASE + "def#")
ID_BASE = BASE + "id/"
ID = Namespace(ID_BASE)
GRAPH_BASE = BASE + "graph/"
CATALOG_GRAPH = URIRef(GRAPH_BASE + "catalog")
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")

QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Prefixes declared in every serialization, query editor and example query.
PREFIXES: dict[str, str] = {
    "ckg": str(CKG),
    "id": ID_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": str(ORG),
    "schema": str(SCHEMA),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTR),
    "nif": str(NIF),
    "sh": "http://www.w3.org/ns/shacl#",
    "void": str(VOID),
    "graph": GRAPH_BASE,
}

#: Short IRI segment for each class that mints entity IRIs.
KIND_OF_CLASS: dict[str, str] = {
    "Company": "company",
    "Organization": "org",
    "IndustryChain": "chain",
    "ChainSegment": "segment",
    "IndustryCluster": "cluster",
    "Sector": "sector",
    "Policy": "policy",
    "Project": "project",
    "Region": "region",
    "Designation": "designation",
    "Industry": "industry",
    "Metric": "metric",
    "Unit": "unit",
    "SourceDocument": "document",
    "Sentence": "sentence",
    "Observation": "observation",
    "Statement": "statement",
    "UpstreamLink": "upstream-link",
    "Mapping": "mapping",
    "EntityLink": "link",
    "Conflict": "conflict",
}

_SLUG_JUNK = re.compile(r"[^a-z0-9.]+")


def slugify(text: str) -> str:
    """A readable, stable ASCII key for a (mostly Chinese) name.

    Chinese characters become toneless pinyin syllables joined by hyphens
    (``洛阳钼业`` -> ``luo-yang-mu-ye``); Latin letters and digits are kept; quotes
    and punctuation are dropped. A name with nothing left to spell falls back to
    a short hash so the key is never empty.
    """
    text = unicodedata.normalize("NFKC", text).strip().lower()
    if text.isascii():
        parts = [text]  # what lazy_pinyin gives for it, without importing pypinyin (0.7 s at every start)
    else:
        from pypinyin import lazy_pinyin

        parts = lazy_pinyin(text)  # non-Chinese runs come back whole
    slug = _SLUG_JUNK.sub("-", "-".join(parts)).strip("-.")
    slug = re.sub(r"-{2,}", "-", slug)
    if not slug:
        slug = "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug


def entity_iri(kind: str, key: str) -> URIRef:
    """The IRI of an entity of ``kind`` (a class name or its short segment).

    ``key`` is used as given when it is already an identifier (a stock code, a
    division code, a slug); anything with characters outside ``[A-Za-z0-9.-_]``
    is slugified first.
    """
    segment = KIND_OF_CLASS.get(kind, kind)
    if not re.fullmatch(r"[A-Za-z0-9._-]+", key):
        key = slugify(key)
    return URIRef(f"{ID_BASE}{segment}/{key}")


def graph_iri(source_slug: str) -> URIRef:
    """The named graph that holds everything ingested from one source."""
    if not re.fullmatch(r"[A-Za-z0-9._-]+", source_slug):
        source_slug = slugify(source_slug)
    return URIRef(GRAPH_BASE + source_slug)


def digest_key(*parts: str, length: int = 16) -> str:
    """A stable key for things without a name (observations, statements, sentences)."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]

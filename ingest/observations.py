"""Statistics as Data Cube observations: the one mapping every importer uses.

A region folder row and a number found in an article become the same shape of
``qb:Observation`` (docs/CONTRACTS.md): value as written with unit and power
of ten, period as written and resolved, bound, status, baseline, area, and
the sentence. Keeping the mapping in one place keeps the two kinds of
statistics comparable in one query, and ``observation_iri`` makes the same
figure from two sources one observation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from chainkg.ingest.units import Unit
from chainkg.ontology.namespaces import CKG, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, digest_key, entity_iri, slugify

Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass
class Statistic:
    """One number, as an importer read it; ``field`` names say where each part came from."""

    subject: URIRef
    metric: str
    value: Decimal
    unit: Unit
    metric_en: str | None = None
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    period_certainty: str | None = None
    bound: URIRef | None = None
    status: URIRef | None = None
    compared_to: str | None = None
    area: URIRef | None = None
    sentence: URIRef | None = None
    curation: str = "curated"
    method: str | None = None


def _canonical(value: Decimal, multiplier: int) -> str:
    """The value in its base unit, in one lexical form (8.80 亿元 and 880000000 元 agree)."""
    v = (value * (Decimal(10) ** multiplier)).normalize()
    return format(v, "f")


def _sentence_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def observation_iri(subject: URIRef, st: Statistic, sentence_text: str | None, graph: Graph | None = None,
                    *, fallback: tuple[str, ...] = ()) -> URIRef:
    """The IRI of a statistic, the same whichever source states it (issue 9).

    Why from the content and not from the source: a region folder row and the number an
    article extraction finds in the sentence the row quotes are one figure, so they must be
    one ``qb:Observation`` that each source states with its own sentence (two provenances),
    not two. The key is what both agree on whatever they call the metric: the subject, the
    value in its base unit, the unit, and the sentence (without spaces, NFKC). Without a
    sentence, ``fallback`` (the metric, the period) stands in for it. Two statistics of one
    source that share the key but not the metric (two figures of one sentence with the
    same value and unit) are told apart by the metric, when ``graph`` is given.
    """
    parts = [str(subject), _canonical(st.value, st.unit.multiplier), str(st.unit.iri)]
    parts.append(_sentence_key(sentence_text) if sentence_text else "|".join(fallback or (st.metric, st.period or "")))
    iri = entity_iri("Observation", digest_key(*parts))
    if graph is not None and (iri, RDF.type, QB.Observation) in graph \
            and (iri, CKG.metric, metric_iri(st.metric)) not in graph:
        iri = entity_iri("Observation", digest_key(*parts, st.metric))
    return iri


def metric_iri(metric: str) -> URIRef:
    return entity_iri("Metric", slugify(metric))


def observation_triples(obs: URIRef, st: Statistic) -> Iterator[tuple[Triple, str | None]]:
    """The triples of observation ``obs``, each with the input field it comes from.

    Includes the metric and unit concepts it uses (their labels), so that a
    source is complete on its own.
    """
    metric = metric_iri(st.metric)
    yield (metric, RDF.type, CKG.Metric), "metric"
    yield (metric, RDFS.label, Literal(st.metric, lang="zh")), "metric"
    if st.metric_en:
        yield (metric, RDFS.label, Literal(st.metric_en, lang="en")), "metric_en"
    unit = st.unit.iri
    yield (unit, RDF.type, CKG.Unit), "unit"
    yield (unit, RDFS.label, Literal(st.unit.base or "（无量纲）", lang="zh")), "unit"
    if st.unit.label_en:
        yield (unit, RDFS.label, Literal(st.unit.label_en, lang="en")), "unit"

    yield (obs, RDF.type, QB.Observation), None
    yield (obs, QB.dataSet, CKG.StatisticsDataSet), None
    yield (obs, CKG.subject, st.subject), "subject"
    yield (obs, CKG.metric, metric), "metric"
    yield (obs, SDMX_MEASURE.obsValue, Literal(str(st.value), datatype=XSD.decimal)), "value"
    yield (obs, SDMX_ATTR.unitMeasure, unit), "unit"
    yield (obs, SDMX_ATTR.unitMult, Literal(st.unit.multiplier, datatype=XSD.integer)), "unit"
    if st.unit.written:
        yield (obs, CKG.unitLabel, Literal(st.unit.written)), "unit"
    if st.period:
        yield (obs, CKG.periodLabel, Literal(st.period)), "period"
    if st.period_start:
        yield (obs, CKG.periodStart, Literal(st.period_start, datatype=XSD.date)), "period_start"
    if st.period_end:
        yield (obs, CKG.periodEnd, Literal(st.period_end, datatype=XSD.date)), "period_end"
    if st.period_certainty:
        yield (obs, CKG.periodCertainty, Literal(st.period_certainty)), "period"
    if st.bound is not None:
        yield (obs, CKG.valueBound, st.bound), "bound"
    if st.status is not None:
        yield (obs, CKG.valueStatus, st.status), "status"
    if st.compared_to:
        yield (obs, CKG.comparedTo, Literal(st.compared_to, lang="zh")), "compared_to"
    if st.area is not None:
        yield (obs, SDMX_DIM.refArea, st.area), "area"
    if st.sentence is not None:
        yield (obs, CKG.sentence, st.sentence), "sentence"
    yield (obs, CKG.curation, Literal(st.curation)), None
    if st.method:
        yield (obs, CKG.extractionMethod, Literal(st.method)), None

"""Statistics as Data Cube observations: the one mapping every importer uses.

A region folder row and a number found in an article become the same shape of
``qb:Observation`` (docs/CONTRACTS.md): value as written with unit and power
of ten, period as written and resolved, bound, status, baseline, area, and
the sentence. Keeping the mapping in one place keeps the two kinds of
statistics comparable in one query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from chainkg.ingest.units import Unit
from chainkg.ontology.namespaces import CKG, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, entity_iri, slugify

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

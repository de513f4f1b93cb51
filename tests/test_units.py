"""Units as sources write them: one base unit and one IRI however a unit is written."""

from __future__ import annotations

import pytest

from chainkg.ingest.units import parse_unit


@pytest.mark.parametrize("written, base, power", [
    ("亿元", "元", 8), ("万家", "家", 4), ("吉瓦时", "GWh", 0), ("GWh", "GWh", 0), ("兆瓦时", "MWh", 0),
    ("吉瓦", "GW", 0), ("万千瓦", "千瓦", 4), ("万头", "头", 4), ("成", "成", 0), ("％", "%", 0),
])
def test_written_units_have_one_base(written: str, base: str, power: int) -> None:
    unit = parse_unit(written)
    assert unit is not None and (unit.base, unit.multiplier) == (base, power)


def test_a_unit_written_two_ways_is_one_iri() -> None:
    assert parse_unit("吉瓦时").iri == parse_unit("GWh").iri
    assert parse_unit("兆瓦").iri == parse_unit("MW").iri


def test_an_unknown_unit_is_none() -> None:
    assert parse_unit("光年每秒") is None

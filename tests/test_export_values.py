"""Value conversion for the network exporters (chainkg.graph.exports.values)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef

from chainkg.graph.exports.values import (
    IRI,
    ColumnTyper,
    clean_text,
    clean_token,
    format_value,
    graphml_type,
    number_or_none,
    to_plain,
)


class _Xsd:
    """xsd terms, without binding rdflib's XSD namespace (pytest probes it and warns)."""

    def __getattr__(self, name: str) -> URIRef:
        return URIRef("http://www.w3.org/2001/XMLSchema#" + name)


XSD = _Xsd()


def column_type(*values):
    t = ColumnTyper()
    for v in values:
        p = to_plain(v)
        if p is not None:
            t.observe(p)
    return t.type


# -- to_plain ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "\x00\x01", float("nan"), float("inf"), [], set()])
def test_absent_values(value):
    assert to_plain(value) is None


def test_decimal_becomes_float():
    assert to_plain(Decimal("1e30")) == 1e30
    assert isinstance(to_plain(Decimal("1.50")), float)
    assert to_plain(Decimal("NaN")) is None
    assert to_plain(Decimal("1e400")) is None  # beyond double: absent, not "inf"


def test_big_integers_stay_whole():
    assert to_plain(2**70) == 2**70
    assert to_plain(Literal(str(2**70), datatype=XSD.integer)) == 2**70


def test_dates_become_iso_strings():
    assert to_plain(dt.date(2024, 1, 2)) == "2024-01-02"
    assert to_plain(dt.datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05"
    assert to_plain(Literal("2024-01-02", datatype=XSD.date)) == "2024-01-02"
    lit = Literal("2024-01-02T10:00:00+08:00", datatype=XSD.dateTime)
    assert to_plain(lit) == "2024-01-02T10:00:00+08:00"  # time zone as written
    assert to_plain(Literal("2024", datatype=XSD.gYear)) == "2024"


def test_rdflib_literals():
    assert to_plain(Literal("1.50", datatype=XSD.decimal)) == 1.5
    assert to_plain(Literal("12", datatype=XSD.integer)) == 12
    assert to_plain(Literal("12", datatype=XSD.nonNegativeInteger)) == 12
    assert to_plain(Literal("true", datatype=XSD.boolean)) is True
    assert to_plain(Literal("洛阳", lang="zh")) == "洛阳"
    assert to_plain(Literal("INF", datatype=XSD.double)) is None
    assert to_plain(Literal("x", datatype=URIRef("http://example.org/dt"))) == "x"
    iri = to_plain(URIRef("https://w3id.org/chainkg/def#Company"))
    assert isinstance(iri, IRI) and iri == "https://w3id.org/chainkg/def#Company"
    assert to_plain(BNode("b1")) == "_:b1"


def test_ill_typed_literal_keeps_its_text():
    import logging

    logging.disable(logging.WARNING)  # rdflib logs the failed conversion
    try:
        assert to_plain(Literal("abc", datatype=XSD.integer)) == "abc"
    finally:
        logging.disable(logging.NOTSET)


def test_numpy_values():
    np = pytest.importorskip("numpy")
    assert to_plain(np.int64(7)) == 7 and type(to_plain(np.int64(7))) is int
    assert to_plain(np.float32(1.5)) == 1.5 and type(to_plain(np.float32(1.5))) is float
    assert to_plain(np.bool_(True)) is True
    assert to_plain(np.float64("nan")) is None
    assert to_plain(np.array([1, 2, 3])) == [1, 2, 3]
    assert to_plain(np.uint64(2**64 - 1)) == 2**64 - 1


def test_lists_and_sets():
    assert to_plain([1, None, 2]) == [1, 2]
    assert to_plain(("b", "a")) == ["b", "a"]
    assert to_plain({"b", "a"}) == ["a", "b"]  # sets sorted: stable output
    assert to_plain([[1, 2], 3]) == ["[1, 2]", 3]  # nested list kept as one JSON item


def test_control_characters_removed():
    assert clean_text("a\x00b\x1fc\x7fd\x85e") == "abcde"
    assert clean_text("tab\tnl\ncr\r") == "tab\tnl\ncr\r"  # legal in XML: kept
    assert clean_text("lone\ud800surrogate\ufffe") == "lonesurrogate"
    assert clean_text("洛阳 😀") == "洛阳 😀"
    assert clean_token("  a\t\nb \x01 c ") == "a b c"
    assert to_plain("a\x00") == "a"


def test_number_or_none():
    assert number_or_none(Decimal("2.5")) == 2.5
    assert number_or_none(True) is None  # a boolean is not a weight
    assert number_or_none("3") is None
    assert number_or_none(Literal("3", datatype=XSD.integer)) == 3.0


# -- one type per column ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((1, 2, -3), "integer"),
        ((1, 2**40), "long"),
        ((1, -(2**63)), "long"),
        ((1, 2**70), "biginteger"),
        ((1, 2.5), "double"),
        ((Decimal("1e30"), 3), "double"),
        ((True, False), "boolean"),
        ((True, 1), "string"),
        ((1, "x"), "string"),
        ((URIRef("http://a"), URIRef("http://b")), "anyURI"),
        ((URIRef("http://a"), "b"), "string"),
        ((dt.date(2024, 1, 1),), "string"),
        ((["a"], ["b", "c"]), "liststring"),
        (([1, 2], 3), "listinteger"),
        (([1, 2**70],), "listbiginteger"),
        (([1.5], 2), "listdouble"),
        (([True],), "listboolean"),
        (([1, "x"],), "liststring"),
        (("single", ["a", "b"]), "liststring"),
        ((None, None, 5), "integer"),
    ],
)
def test_column_types(values, expected):
    assert column_type(*values) == expected


def test_format_values_for_their_column():
    assert format_value(1, "double") == "1.0"
    assert format_value(2**70, "biginteger") == str(2**70)
    assert format_value(True, "string") == "true"
    assert format_value(1.5, "string") == "1.5"
    assert format_value("a", "liststring") == '["a"]'
    assert json.loads(format_value(['q"uote', "b\\s", "nl\nx"], "liststring")) == [
        'q"uote',
        "b\\s",
        "nl x",  # line breaks inside list items become spaces
    ]
    assert format_value([1, 2], "listdouble") == "[1.0, 2.0]"
    assert format_value([2**70], "listbiginteger") == f"[{2**70}]"


def test_graphml_types():
    assert graphml_type("integer") == "int"
    assert graphml_type("long") == "long"
    assert graphml_type("biginteger") == "string"
    assert graphml_type("liststring") == "string"
    assert graphml_type("anyURI") == "string"

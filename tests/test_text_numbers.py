"""Chinese numerals, magnitudes and periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chainkg.ingest.text.numbers import decimal_str, parse_number
from chainkg.ingest.text.periods import find_periods


@pytest.mark.parametrize(
    ("text", "value"),
    [("1286.5", "1286.5"), ("1,140", "1140"), ("千", "1000"), ("一千", "1000"), ("百", "100"),
     ("两百五十", "250"), ("十五", "15"), ("一千二百", "1200"), ("两万三千", "23000"),
     ("一点五", "1.5"), ("1.8万", "18000"), ("三", "3")],
)
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


def test_decimal_str_has_no_exponent() -> None:
    assert decimal_str(Decimal("1E+3")) == "1000"
    assert decimal_str(Decimal("2.50")) == "2.5"


DOC = date(2024, 11, 22)


@pytest.mark.parametrize(
    ("text", "label", "start", "end", "certainty"),
    [
        ("“十四五”末，全市", "“十四五”末", "2025-12-31", "2025-12-31", "stated"),
        ("“十四五”期间累计", "“十四五”期间", "2021-01-01", "2025-12-31", "stated"),
        ("“十四五”以来", "“十四五”以来", "2021-01-01", "2024-11-22", "inferred-from-document-date"),
        ("十三五时期", "十三五时期", "2016-01-01", "2020-12-31", "stated"),
        ("今年1-8月全市", "今年1-8月", "2024-01-01", "2024-08-31", "inferred-from-document-date"),
        ("上半年工业", "上半年", "2024-01-01", "2024-06-30", "inferred-from-document-date"),
        ("1—9月，全市", "1—9月", "2024-01-01", "2024-09-30", "inferred-from-document-date"),
        ("去年12月", "去年12月", "2023-12-01", "2023-12-31", "inferred-from-document-date"),
        ("2023年前三季度", "2023年前三季度", "2023-01-01", "2023-09-30", "stated"),
        ("截至2024年6月底", "截至2024年6月底", "2024-06-30", "2024-06-30", "stated"),
        ("到2027年，", "到2027年", "2027-01-01", "2027-12-31", "stated"),
        ("二〇二三年一季度", "二〇二三年一季度", "2023-01-01", "2023-03-31", "stated"),
    ],
)
def test_period_resolution(text: str, label: str, start: str, end: str, certainty: str) -> None:
    (_a, _b, p), *_ = find_periods(text, DOC)
    assert (p.label, p.start, p.end, p.certainty) == (label, start, end, certainty)


def test_relative_period_without_document_date_is_unresolved() -> None:
    (_a, _b, p), *_ = find_periods("今年上半年，产值增长5%", None)
    assert p.label == "今年上半年" and p.start is None and p.certainty == "unresolved"


def test_bare_period_not_over_at_publication_is_last_year() -> None:
    (_a, _b, p), *_ = find_periods("前三季度，产值增长5%", date(2024, 3, 1))
    assert (p.start, p.end) == ("2023-01-01", "2023-09-30")

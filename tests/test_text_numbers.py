"""Chinese numerals, magnitudes and periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chainkg.ingest.text import extract
from chainkg.ingest.text.numbers import decimal_str, parse_cn_int, parse_number, split_magnitude
from chainkg.ingest.text.periods import find_periods


@pytest.mark.parametrize(
    ("text", "value"),
    [("1286.5", "1286.5"), ("1,140", "1140"), ("千", "1000"), ("一千", "1000"), ("百", "100"),
     ("两百五十", "250"), ("十五", "15"), ("一千二百", "1200"), ("两万三千", "23000"),
     ("一点五", "1.5"), ("1.8万", "18000"), ("三", "3")],
)
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("一千二", 1200), ("三万五", 35000), ("两千五", 2500), ("两千五亿", 250_000_000_000),
     ("一百零五", 105), ("十二万", 120_000), ("一亿二", 120_000_000), ("一亿二千万", 120_000_000),
     ("三万五千", 35_000), ("千亿", 100_000_000_000), ("万亿", 10**12), ("三万亿", 3 * 10**12),
     ("千", 1000), ("十", 10), ("二〇二三", 2023), ("一万零五百", 10500)],
)
def test_chinese_integers_exactly(text: str, value: int) -> None:
    assert parse_cn_int(text) == value
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.2万", "12000"), ("3千", "3000"), ("2.5万亿", "2500000000000"), ("0.07万", "700"),
     ("一点五亿", "150000000")],
)
def test_mixed_digits_and_magnitudes_are_exact(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("nums", "mag", "value", "keep"),
    [("1.8", "万", "1.8", "万"), ("7", "万亿", "7", "万亿"), ("3", "千万", "3000", "万"),
     ("3", "千", "3000", ""), ("两千五", "亿", "2500", "亿"), ("十二", "万", "12", "万"),
     ("", "万亿", "10000", "亿"), ("", "千亿", "1000", "亿"), ("", "万", "1", "万"),
     ("一亿二千", "万", "12000", "万"), ("三万五千", "", "35000", "")],
)
def test_units_keep_the_magnitude_as_written(nums: str, mag: str, value: str, keep: str) -> None:
    assert split_magnitude(nums, mag) == (Decimal(value), keep)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("全市工业投资达两千五亿元。", 2500, "亿元"), ("市值突破万亿元。", 10000, "亿元"),
     ("集聚企业3千家。", 3000, "家"), ("营收达到2.5万亿元。", 2.5, "万亿元"),
     ("从业人员三万五千人。", 35000, "人"), ("市场主体达十二万家。", 12, "万家"),
     ("完成投资一千二百亿元。", 1200, "亿元"), ("新增企业一百零五家。", 105, "家"),
     ("累计投资3千万元。", 3000, "万元"), ("产值超1.2万亿元。", 1.2, "万亿元")],
)
def test_statistics_with_written_numbers(text: str, value: float, unit: str) -> None:
    got = [(s["value"], s["unit"]) for s in extract("苏州市" + text)["statistics"]]
    assert (value, unit) in got, got


def test_numerals_inside_words_are_not_amounts() -> None:
    r = extract("格林美三元前驱体销量居世界第二，数千家企业参与，连跨两个千亿台阶。")
    assert [(s["value"], s["unit"]) for s in r["statistics"]
            if s["unit"] in ("元", "家", "亿台")] == []


def test_class_label_is_a_scale_of_the_named_clusters() -> None:
    r = extract("芜湖培育了新能源汽车、智能家电2个千亿级产业集群。")
    got = {(s["subject"], s["value"], s["unit"]) for s in r["statistics"]}
    assert ("新能源汽车产业集群", 1000, "亿元") in got and ("智能家电产业集群", 1000, "亿元") in got
    assert any(v == 2 and u == "个" for _s, v, u in got)


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

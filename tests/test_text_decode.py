"""Decoding and clean-up of article files: encodings, HTML, refusals, messy text."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainkg.ingest.text import TextInputError, decode_bytes, read_document
from chainkg.ingest.text.sentences import normalize, prepare
from chainkg.server.cli import main

FIXTURES = Path(__file__).parent / "text_fixtures"
ARTICLE = "合肥市今年1—6月新能源汽车产量42.4万辆，同比增长37.1%。\n国轩高科是动力电池产业链链主企业。\n"


def test_utf8_with_and_without_bom() -> None:
    for data in (ARTICLE.encode("utf-8"), b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")):
        doc = decode_bytes(data, "a.txt")
        assert doc.text.startswith("合肥市")
        assert doc.kind == "text"


def test_gbk_file_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes(ARTICLE.encode("gbk"))
    doc = read_document(p)
    assert doc.encoding == "gb18030"
    assert "国轩高科" in doc.text


def test_gbk_html_with_charset(tmp_path: Path) -> None:
    html = ('<html><head><meta charset="gb2312"><title>株洲新闻</title></head>'
            "<body><p>株洲市新增规上工业企业120家。</p></body></html>")
    p = tmp_path / "page.html"
    p.write_bytes(html.encode("gbk"))
    doc = read_document(p)
    assert doc.kind == "html" and doc.title == "株洲新闻"
    assert "新增规上工业企业120家" in doc.text


def test_html_page_text_title_date_and_no_chrome() -> None:
    doc = read_document(FIXTURES / "zhuzhou-2024-rail.html")
    assert doc.title == "株洲轨道交通装备产业集群迈向世界级"
    assert doc.date == "2024-07-12"
    assert doc.url and doc.url.startswith("https://")
    assert "不应出现的脚本文字" not in doc.text  # script
    prep = prepare(doc.text)  # the page's link bar, breadcrumb and footer go here
    texts = " ".join(s.text for s in prep.sentences)
    for chrome in ("政务公开", "版权所有", "分享到", "当前位置", "浏览次数"):
        assert chrome not in texts
    assert any(d["reason"] for d in prep.dropped)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"%PDF-1.7\n" + bytes(50), "PDF document"),
        (b"abc\x00def\x00" * 20, "binary"),
        (bytes(range(128, 256)) * 4, "decode"),
    ],
)
def test_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(TextInputError) as info:
        decode_bytes(data, "some/file.txt")
    assert str(info.value).startswith("some/file.txt: ")
    assert message in str(info.value)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 10])
def test_cli_refuses_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       content: bytes) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    assert main(["extract", str(p)]) == 2
    err = capsys.readouterr().err
    assert "bad.txt" in err and "Traceback" not in err


def test_folder_with_a_bad_file_writes_nothing(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from chainkg.graph.store import open_store
    from chainkg.ingest.text import ingest_text_paths

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    st = open_store("memory")
    with pytest.raises(TextInputError, match="b-empty.txt"):
        ingest_text_paths(st, [folder])
    assert not [s for s in st.sources() if "article" in s.graph]
    assert main(["--store", "memory", "ingest", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "b-empty.txt" in err and "Traceback" not in err


def test_normalize_keeps_length_and_offsets() -> None:
    raw = "产值１２８６亿元，增长１５．３％（初步统计）"
    norm = normalize(raw)
    assert len(norm) == len(raw)
    assert "1286亿元" in norm and "15.3%" in norm and "(初步统计)" in norm


def test_header_dates_duplicates_and_offsets() -> None:
    text = (" date 2024-05-06 5月6日，苏州市召开新闻发布会，全市工业投资增长8%。\n\n"
            "5月6日，苏州市召开新闻发布会，全市工业投资增长8%。\n"
            "首页 > 新闻 > 经济\n"
            "全市新增高新技术企业300家。\n"
            "（苏州日报记者 张三）\n"
            "本网站所载文章仅供参考，转载请注明出处。\n")
    prep = prepare(text)
    assert prep.header == {"date": "2024-05-06"}
    assert prep.text_dates == ["5月6日"]
    texts = [s.text for s in prep.sentences]
    assert texts.count("5月6日，苏州市召开新闻发布会，全市工业投资增长8%。") == 1
    assert not any("首页" in t or "记者" in t or "仅供参考" in t for t in texts)
    for s in prep.sentences:
        assert text[s.start:s.end] == s.text
    reasons = {d["reason"] for d in prep.dropped}
    assert {"duplicate", "navigation", "byline/disclaimer"} <= reasons or "navigation/disclaimer" in reasons

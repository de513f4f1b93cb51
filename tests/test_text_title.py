"""An article without a title (a plain text file) is named by the start of its first sentence, not by its
file name (issue 11: the document page and the source list showed the file name). Fails before: the title
was the file's stem."""

from __future__ import annotations

from pathlib import Path

from chainkg.ingest.text import extract_file, title_from_text


def test_a_plain_text_article_is_named_by_what_it_says(tmp_path: Path) -> None:
    path = tmp_path / "qinglan-2024-report.txt"
    path.write_text("2024年，青岚市坚持把制造业高质量发展作为主攻方向，全市规模以上工业增加值增长8.6%。"
                    "青岚时代营业收入超过150亿元。\n", encoding="utf-8")
    _, result = extract_file(path)
    assert result["document"]["title"] == "2024年，青岚市坚持把制造业高质量发展作为主攻方向"


def test_title_from_text_cuts_long_sentences() -> None:
    long = "青岚" * 40 + "。"
    assert title_from_text([{"text": long}]) == "青岚" * 20 + "…"
    short_first = "短句。后面还有很多很多很多的内容"
    assert title_from_text([{"text": short_first + "，继续写下去"}]) == short_first
    assert title_from_text([]) is None

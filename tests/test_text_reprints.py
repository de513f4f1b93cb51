"""Reprint furniture and broken lines, in the shapes real copied pages have (texts written for these tests)."""

from __future__ import annotations

from chainkg.ingest.text import extract
from chainkg.ingest.text.sentences import prepare

PAGE = (
    "无障碍辅助浏览 长者助手 繁体版 简体版\n"
    "当前位置: 首页 > 新闻中心 > 工业经济\n"
    "某某网>>江西频道>>要闻\n"
    "\n"
    "赣州稀土产业链加快延链补链\n"
    "\n"
    "2024-03-18 09:12:30    来源:江西日报\n"
    "信息来源:赣州日报 时间:2024-03-18 字体: [大] [中] [小]\n"
    "订阅已订阅已收藏收藏小字号\n"
    "(资料图片)\n"
    "  新华网 赣州3月17日电 (记者 李明 王芳)赣州市稀土新材料产业链今年1-2月实现营收128亿元,同比增长9.6%。\n"
    "稀土永磁电机生产线一字排开。 张华 摄\n"
    "媒体团走进赣州工业园(刘洋 摄)\n"
    "全市规上工业增加值同比增长8.5%,其中\n"
    "高技术制造业增长12.3%。\n"
    "扫描二维码,分享此文章\n"
    "责任编辑:王五\n"
    "Copyright © 2024 某某网 版权所有\n"
)


def test_page_chrome_metadata_and_credits_are_dropped() -> None:
    prep = prepare(PAGE)
    texts = [s.norm for s in prep.sentences]
    joined = " ".join(texts)
    for word in ("无障碍", "当前位置", "频道", "来源", "字体", "订阅", "资料图片", "摄", "二维码",
                 "责任编辑", "版权所有"):
        assert word not in joined, word
    assert prep.header["date"] == "2024-03-18"
    assert "媒体团走进赣州工业园" in texts
    for s in prep.sentences:
        assert PAGE[s.start:s.end] == s.text


def test_dateline_is_its_own_sentence_and_not_the_subject() -> None:
    prep = prepare(PAGE)
    texts = [s.norm for s in prep.sentences]
    assert "新华网 赣州3月17日电" in texts
    lead = next(t for t in texts if t.startswith("赣州市稀土"))
    assert "记者" not in lead
    assert any(d["reason"] == "byline" and "李明" in d["text"] for d in prep.dropped)


def test_sentence_broken_over_two_lines_is_joined() -> None:
    prep = prepare(PAGE)
    broken = [s for s in prep.sentences if "其中" in s.norm]
    assert len(broken) == 1
    s = broken[0]
    assert s.norm == "全市规上工业增加值同比增长8.5%,其中高技术制造业增长12.3%。"
    assert "\n" in s.text and PAGE[s.start:s.end] == s.text
    r = extract(PAGE, doc_date="2024-03-18")
    got = {(x["value"], x["unit"]) for x in r["statistics"]}
    assert {(128, "亿元"), (9.6, "%"), (8.5, "%"), (12.3, "%")} <= got


def test_title_left_open_closes_lines_later() -> None:
    text = "《关于加快稀土产业\n\n(资料图片)\n\n高质量发展的意见》印发\n全市落实意见。"
    prep = prepare(text)
    assert prep.sentences[0].norm == "《关于加快稀土产业高质量发展的意见》印发"


def test_headings_are_not_joined_to_the_paragraph() -> None:
    text = "培育“领跑者”企业 增强集群协同力\n全省已培育286家“领跑者”企业,覆盖107个重点产业集群。"
    prep = prepare(text)
    assert len(prep.sentences) == 2

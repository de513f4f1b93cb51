"""One language at a time (issue 11): every kind of page, in Chinese and in English, shows no
interface string of the other language.

The interface strings are read out of the sources, where each is written as a pair
(``T('中文', 'English')`` in the templates, ``t(zh, en)`` in server/, the tables of
``chainkg.server.i18n``), so a string added in one language only, or a page that still prints
both, is caught without a list kept here. Data values (entity names, codes, IRIs) are not
interface strings: text inside an entity link, ``<code>``, scripts, form values and elements
marked with their own ``lang`` (the language switch) is not read. A string counts as shown
when it stands as a word of a text: for Chinese, not inside a longer run of Chinese characters
(洛阳 the placeholder is not 洛阳市 the data); for English, not inside a longer word.

Before this, every page printed both languages side by side (``产业链 Chains``, ``补链 Gaps``),
so the test fails on every page kind of the old main.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chainkg.server import i18n

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"
PAIR = re.compile(r"""\b[Tt]\(\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1\s*,\s*(['"])((?:(?!\3)[^\\]|\\.)*)\3\s*\)""")
CJK = re.compile(r"[\u3400-\u9fff]")


def ui_pairs() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for path in [*SERVER.glob("templates/**/*.html"), *SERVER.glob("*.py")]:
        for m in PAIR.finditer(path.read_text(encoding="utf-8")):
            pairs.append((m.group(2), m.group(4)))
    for table in (i18n.STATUS, i18n.SOURCE_KINDS):
        pairs += list(table.values())
    pairs.append(i18n.NO_NATIONAL_DATA)
    return pairs


def fragments(text: str) -> list[str]:
    """The literal parts of a string with ``%s``/``%d`` holes (each long enough to mean something)."""
    return [f.strip(" :：,，.。()（）·") for f in re.split(r"%[sd]", text)]


def words(lang: str) -> set[str]:
    """The interface strings of the *other* language than ``lang`` (those the two share are left out)."""
    zh_all, en_all = set(), set()
    for zh, en in ui_pairs():
        zh_all.update(f for f in fragments(zh) if CJK.search(f) and len(f) >= 2)
        short = 6 if "%" in en else 4  # a piece of a sentence with holes ("page %d of %d") is a word only if long
        en_all.update(f for f in fragments(en)
                      if re.search(r"[A-Za-z]{3}", f) and not CJK.search(f) and len(f) >= short)
    # English words that are also names in the Chinese interface (formats, product names) are not the other language
    en_all -= {"SPARQL", "JSON", "GEXF", "GraphML", "Turtle", "N-Triples", "JSON-LD", "N-Quads", "Gephi", "chainkg"}
    return en_all if lang == "zh" else zh_all


#: Elements whose text is a value of the data (a name, an alias, the other language's title of a map).
DATA_CLASSES = {"data", "lit", "alias", "alt"}


class Text(HTMLParser):
    """The text a person reads on a page (and its titles and placeholders), data values left out."""

    SKIP = {"script", "style", "code", "pre", "textarea", "option", "template"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base", "embed", "param",
            "track"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True: inside something whose text is data or deliberately in a language
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        skip = (tag in self.SKIP or "lang" in a and tag != "html" or (tag == "a" and a.get("href", "").startswith(
            ("/id/", "https://w3id.org/"))) or bool(DATA_CLASSES & set(a.get("class", "").split())))
        if not (self.stack and self.stack[-1]) and not ("lang" in a and tag != "html"):
            for k in ("title", "placeholder", "aria-label", "alt"):
                if a.get(k):
                    self.texts.append(a[k])
        if tag not in self.VOID:
            self.stack.append(skip or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data.strip())


def shown(text: str, word: str) -> bool:
    for m in re.finditer(re.escape(word), text):
        before, after = text[m.start() - 1: m.start()], text[m.end(): m.end() + 1]
        if CJK.search(word):
            if not (CJK.search(before) and CJK.search(word[0])) and not (CJK.search(after) and CJK.search(word[-1])):
                return True
        elif not re.match(r"\w", before) and not re.match(r"\w", after):
            return True
    return False


def other_language(html: str, lang: str) -> list[tuple[str, str]]:
    parser = Text()
    parser.feed(html)
    forbidden = words(lang)
    return [(w, t) for t in parser.texts for w in forbidden if shown(t, w)]


def check(client, url: str, lang: str, status: int = 200) -> str:  # noqa: ANN001
    sep = "&" if "?" in url else "?"
    r = client.get(f"{url}{sep}lang={lang}", headers={"Accept": "text/html"})
    assert r.status_code == status, (url, r.status_code)
    html = r.get_data(as_text=True)
    assert f'<html lang="{"en" if lang == "en" else "zh-CN"}"' in html or f'<html lang="{lang}"' in html, url
    bad = other_language(html, lang)
    assert not bad, f"{url} ({lang}) shows the other language: {bad[:8]}"
    return html


REGIONAL_PAGES = [
    ("/", 200), ("/chains", 200), ("/clusters", 200), ("/chain/lv-ji-xin-cai-liao-chan-ye-lian", 200),
    ("/explore?iri=https://w3id.org/chainkg/id/company/603993.SH", 200), ("/id/company/603993.SH", 200),
    ("/id/chain/lv-ji-xin-cai-liao-chan-ye-lian", 200), ("/browse/Company", 200), ("/browse/Policy", 200),
    ("/search?q=洛阳", 200), ("/queries", 200), ("/sparql", 200), ("/sources", 200), ("/help", 200),
    ("/analysis/gaps?region=洛阳&industry=工业金属", 200), ("/analysis/path?from=铁矿石&to=乘用车", 200),
    ("/analysis/industries", 200), ("/no/such/page", 404), ("/browse/Company?page=x", 400),
    ("/id/company/no-such-company", 404),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_kind_in_one_language(client, lang: str) -> None:  # noqa: ANN001
    for url, status in REGIONAL_PAGES:
        check(client, url, lang, status)
    clusters = re.findall(r'href="(/cluster/[^"?]+)"', client.get("/clusters").get_data(as_text=True))
    assert clusters
    check(client, clusters[0], lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_analysis_pages_before_the_national_data_give_the_hint_in_the_language(client, lang: str) -> None:  # noqa: ANN001
    hint = i18n.NO_NATIONAL_DATA[1 if lang == "en" else 0]
    for url in ("/analysis/gaps?region=洛阳&industry=工业金属", "/analysis/path?from=铁矿石&to=乘用车",
                "/analysis/industries"):
        html = check(client, url, lang)
        assert hint in html and "chainkg ingest --format ashare-chain" in html, url
        assert "Bad Request" not in html and "请求有误" not in html, url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_national_pages_in_one_language(national_app, lang: str) -> None:  # noqa: ANN001
    client = national_app.test_client()
    html = check(client, "/analysis/gaps?region=洛阳&chain=" + "https://w3id.org/chainkg/id/chain/lv-ji-xin-cai-liao-chan-ye-lian",
                 lang)
    # the strengths' direction is a word of the page's language, not the code of the data
    directions = re.findall(r'<td class="direction">([^<]*)</td>', html)
    assert directions, "the gap page lists no strengths"
    allowed = {"上游", "下游", "上下游", ""} if lang == "zh" else {"upstream", "downstream", "both ways", ""}
    assert set(directions) <= allowed, directions
    check(client, "/analysis/path?from=铁矿石&to=乘用车", lang)
    check(client, "/analysis/industries", lang)
    check(client, "/browse/Company?exchange=SH", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_entity_predicates_are_labelled_in_the_language(client, lang: str) -> None:  # noqa: ANN001
    """Every predicate an entity page shows has a label in the page's language from the ontology."""
    for path in ("/id/company/603993.SH", "/id/chain/lv-ji-xin-cai-liao-chan-ye-lian"):
        data = client.get(path + ".json").get_json()
        html = client.get(f"{path}?lang={lang}", headers={"Accept": "text/html"}).get_data(as_text=True)
        for grp in data["outgoing"] + data["incoming"]:
            local = re.split(r"[#/]", grp["predicate"])[-1]
            label = grp["label_en"] if lang == "en" else grp["label"]
            assert label and label != local, f"{grp['predicate']} has no {lang} label"
            assert bool(CJK.search(label)) == (lang == "zh"), (grp["predicate"], label)
            assert label in html


def test_the_choice_is_remembered_and_the_switch_keeps_the_page(client) -> None:  # noqa: ANN001
    r = client.get("/chains?lang=en", headers={"Accept": "text/html"})
    assert "chainkg_lang=en" in r.headers.get("Set-Cookie", "")
    html = client.get("/browse/Company", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<html lang="en"' in html  # the cookie, without the parameter
    assert 'href="/browse/Company?lang=zh"' in html
    client.get("/?lang=zh")
    assert '<html lang="zh' in client.get("/browse/Company").get_data(as_text=True)

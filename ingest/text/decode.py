"""Bytes -> article text, with the title, date and URL a file carries.

Why: analysts drop whatever their browser or crawler saved: UTF-8 with or
without BOM, GBK pages from older government sites, HTML with navigation and
meta tags, and sometimes the wrong file (a PDF, an image, an empty file). Each
gets decoded, or refused with a message naming the file, before anything else
runs, so a bad file never leaves half a graph behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from chainkg.ingest.text.errors import TextInputError

#: Leading bytes of common binary formats, to name them in the refusal.
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
]

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<meta|<body|<!--)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


@dataclass
class RawDocument:
    """A decoded file: the article text plus what the file says about itself."""

    path: str
    text: str
    encoding: str
    kind: str  # "text" or "html"
    title: str | None = None
    date: str | None = None  # ISO date from HTML meta, when present
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def iso_date(text: str) -> str | None:
    """``2024-9-30``, ``2024/09/30``, ``2024年9月30日`` -> ``2024-09-30`` (None if not a date)."""
    m = _ISO_DATE.search(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes)"
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if head and ctrl / len(head) > 0.05:
        return "a binary file (many control bytes)"
    return None


def _decode(data: bytes, path: str, is_html: bool) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    candidates = ["utf-8"]
    if is_html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore").lower()
            # GB2312/GBK pages often use characters only GB18030 (a superset) has.
            if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
                declared = "gb18030"
            candidates.insert(0, declared)
    candidates.append("gb18030")
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise TextInputError(
        path, "cannot decode the file: it is neither UTF-8 nor GBK/GB18030; save it as UTF-8"
    )


class _HTMLText(HTMLParser):
    """HTML -> text with one line per block; skips scripts, styles and page chrome."""

    SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
            "select", "button", "iframe", "svg", "template"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
             "table", "section", "article", "blockquote", "pre", "dd", "dt", "hr"}
    #: put before each cell (td, th); a line with two or more is a table row, written ``a | b | c``
    #: (what ``chainkg.ingest.text.tables`` reads); elsewhere (a page laid out in a table) it goes
    CELL = "\x1f"
    DATE_META = ("article:published_time", "og:published_time", "pubdate", "publishdate",
                 "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.issued",
                 "firstpublishedtime", "created")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
        if tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(self.CELL)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = []
        for ln in raw.split("\n"):
            ln = re.sub(r"[ \t\r\f\v]+", " ", ln)
            if ln.count(self.CELL) >= 2:
                ln = " | ".join(c.strip() for c in ln.split(self.CELL)).strip(" ")
            lines.append(ln.replace(self.CELL, " ").strip())
        return "\n".join(ln for ln in lines if ln)

    def date(self) -> str | None:
        for key in self.DATE_META:
            if key in self.meta:
                d = iso_date(self.meta[key])
                if d:
                    return d
        return None


def html_to_text(html: str) -> tuple[str, str | None, str | None, dict[str, str]]:
    """Text, title, ISO date and meta tags of an HTML page."""
    p = _HTMLText()
    p.feed(html)
    p.close()
    title = (p.h1 or p.title or "").strip() or None
    if title:
        title = re.sub(r"\s+", " ", title)
    return p.text(), title, p.date(), p.meta


def decode_bytes(data: bytes, path: str = "<input>") -> RawDocument:
    """Decode one file's bytes, or raise ``TextInputError`` saying why it is refused."""
    if not data.strip():
        raise TextInputError(path, "the file is empty; nothing to extract")
    what = _binary_kind(data)
    if what:
        raise TextInputError(path, f"this is {what}, not a text or HTML article")
    is_html = path.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) or bool(
        _HTML_START.match(data[:512])
    )
    text, enc = _decode(data, path, is_html)
    if "\ufffd" in text[:2000] and text.count("\ufffd") > 20:
        raise TextInputError(path, "the text has many undecodable characters; save it as UTF-8")
    if not is_html:
        return RawDocument(path=path, text=text.replace("\r\n", "\n").replace("\r", "\n"),
                           encoding=enc, kind="text")
    body, title, date, meta = html_to_text(text)
    if not body.strip():
        raise TextInputError(path, "the HTML page has no visible text")
    url = meta.get("og:url") or meta.get("canonical")
    return RawDocument(path=path, text=body, encoding=enc, kind="html", title=title, date=date,
                       url=url, meta=meta)


def read_document(path: str | Path) -> RawDocument:
    """Read and decode one file; a missing or unreadable file is a ``TextInputError`` too."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise TextInputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise TextInputError(str(path), "is a folder; give a file") from None
    except OSError as exc:
        raise TextInputError(str(path), f"cannot read the file ({exc.strerror})") from None
    return decode_bytes(data, str(path))

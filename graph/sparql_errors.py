"""SPARQL syntax errors that a person can act on: where, a caret under the spot, what was expected, in words.

Why: Oxigraph reports a syntax error as ``error at 1:26: expected one of OPTIONAL, Prefix
not found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}' …`` — the position is right, the rest is
the grammar's internals. This module keeps the position, shows the line with a caret,
and turns the expectations into a sentence in Chinese and in English: an undeclared
prefix, an unclosed string, a selected variable that is not grouped, a missing keyword
or punctuation. The raw message stays available (``raw``) for machines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


@dataclass
class SyntaxExplanation:
    """A syntax error explained: position (1-based), the line, and the messages in zh and en."""

    raw: str
    line: int | None = None
    column: int | None = None
    excerpt: str = ""
    caret: str = ""
    zh: str = ""
    en: str = ""
    expected: list[str] = field(default_factory=list)

    def text(self, lang: str | None = None) -> str:
        """The explanation as plain text (both languages unless ``lang`` is "zh" or "en")."""
        where_en = f" at line {self.line}, column {self.column}" if self.line else ""
        where_zh = f"（第{self.line}行第{self.column}列）" if self.line else ""
        head = []
        if lang in (None, "en"):
            head.append(f"SPARQL syntax error{where_en}: {self.en}")
        if lang in (None, "zh"):
            head.append(f"SPARQL 语法错误{where_zh}：{self.zh}")
        block = f"\n    {self.excerpt}\n    {self.caret}" if self.excerpt else ""
        return "\n".join(head) + block + f"\n(engine: {self.raw[:300]})"

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "excerpt": self.excerpt, "caret": self.caret,
                "message_zh": self.zh, "message_en": self.en, "expected": self.expected, "raw": self.raw}


def _tokens(expected: str) -> list[str]:
    """The alternatives Oxigraph lists, without the character classes."""
    out = []
    depth = 0
    cur = ""
    for ch in expected:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            continue
        if depth:
            continue
        if ch == ",":
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return [t.strip('"') for t in out if t and t not in ("_",)]


def explain(message: str, query: str, *, line_offset: int = 0) -> SyntaxExplanation:
    """Explain Oxigraph's syntax error ``message`` for ``query`` (``line_offset``: lines prepended to it)."""
    raw = re.sub(r"^SPARQL syntax error:\s*", "", message.strip())
    ex = SyntaxExplanation(raw=raw)
    m = _POSITION.search(raw)
    rest = raw
    if m:
        ex.line = max(1, int(m.group(1)) - line_offset)
        ex.column = int(m.group(2))
        rest = m.group(3)
        ex.raw = raw = raw[:m.start()] + f"error at {ex.line}:{ex.column}: " + rest
        lines = query.splitlines() or [""]
        if ex.line <= len(lines):
            text = lines[ex.line - 1]
            col = min(max(ex.column - 1, 0), len(text))
            start = max(0, col - 60)
            ex.excerpt = text[start:col + 40]
            pad = "".join("　" if ord(c) > 0x2E7F else " " for c in text[start:col])
            ex.caret = pad + "^"
    rest = rest.replace("expected one of", "expected").replace("expected", "", 1).strip()
    alternatives = _tokens(rest)
    ex.expected = [a for a in alternatives if a not in ("Prefix not found",)]
    near = _word_at(query, ex.line, ex.column, line_offset)
    if "Prefix not found" in raw:
        prefix = near.split(":", 1)[0] if ":" in near else ""
        ex.en = (f"the prefix '{prefix}:' is not declared; add PREFIX {prefix}: <…> at the top" if prefix
                 else "a prefix is not declared; add PREFIX name: <…> at the top")
        ex.zh = (f"前缀“{prefix}:”未声明，请在开头加上 PREFIX {prefix}: <…>" if prefix
                 else "有前缀未声明，请在开头加上 PREFIX 前缀: <…>")
    elif "unbound" in raw and "SELECT" in raw:
        ex.en = "a selected variable is neither grouped (GROUP BY) nor aggregated (COUNT, SAMPLE …)"
        ex.zh = "SELECT 中有变量既不在 GROUP BY 中，也没有用聚合函数（COUNT、SAMPLE 等）"
    elif _in_string(query, ex.line, ex.column):
        ex.en = "a string is not closed: add the closing quote"
        ex.zh = "字符串没有结束：请补上右引号"
    else:
        words = [a for a in ex.expected if re.fullmatch(r"[A-Za-z]+|[^\w\s]{1,2}", a)]
        listed = ", ".join(words[:8]) + (" …" if len(words) > 8 else "")
        if words:
            ex.en = f"expected {'one of ' if len(words) > 1 else ''}{listed}" + (f" before '{near}'" if near else "")
            ex.zh = f"此处应为 {listed}" + (f"（在“{near}”之前）" if near else "")
        else:
            ex.en = "the query does not parse here" + (f" ('{near}')" if near else "")
            ex.zh = "查询在此处无法解析" + (f"（“{near}”）" if near else "")
    return ex


def _in_string(query: str, line: int | None, column: int | None) -> bool:
    """Whether the position falls after an opening quote that was never closed (on that line)."""
    if not line or not column:
        return False
    lines = query.splitlines()
    if line > len(lines):
        return False
    before = re.sub(r"\\.", "", lines[line - 1][: max(column - 1, 0)])
    before = re.sub(r"<[^<>\s]*>", "", before)  # IRIs
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _word_at(query: str, line: int | None, column: int | None, offset: int) -> str:
    if not line or not column:
        return ""
    lines = query.splitlines()
    if line > len(lines):
        return ""
    text = lines[line - 1]
    col = max(column - 1, 0)
    m = re.match(r"[^\s{}()]+", text[col:])
    if m:
        return m.group()[:40]
    m = re.search(r"[^\s{}()]+$", text[:col])
    return m.group()[:40] if m else ""

"""Stock codes in one normal form: six digits, a dot, the exchange (``603993.SH``).

Why a normal form: the data set writes a code bare (``301079``) in one file and
suffixed (``301079.SZ``) in another, so without one form a company and its
industry never meet. A bare code gets its suffix from the exchanges' numbering
rules; the importer then checks the inferred suffix against the row's own
``location`` (the exchange's name) and reports every disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Exchange suffix -> the exchange's Chinese name, as the data set writes it.
EXCHANGES: dict[str, str] = {
    "SH": "上海证券交易所",
    "SZ": "深圳证券交易所",
    "BJ": "北京证券交易所",
}
SUFFIX_OF_EXCHANGE = {name: suffix for suffix, name in EXCHANGES.items()}

#: Numbering rules, first match wins (two-digit prefixes before one-digit ones):
#: 60 main board, 68 STAR, 90 B shares in Shanghai; 00 main board, 30 ChiNext,
#: 20 B shares in Shenzhen; 92, 8 and 4 on the Beijing exchange (and the NEEQ before it).
PREFIX_RULES: tuple[tuple[str, str], ...] = (
    ("60", "SH"), ("68", "SH"), ("90", "SH"),
    ("00", "SZ"), ("30", "SZ"), ("20", "SZ"),
    ("92", "BJ"), ("8", "BJ"), ("4", "BJ"),
)

_CODE = re.compile(r"(\d{6})(?:\.([A-Za-z]{2}))?")


def exchange_by_prefix(digits: str) -> str | None:
    """The exchange suffix the numbering rules give six digits, or None."""
    for prefix, suffix in PREFIX_RULES:
        if digits.startswith(prefix):
            return suffix
    return None


@dataclass(frozen=True)
class CodeReading:
    """What was made of one raw code: the normal form (None if none) and how."""

    raw: str
    code: str | None
    #: "suffixed" (already normal), "bare" (suffix inferred), "lowercase" (suffix
    #: upper-cased), or why nothing could be made of it ("malformed", "unknown-prefix",
    #: "unknown-suffix").
    form: str
    #: the suffix the numbering rules give, when it disagrees with a written suffix
    conflict: str | None = None


def read_code(raw: object) -> CodeReading:
    """Normalise a raw stock code; never guesses beyond the numbering rules."""
    text = str(raw).strip() if raw is not None else ""
    m = _CODE.fullmatch(text)
    if not m:
        return CodeReading(text, None, "malformed")
    digits, suffix = m.group(1), m.group(2)
    by_prefix = exchange_by_prefix(digits)
    if suffix is None:
        if by_prefix is None:
            return CodeReading(text, None, "unknown-prefix")
        return CodeReading(text, f"{digits}.{by_prefix}", "bare")
    upper = suffix.upper()
    if upper not in EXCHANGES:
        return CodeReading(text, None, "unknown-suffix")
    conflict = by_prefix if by_prefix is not None and by_prefix != upper else None
    form = "suffixed" if suffix == upper else "lowercase"
    return CodeReading(text, f"{digits}.{upper}", form, conflict)

"""Linking companies named elsewhere (a region folder, an article) to their national records.

Why: the Luoyang article says 洛阳钼业; the national data set has 603993.SH with
the short name 洛阳钼业 and the full name 洛阳栾川钼业集团股份有限公司. Both must
be one IRI, ``id/company/603993.SH``. Region folders key a listed company by its
code and the text importer's gazetteer matches the labels and aliases already in
the graph, so after this import they reuse the national IRI; these functions
let an importer ask for it, and let a test or a curator find any company that
was minted twice anyway.
"""

from __future__ import annotations

from typing import Any

from chainkg.graph.store import GraphStore
from chainkg.ontology.namespaces import CKG, PREFIXES, SCHEMA

_NAMES = (f"<{PREFIXES['rdfs']}label>|<{PREFIXES['skos']}altLabel>|<{SCHEMA}legalName>")


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def resolve_company(store: GraphStore, name: str) -> list[str]:
    """IRIs of listed companies (with a ckg:stockCode) called ``name``: label, alias or full name."""
    rows = store.select(
        f"""SELECT DISTINCT ?c WHERE {{ ?c a <{CKG.Company}> ; <{CKG.stockCode}> ?code ;
              {_NAMES} ?n . FILTER(str(?n) = {_lit(name.strip())}) }} ORDER BY ?c"""
    )
    return [r["c"].value for r in rows]


def duplicate_companies(store: GraphStore) -> list[dict[str, Any]]:
    """Companies without a stock code that share a name with a listed company.

    Each is a company minted twice: ``{"company", "listed", "code", "name"}``.
    An empty list means every company named like a listed one is that one.
    """
    rows = store.select(
        f"""SELECT DISTINCT ?b ?a ?code ?n WHERE {{
              ?a a <{CKG.Company}> ; <{CKG.stockCode}> ?code ; {_NAMES} ?n .
              ?b a <{CKG.Company}> ; {_NAMES} ?n .
              FILTER(?a != ?b) FILTER NOT EXISTS {{ ?b <{CKG.stockCode}> ?other }} }}
            ORDER BY ?b ?a"""
    )
    return [
        {"company": r["b"].value, "listed": r["a"].value, "code": r["code"].value,
         "name": r["n"].value}
        for r in rows
    ]

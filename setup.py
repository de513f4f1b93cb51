"""The package list, derived from the folders (pyproject.toml holds everything else).

Why a setup.py: the four top-level folders are one import namespace (``ontology/`` is
``chainkg.ontology`` …, DESIGN.md), which setuptools' declarative ``packages.find``
cannot express, and a hand-written list misses new subpackages (a wheel once shipped
without ``chainkg.server.commands``). Every folder with an ``__init__.py`` under the four
is a package.
"""

from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
FOLDERS = {"ontology": "chainkg.ontology", "graph": "chainkg.graph", "ingest": "chainkg.ingest",
           "server": "chainkg.server"}


def packages() -> list[str]:
    found = []
    for folder, name in FOLDERS.items():
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            rel = init.parent.relative_to(ROOT / folder)
            if "__pycache__" not in rel.parts:
                found.append(".".join([name, *rel.parts]))
    return found


setup(packages=packages())

"""How large an input ``chainkg ingest`` reads: one limit per kind of file, each configurable.

Why limits and not streaming: every importer holds a source whole until it is validated
and written in one transaction (``pipeline``: nothing is written unless all of it is
good), and what a byte of input costs differs by kind. Measured on this machine (2
cores, shared), peak memory of the whole ``chainkg ingest``:

- a region folder's CSV file: about 2 ms and 55 KB per row (rdflib terms, the origin of
  every value for the error messages, the SHACL check): a 1.75 MB ``statistics.csv`` of
  5,000 rows took 14 s and 415 MB, 7 MB (20,000 rows) 40 s and 1.3 GB, and a 50 MB one
  ran past 500 s and 8.5 GB. Limit 2 MB a file: a folder is kept by people in a
  spreadsheet (the bundled ones are under 25 KB); larger data belongs in an RDF file.
- an article (.txt/.html): a 1 MB plain-text article took 42 s and 960 MB, 2 MB 63 s
  and 1.5 GB; 20 MB ran past 400 s. Limit 1 MB a file (about 350,000 Chinese
  characters, a book rather than an article; an HTML page's markup counts too).
- an RDF file: held as pyoxigraph triples, checked in one pass and bulk-loaded in parts,
  about 11 MB of memory per MB of N-Triples for a small file and 5.3 MB for a large one
  (70 MB, 423,000 triples: 18 s and 810 MB; 516 MB, 3.1 million triples: 196 s and 2.7 GB).
  Limit 1 GB a file, which leaves the generated national data set of 100,000 companies
  (516 MB) in reach.

A file above its limit is refused before it is read, with the limit and the variable
that sets it in the message. Set a variable to a larger number of bytes for a bigger
machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from chainkg.ingest.errors import IngestError, Problem

#: kind -> (environment variable, default bytes, what it is called in the message)
LIMITS: dict[str, tuple[str, int, str]] = {
    "csv": ("CHAINKG_MAX_CSV_BYTES", 2 * 1024 * 1024, "a CSV file of a region folder"),
    "article": ("CHAINKG_MAX_ARTICLE_BYTES", 1024 * 1024, "an article"),
    "rdf": ("CHAINKG_MAX_RDF_BYTES", 1024 * 1024 * 1024, "an RDF file"),
}
ADVICE = {
    "csv": "split the folder, or put data this large in an RDF file",
    "article": "split it into its parts (one file per chapter or section)",
    "rdf": "split it into several files (each its own source)",
}


def limit(kind: str) -> int:
    """The largest file of ``kind`` (``csv``, ``article``, ``rdf``) that is read, in bytes."""
    env, default, _ = LIMITS[kind]
    try:
        return max(1, int(os.environ.get(env, "") or default))
    except ValueError:
        return default


def size_words(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n:,} bytes"


def too_large(path: Path, kind: str) -> Problem | None:
    """The problem of a file above its limit, or None."""
    size, most = path.stat().st_size, limit(kind)
    if size <= most:
        return None
    env, _, what = LIMITS[kind]
    return Problem(str(path), None, None, f"the file is {size_words(size)}, above the limit of {size_words(most)} "
                                          f"for {what} ({env}); {ADVICE[kind]}")


def check_size(path: Path, kind: str) -> None:
    """Raise ``IngestError`` if ``path`` is above the limit of its kind."""
    problem = too_large(path, kind)
    if problem is not None:
        raise IngestError(problem)

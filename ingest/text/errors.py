"""Errors of the text ingest.

Why a subclass: the CLI prints any ``UserError`` as one message without a
traceback (docs/CONTRACTS.md); ``TextInputError`` adds the file name so the
message always says which file was refused.
"""

from __future__ import annotations

from chainkg.ingest.errors import UserError

__all__ = ["TextInputError", "UserError"]


class TextInputError(UserError):
    """A text or HTML file that cannot be read as an article (empty, binary, undecodable)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")

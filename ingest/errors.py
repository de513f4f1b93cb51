"""Errors raised while reading a source: they name the file, the line and the field."""

from __future__ import annotations

from chainkg.graph.errors import StoreError, UserError

__all__ = ["IngestError", "StoreError", "UserError", "Problem"]


class Problem:
    """Where in the input something is wrong, and what."""

    __slots__ = ("file", "line", "field", "message")

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class IngestError(UserError):
    """A source that cannot be ingested; nothing was written."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
            return
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        lines = [str(p) for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more problems")
        super().__init__("\n".join(lines))

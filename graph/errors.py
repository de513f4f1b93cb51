"""Errors a user can cause and fix, as opposed to bugs.

The CLI prints a ``UserError`` as one clear message and exits with status 2; the
server answers it with a 4xx. Anything else is a bug and keeps its traceback.
"""


class UserError(Exception):
    """A problem with the user's input or environment, explained in ``str(self)``."""


class StoreError(UserError):
    """The store cannot be opened or used as asked (locked, missing, wrong kind)."""

"""Progress of long work on a terminal: a bar with items, rate and time left, then one summary line.

Why tqdm: it is the maintained library for this, draws on stderr, and stays quiet when
told to. The rule here: a bar only when standard error is a terminal (a log file or a
pipe gets no control characters), and always one summary line at the end, so that a
3.6-million-triple ingest does not run for minutes without a word.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def bar(*, total: int | None, unit: str, desc: str, enabled: bool | None = None,
        summary: bool = True) -> Iterator[Callable[[int], None]]:
    """A context giving ``tick(n)`` to advance by ``n`` items; a tqdm bar when ``enabled`` (default: stderr is a
    terminal), and a summary line on stderr at the end (``desc: N units in T s (R units/s)``)."""
    show = sys.stderr.isatty() if enabled is None else enabled
    start = time.perf_counter()
    done = 0
    pbar = None
    if show:
        from tqdm import tqdm

        pbar = tqdm(total=total, unit=f" {unit}", unit_scale=True, desc=desc, file=sys.stderr, leave=False,
                    dynamic_ncols=True)

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if pbar is not None:
            pbar.update(n)

    try:
        yield tick
    finally:
        if pbar is not None:
            pbar.close()
        if summary:
            seconds = time.perf_counter() - start
            rate = f" ({done / seconds:,.0f} {unit}/s)" if seconds > 0 and done else ""
            print(f"{desc}: {done:,} {unit} in {seconds:.1f} s{rate}", file=sys.stderr)

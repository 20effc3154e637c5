"""The table every bench group writes its figures into, and the timing helpers the groups share."""

from __future__ import annotations

import statistics
import sys
import time
from typing import Callable

ROWS: list[tuple[str, str, str]] = []


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time in seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, value: str, target: str = "") -> None:
    ROWS.append((name, value, target))
    print(f"  {name}: {value}", file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"

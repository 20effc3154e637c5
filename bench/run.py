"""Speed and memory figures for dejiden. Prints a table; targets are shown beside the figures.

    python -m bench.run            # everything
    python -m bench.run model      # one group (model, tui, export, ssh)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
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


def bench_model() -> None:
    from model import completeness, draft, municipalities
    from model.example import seed_report
    from prompts.data import checklist_spec

    spec = checklist_spec()
    report = seed_report()
    row("check: seed example", ms(timed(lambda: completeness.check(report, spec), 50)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.toml"
        full = draft.Draft(report)
        draft.save(path, full)
        row("autosave: full draft (atomic, fsync, backup)", ms(timed(lambda: draft.save(path, full), 20)))
        row("load: full draft", ms(timed(lambda: draft.load(path), 20)))
        cities = municipalities.municipalities(include_prefectures=False)
        texts = []
        for m in cities:
            r = seed_report()
            r.header.prefecture, r.header.municipality, r.header.lg_code = m.prefecture, m.name, m.code
            texts.append(draft.dumps(draft.Draft(r)))

        def check_all() -> None:
            for text in texts:
                loaded = draft.loads(text)
                assert completeness.check(loaded.report, spec).complete

        total = timed(check_all, 1)
        row(f"load+check: {len(texts)} drafts (one per municipality)", f"{total:.2f} s ({total / len(texts) * 1000:.2f} ms each)")


GROUPS: dict[str, Callable[[], None]] = {"model": bench_model}


def main(argv: list[str]) -> int:
    names = argv or list(GROUPS)
    for name in names:
        print(f"[{name}]", file=sys.stderr)
        GROUPS[name]()
    width = max(len(r[0]) for r in ROWS)
    print(f"| {'measure'.ljust(width)} | value | target |")
    print(f"|{'-' * (width + 2)}|-------|--------|")
    for name, value, target in ROWS:
        print(f"| {name.ljust(width)} | {value} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

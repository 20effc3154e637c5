"""The tui group: the app's start-up in fresh processes against a minimal Textual floor, and the answer round trip.

``python -m bench.run tui``; how it is measured: docs/bench.md (Start-up)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.table import ms, row


def _start(*args: str) -> tuple[dict[str, float], int]:
    """A fresh process's marks (``first`` paint with the question, ``answered``: an answer typed at
    once handled) in seconds from the spawn, and its peak RSS in KiB."""
    import json
    import subprocess

    start = time.time()
    out = subprocess.run([sys.executable, "-m", "bench.headless", *args], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    marks, rss = out.stdout.strip().splitlines()[-2:]
    return {k: v - start for k, v in json.loads(marks).items()}, int(rss)


def _compile_packages() -> None:
    """Byte-compile our packages as an install does (pip writes .pyc; an editable checkout with
    PYTHONDONTWRITEBYTECODE would otherwise recompile them in every process, unlike Textual's)."""
    import compileall

    root = Path(__file__).parents[1]
    for package in ("model", "prompts", "tui", "bench"):
        compileall.compile_dir(root / package, quiet=1)


def bench_tui() -> None:
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    _compile_packages()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.toml"
        report = seed_report()
        report.header.phone = None
        runs = 9
        opened: list[dict[str, float]] = []
        floor: list[float] = []
        bound: list[float] = []
        rss = []
        for _ in range(runs):  # interleaved so both see the same machine state
            draft.save(path, draft.Draft(report))  # the same draft every time (the answer is saved)
            marks, kib = _start("dejiden", str(path))
            opened.append(marks)
            rss.append(kib)
            floor.append(_start("floor")[0]["first"])
            bound.append(_start("floor", "pydantic")[0]["first"])
        floor_t = statistics.median(floor)
        bound_t = statistics.median(bound)
        first = statistics.median(r["first"] for r in opened)
        answered = statistics.median(r["answered"] for r in opened)
        row(f"start-up until an answer typed at once is handled (median of {runs})", ms(answered),
            f"≤1.5× floor: {answered / floor_t:.2f}×")
        row("  … first paint with the question", ms(first), f"{first / floor_t:.2f}×")
        row("floor: minimal Textual app, label + input, first paint", ms(floor_t))
        row("bound: the same app after importing pydantic's BaseModel (nothing of ours)", ms(bound_t),
            f"{bound_t / floor_t:.2f}×")
        row("peak memory of the app process (RSS)", f"{max(rss) / 1024:.0f} MiB")
        times = asyncio.run(_round_trip(Path(tmp), LATE + 40))
        early, late = statistics.median(times[:40]), statistics.median(times[LATE:])
        row("answer round trip (submit → saved → next shown), median of the first 40", ms(early),
            f"≤30 ms; < 0.1× floor's first paint: {early / floor_t:.3f}×")
        row(f"  … the same after {LATE} answers (a whole report's worth in the log), median of 40", ms(late),
            f"{late / early:.2f}× the first 40")


LATE = 200  # answers: about what one report takes (the seed's is 80, 15 KPIs 169)


async def _round_trip(folder: Path, samples: int = 40) -> list[float]:
    """Answer 担当部局名 again and again: Enter reaching the app → next question painted, each time."""
    from bench.headless import timed_answers
    from dejiden.model import draft
    from dejiden.model.example import seed_report
    from dejiden.tui.app import AppConfig, make_app

    path = folder / "rt.toml"
    draft.save(path, draft.Draft(seed_report(), draft.Session(current="header.department")))
    app = make_app(AppConfig(path=path, data_dir=folder, blink=False))

    def back_to_department(screen) -> None:
        screen.walker.goto("header.department")
        screen.ask()

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        return await timed_answers(app, [f"政策財政課{i}" for i in range(samples)], before_each=back_to_department)

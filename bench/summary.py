"""Summary figures: ``dejiden summary`` of one generated report per municipality (1,741), time and peak memory.

The reports are the seed with each municipality's name and code, 5–15 KPIs (the seed's five repeated
with numbered names), targets and actuals varied (some 未計測, some 減少KPI or minus targets), and the
narrative each KPI's final status asks for — complete reports, as a receiver gets them. They are
written as drafts into a temporary folder; the command runs in a fresh process, as a person runs it,
and its wall time and peak RSS (``wait4``) are the figures.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

BOOKS = 100  # workbooks: each is read by the import reader, much slower than a draft (see docs/bench.md)


def generated(index: int, municipality) -> "Report":  # noqa: F821
    from dejiden.model.example import seed_data
    from dejiden.model.report import Report

    rng = random.Random(index)
    data = seed_data()
    data["header"].update(prefecture=municipality.prefecture, municipality=municipality.name, lg_code=municipality.code)
    seed_kpis = data["kpis"]
    kpis = []
    for j in range(rng.randint(5, 15)):
        kpi = {k: v for k, v in seed_kpis[j % len(seed_kpis)].items() if not k.startswith("narrative")}
        kpi["name"] = f"{kpi['name']}（{j + 1}）"
        kind = rng.random()
        for year in (2022, 2023):
            target = rng.randint(1, 500)
            actual: int | float | str = round(target * rng.uniform(0.2, 1.8), 1)
            if kind < 0.1:
                actual = "未計測"
            elif kind < 0.2:
                kpi["note"] = "減少KPI"
            elif kind < 0.25:
                target, actual = -target, round(-target * rng.uniform(-0.5, 1.5), 1)
            kpi[f"fy{year}"] = {"target": target, "actual": actual}
        kpis.append(kpi)
    data["kpis"] = kpis
    report = Report.model_validate(data)
    for kpi in report.kpis:
        box = "narrative_achieved" if kpi.status(2023) == "達成" else "narrative_unachieved"
        setattr(kpi, box, "2025年3月末に計測し、達成に向けて取組を続ける。")
    return report


def write_reports(folder: Path) -> tuple[int, int]:
    """One draft per municipality in ``folder``; returns (reports, KPIs)."""
    from dejiden.model import draft, municipalities

    kpis = 0
    cities = municipalities.municipalities(include_prefectures=False)
    for i, m in enumerate(cities):
        report = generated(i, m)
        kpis += len(report.kpis)
        (folder / f"{m.code}.toml").write_text(draft.dumps(draft.Draft(report)), encoding="utf-8")
    return len(cities), kpis


def write_books(folder: Path, n: int) -> None:
    """The first ``n`` generated reports as exported workbooks (what a receiver is usually sent)."""
    from dejiden.model import municipalities, workbook

    for i, m in enumerate(municipalities.municipalities(include_prefectures=False)[:n]):
        workbook.export(generated(i, m), None, folder / f"{m.code}.xlsx")


def run_summary(folder: Path, out: Path) -> tuple[float, int, float]:
    """(seconds, peak RSS in KiB, CPU seconds) of ``dejiden summary folder -o out`` in a fresh process.

    The CPU time (user + system) hardly depends on what else the shared machine runs; the wall time does."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "dejiden.tui.cli", "summary", str(folder), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(process.stderr.read().decode("utf-8", "replace")[:2000])
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def bench_summary(row: Callable[..., None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        reports, kpis = write_reports(folder)
        runs = [run_summary(folder, Path(tmp) / "summary.xlsx") for _ in range(3)]
        seconds = sorted(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        cpu = min(r[2] for r in runs)
        load = os.getloadavg()[0]
        size = (Path(tmp) / "summary.xlsx").stat().st_size
        row(f"summary: {reports:,} reports, {kpis:,} KPIs (drafts → one workbook, fresh process)",
            f"{seconds[0]:.1f} s (median {seconds[1]:.1f} s; CPU {cpu:.1f} s; load {load:.1f}), peak RSS {rss / 1024:.0f} MiB, "
            f"file {size / 1024 / 1024:.1f} MiB",
            "≤10 s, ≤500 MiB")
        books = Path(tmp) / "books"
        books.mkdir()
        write_books(books, BOOKS)
        seconds, rss, cpu = run_summary(books, Path(tmp) / "books.xlsx")
        row(f"summary: {BOOKS} exported workbooks (.xlsx, read by the import reader)",
            f"{seconds:.1f} s ({seconds / BOOKS * 1000:.0f} ms each; CPU {cpu:.1f} s), peak RSS {rss / 1024:.0f} MiB")

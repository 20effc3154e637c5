"""Speed and memory figures for dejiden. Prints a table; targets are shown beside the figures.

    python -m bench.run            # everything
    python -m bench.run model      # one group (form, model, tui, export, crafted, ssh, bytes, keys, summary, editions)

The larger groups live in modules of their own (``bench/tui.py``, ``export.py``, ``summary.py``, ``keys.py``,
``wire.py``); the figures go into one table (``bench/table.py``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench.table import ROWS, kib, ms, row, timed


def bench_model() -> None:
    from dejiden.model import completeness, draft, municipalities
    from dejiden.model.example import seed_report
    from dejiden.prompts.data import checklist_spec

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


def bench_tui() -> None:
    from bench.tui import bench_tui as run

    run()


def bench_summary() -> None:
    from bench.summary import bench_summary as run

    run(row)


def bench_export() -> None:
    from bench.export import bench_export as run

    run(row, ms)


def bench_crafted() -> None:
    """Reading hostile workbooks (issue 22): each is read or refused within WORKBOOK_BOUNDS, well under a second."""
    from dejiden.model import workbook
    from dejiden.model.example import seed_report
    from tests.test_workbook_bounds import CRAFTED, inline, with_cell

    seed = workbook.to_bytes(seed_report())
    row("import: the seed's own workbook", ms(timed(lambda: workbook.import_workbook(seed), 5)))
    books = {name: craft(seed) for name, craft in CRAFTED.items()}
    books["cell_150000_chars"] = with_cell(seed, "B6", inline("B6", "長" * 150_000))
    for name, data in books.items():
        row(f"import crafted: {name}", ms(timed(lambda: workbook.import_workbook(data), 3)), "< 1 s")


def _sessions(sessions: int, pace: float) -> tuple[list[float], list[int]]:
    import json
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        folders = [Path(tmp) / f"s{i}" for i in range(sessions)]
        procs = []
        for folder in folders:
            folder.mkdir()
            procs.append(subprocess.Popen([sys.executable, "-m", "bench.headless", "session", str(folder), str(pace)],
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                          cwd=Path(__file__).parents[1]))
        while not all((f / "ready").exists() for f in folders):
            time.sleep(0.05)
        (Path(tmp) / "go").touch()
        outputs = [p.communicate()[0] for p in procs]
    times, rss = [], []
    for out in outputs:
        lines = out.strip().splitlines()
        times += json.loads(lines[-2])
        rss.append(int(lines[-1]))
    return sorted(times), rss


def bench_ssh(sessions: int = 20) -> None:
    """Concurrent headless sessions on this machine, each answering the seed report's header."""
    for pace, what in ((2.0, "an answer every 2 s each"), (0.0, "burst: as fast as possible")):
        times, rss = _sessions(sessions, pace)
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        row(f"{sessions} sessions, {what}: round trip median", ms(statistics.median(times)), "≤30 ms (alone)")
        row(f"{sessions} sessions, {what}: round trip p95", ms(p95), f"{len(times)} answers")
    row("memory per session (peak RSS, mean)", f"{statistics.mean(rss) / 1024:.0f} MiB")


def bench_form() -> None:
    """The form as data: definition rows vs code lines naming a field; open+check per edition."""
    import re

    from dejiden.model import completeness, draft
    from dejiden.model.carry import carry_over
    from dejiden.model.edition import editions
    from dejiden.model.example import seed_report

    root = Path(__file__).parents[1]
    eds = editions()
    rows = eds[0].definition.all_rows
    names = {r.name for r in rows if r.group != "checklist"}
    pattern = re.compile("|".join(rf"[\"'.]{re.escape(n)}[\"']" for n in sorted(names)))  # a field named in a string
    # A field's path in a string: header.phone, kpis[*].unit, f"{base}.note" (a bare word may be a type or a tone;
    # a list's path, budget.planned.expenses or kpis[2], names no field).
    paths_re = re.compile(r"[\"'][^\"'\s]*\.(?:" + "|".join(map(re.escape, sorted(names))) + r")[\"']")
    # The definition loader (form, edition, and formcheck, which checks an administrator's rows as they
    # are loaded; its NEEDED names the rows the code reads by attribute, so removing one is refused
    # instead of crashing) and the rule registry may name fields; nothing else should.
    allowed = {"model/form.py", "model/edition.py", "model/formcheck.py", "model/behaviour.py"}
    lines = [line for folder in ("model", "prompts") for f in sorted((root / folder).rglob("*.py"))
             if str(f.relative_to(root)) not in allowed
             for line in f.read_text("utf-8").splitlines() if not line.strip().startswith("#")]
    code = [line for line in lines if pattern.search(line)]
    row("form: definition rows (fields + checklist questions)", f"{len(rows)} rows")
    row("form: code lines with a field name in quotes (model/, prompts/)", f"{len(code)} lines",
        "131 before issue 19; counts tones and type names too")
    row("form: code lines with a field path in quotes (model/, prompts/)", f"{len([x for x in lines if paths_re.search(x)])} lines",
        "0: decisions are row columns")
    for ed in eds:
        text = draft.dumps(draft.Draft(carry_over(seed_report(), ed).report if ed.id != "r3-hosei-type1" else seed_report()))

        def open_and_check(text: str = text) -> None:
            completeness.check(draft.loads(text).report)

        row(f"open+check one draft: {ed.id}", ms(timed(open_and_check, 50)), "≤ 0.8 ms (before)")


def _hostile_editions(folder: Path) -> None:
    """An editions folder as a shared server's may become: its limit of editions, a FIFO, a link to /dev/zero, 50 MB."""
    import os

    from dejiden.model import edition

    edition.copy_files(edition.load_edition("r4-hosei-type1"), folder)
    text = (folder / "r4_hosei_type1.toml").read_text("utf-8")
    (folder / "r4_hosei_type1.toml").unlink()
    for i in range(edition.MAX_FILES - 3):
        (folder / f"r9_k{i:02d}.toml").write_text(text.replace('"r4-hosei-type1"', f'"r9-k{i:02d}"'), "utf-8")
    os.mkfifo(folder / "r9_fifo.toml")
    (folder / "r9_zero.toml").symlink_to("/dev/zero")
    with open(folder / "r9_big.toml", "wb") as big:
        big.truncate(50_000_000)


def bench_editions() -> None:
    """Reading a hostile $DEJIDEN_EDITIONS folder at start-up (every start reads it whole; the shipped editions stay parsed)."""
    import os

    from dejiden.model import edition

    def read() -> None:
        edition.reload()
        edition.editions()

    with tempfile.TemporaryDirectory() as tmp:
        _hostile_editions(Path(tmp))
        os.environ[edition.FOLDER_ENV] = tmp
        try:
            row(f"editions read at start-up: hostile folder ({edition.MAX_FILES - 3} editions, a FIFO, a link, 50 MB)",
                ms(timed(read, 3)), "< 1 s")
        finally:
            del os.environ[edition.FOLDER_ENV]
            edition.reload()


def bench_bytes(idle: float = 60.0) -> None:
    """Bytes the app writes to an 80×24 pty: first screen, per answer, per idle minute (see bench/wire.py)."""
    from bench import wire
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    with tempfile.TemporaryDirectory() as tmp:
        got = wire.measure(Path(tmp), wire.header_answers(), idle)
    with tempfile.TemporaryDirectory() as tmp:
        report = seed_report()
        report.header.phone = None
        draft.save(Path(tmp) / "r.toml", draft.Draft(report))
        reopened = wire.measure(Path(tmp), [], 1.0)
        # the cursor blinks in a line's input (a new draft's first question is a choice list, with none)
        blink = wire.measure(Path(tmp), [], 10.0, {"DEJIDEN_BLINK": "1"}, settle=3.0)
    row("bytes to draw the first screen (new draft, 80×24 pty)", kib(got["first"]))
    row("bytes to draw the first screen (reopening the seed draft, one answer missing)", kib(reopened["first"]))
    row(f"bytes per answer (typing + Enter → next question; mean of {got['answers']})", kib(got["answer"]))
    row("  of which: per key typed (the input redrawn)", f"{got['typing_per_key']:.0f} B")
    row("  of which: Enter → answer in the log, next question drawn", kib(got["enter"]))
    row(f"bytes per idle minute (measured over {idle:.0f} s)", f"{got['idle_per_min']:.0f} B", "0 — " + (
        "met" if got["idle_per_min"] == 0 else "NOT met"))
    row("  (with DEJIDEN_BLINK=1, reopened at a line's input: bytes per idle minute, over 10 s)", kib(blink["idle_per_min"]))
    with tempfile.TemporaryDirectory() as tmp:
        plain = wire.measure_plain(Path(tmp), wire.header_answers())
    row("plain mode (--plain): bytes before the first answer (new draft, 80×24 pty)", kib(plain["first"]))
    row(f"plain mode: bytes per answer (echo + reply + next question; mean of {plain['answers']}, largest beside it)",
        f"{plain['answer']:.0f} B (largest {plain['largest']:.0f} B)",
        "≤0.5 KiB — " + ("met" if plain["answer"] <= 512 else "NOT met"))


def bench_keys() -> None:
    """Keys per data character, the seed and a 15-KPI report typed through the walker (bench/keys.py)."""
    from bench import keys

    for name, walked in keys.figures():
        row(f"keys ÷ data characters, {name} ({walked.questions} answers, {walked.keys} keys / {walked.data_chars})",
            f"{walked.ratio:.3f}", "≤1.05 — " + ("met" if walked.ratio <= 1.05 else "NOT met"))
        row("  (the same without the narrative boxes)", f"{walked.ratio_without_narratives:.3f}")


GROUPS: dict[str, Callable[[], None]] = {"form": bench_form, "model": bench_model, "tui": bench_tui, "export": bench_export,
                                         "crafted": bench_crafted, "ssh": bench_ssh, "bytes": bench_bytes, "keys": bench_keys,
                                         "summary": bench_summary, "editions": bench_editions}


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

"""The fuzz corpus of malformed drafts and workbooks (issue 9), built in code so the repository stays small.

``python -m tests.corpus measure FOLDER`` writes the corpus into FOLDER, runs ``dejiden check`` on each
draft and ``dejiden import`` on each workbook in this one process, and prints, per case, the exit
code, whether a traceback escaped, and the peak of Python allocations (tracemalloc) as JSON.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

from dejiden.model import draft
from dejiden.model.example import seed_report

SEED = draft.dumps(draft.Draft(seed_report()))


def draft_cases() -> dict[str, bytes]:
    """Malformed drafts, each reproducing a finding or a neighbour of one."""
    e = "utf-8"
    return {
        "checklist_number_list": b'[checklist]\n"1-1" = [1]\n',
        "checklist_table": b'[checklist]\n"1-1" = {a = 1}\n',
        "nested_150": ("x = " + "[" * 150 + "]" * 150 + "\n").encode(e),
        "nested_5000": ("x = " + "[" * 5000 + "]" * 5000 + "\n").encode(e),
        "nested_tables": ("[header]\nphone = " + "{a = " * 300 + "1" + "}" * 300 + "\n").encode(e),
        "huge_comment": SEED.encode(e) + b"#" + b"x" * (3 * 1024 * 1024) + b"\n",
        "invalid_utf8": b'edition = "r3-hosei-type1"\n[header]\nmunicipality = "\xe4\xbc\x9a\xff"\n',
        "bom": b"\xef\xbb\xbf" + SEED.encode(e),
        "only_bom": b"\xef\xbb\xbf",
        "empty": b"",
        "nul_bytes": b"\x00" * 64,
        "unterminated_string": b'[header]\nmunicipality = "abc',
        "unterminated_line": b'[header]\nmunicipality = "abc\nphone = "1"\n',
        "kpis_46496": b"[[kpis]]\n" * 46496,
        "kpis_max_plus_one": b'[[kpis]]\nname = "a"\n' * 400,
        "budget_rows_many": b"[[budget.planned.expenses]]\n" * 3000,
        "checklist_many": b"[checklist]\n" + b"".join(f'"k{i}" = "x"\n'.encode() for i in range(2000)),
        "edition_path": b'edition = "../../../../etc/evil"\n',
        "edition_number": b"edition = 5\n",
        "schema_text": b'schema_version = "1"\n',
        "session_wrong_types": b'[session]\npending = 5\nclosed = "x"\ncurrent = [1]\n',
        "session_escapes": b'[session]\npending = "\\u001b]2;pwned\\u0007\\u001b[41m\\u001b[5;1H"\n'
                           b'pending_for = "header.phone"\ncurrent = "header.phone"\n',
        "key_with_escapes": b'"\\u001b]2;pwned\\u0007" = 1\n',
        "markup_in_values": '[header]\nmunicipality = "[@click=app.quit]町[/]"\nproject_name = "a[/]b"\n'.encode(e),
        "header_is_a_list": b"header = [1, 2]\n",
        "kpis_is_a_table": b"kpis = {a = 1}\n",
        "kpi_year_is_a_number": b"[[kpis]]\nfy2023 = 5\n",
        "kpi_year_far": b"[[kpis]]\nfy99999 = {target = 1}\n",
        "numbers_extreme": b"[[kpis]]\nfy2023 = {target = inf, actual = nan}\nfy2022 = {target = 1e308}\n",
        "amount_negative": b"[[budget.planned.expenses]]\nitem = \"a\"\namount = -5\n",
        "date_with_time": b"[header]\nentry_date = 1979-05-27T07:32:00Z\n",
        "long_line": ('[header]\nmunicipality = "' + "あ" * 300_000 + '"\n').encode(e),
        "duplicate_key": b'edition = "r3-hosei-type1"\nedition = "r3-hosei-type1"\n',
        "carriage_returns": b'[header]\rmunicipality = "x"\r',
        "binary_garbage": bytes(range(256)) * 16,
    }


def _edit_xml(data: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == member else body)
    return out.getvalue()


def book_cases(folder: Path) -> dict[str, Path]:
    """Workbooks made by export and then damaged the ways Excel, a person or an attacker would."""
    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName

    from dejiden.model import workbook
    from dejiden.model.workbook.layout import MAIN_SHEET, META_SHEET
    from dejiden.prompts.data import checklist_spec

    spec = checklist_spec()
    folder.mkdir(parents=True, exist_ok=True)
    seed = folder / "seed.xlsx"
    workbook.export(seed_report(), spec, seed)
    cells = {c.name: c for c in workbook.layout(seed_report().ed, spec)}
    made: dict[str, Path] = {}

    def edited(name: str, change) -> None:
        wb = openpyxl.load_workbook(seed)
        change(wb)
        made[name] = folder / f"{name}.xlsx"
        wb.save(made[name])

    def cell(wb, name):
        return workbook.read.cell_at(wb, cells[name])

    def meta(key, value):
        def change(wb):
            for row in wb[META_SHEET].iter_rows():
                if row[0].value == key:
                    row[1].value = value
        return change

    edited("meta_kpis_1e8", meta("kpis", 10**8))
    edited("meta_kpis_1e30", meta("kpis", 1e30))
    edited("meta_budget_1e8", meta("budget.planned.expenses", 10**8))
    edited("meta_edition_path", meta("edition", "../../../../etc/evil"))
    edited("meta_kpis_text", meta("kpis", "many"))
    edited("defined_name_range", lambda wb: wb.defined_names.__setitem__(
        "header_manager_name", DefinedName("header_manager_name", attr_text=f"'{MAIN_SHEET}'!$B$7:$C$8")))
    edited("defined_name_garbage", lambda wb: wb.defined_names.__setitem__(
        "header_manager_name", DefinedName("header_manager_name", attr_text="#REF!")))

    def error_value(wb):
        c = cell(wb, "header_manager_name")
        c.value, c.data_type = "#NAME?", "e"
    edited("error_value", error_value)
    edited("formula_without_value", lambda wb: setattr(cell(wb, "header_manager_name"), "value", "=A1&A2"))
    edited("text_40000", lambda wb: setattr(cell(wb, "header_project_name"), "value", "長" * 40000))
    edited("narrative_320", lambda wb: setattr(cell(wb, "kpi1_narrative_unachieved"), "value", "あ" * 320))
    edited("choice_prefix", lambda wb: setattr(cell(wb, "header_collaboration"), "value", "広域"))
    edited("escapes_in_text", lambda wb: setattr(cell(wb, "header_department"), "value", "課\x9b31m[red]x[/]"))
    edited("checklist_sheet_renamed", lambda wb: setattr(wb[spec.sections[0].title], "title", "別の名前"))
    edited("main_sheet_renamed", lambda wb: setattr(wb[MAIN_SHEET], "title", "報告書(2)"))
    data = seed.read_bytes()
    raw = {
        "not_a_zip": b"not a workbook at all",
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "zip_bomb": _edit_xml(data, "xl/worksheets/sheet1.xml",
                              lambda body: body.replace(b"</sheetData>", b"</sheetData>" + b" " * (64 << 20))),
        "many_members": _many_members(),
    }
    for name, body in raw.items():
        made[name] = folder / f"{name}.xlsx"
        made[name].write_bytes(body)
    return made


def _many_members() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(5000):
            z.writestr(f"x/{i}", b"")
    return out.getvalue()


def prepare(folder: Path) -> None:
    """Write every case's files and the command line for each (cases.json) into ``folder``."""
    cases = [("draft:" + n, ["check", str(_write(folder / f"{n}.toml", b))]) for n, b in draft_cases().items()]
    cases += [("book:" + n, ["import", str(p), "-o", str(folder / f"{n}.out.toml"), "--force"])
              for n, p in book_cases(folder / "books").items()]
    (folder / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")


def measure(folder: Path) -> dict[str, dict]:
    """Run every prepared case through the command line in this process (made fresh for it, so that
    building the crafted files does not raise its memory high-water mark): the peak of each."""
    import contextlib
    import gc
    import resource
    import tracemalloc

    import openpyxl  # noqa: F401 - loaded before the first case, so no case is charged for it

    from dejiden.model import report  # noqa: F401
    from dejiden.tui.cli import main

    def rss() -> float:
        """The process's resident-set high-water mark in MB (VmHWM: C allocations count too)."""
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def reset_peak() -> None:
        """Start the high-water mark again from the current size ("5" to clear_refs, Linux ≥ 4.0)."""
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")

    cases = json.loads((folder / "cases.json").read_text("utf-8"))
    results: dict[str, dict] = {}
    gc.collect()
    tracemalloc.start()
    for name, argv in cases:
        tracemalloc.reset_peak()
        reset_peak()
        before = rss()
        started = time.perf_counter()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code, tb = main(argv), False
            except BaseException as exc:  # noqa: BLE001 - what the test looks for
                code, tb = repr(exc), True
        results[name] = {"code": code, "traceback": tb, "peak_mb": tracemalloc.get_traced_memory()[1] / 2**20,
                         "rss_growth_mb": rss() - before,  # C allocations too (zlib, the XML parser)
                         "seconds": time.perf_counter() - started,
                         "message": (err.getvalue() or out.getvalue())[:400]}
    return results


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


if __name__ == "__main__":  # pragma: no cover - run by tests/test_corpus.py in a subprocess
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        os.makedirs(sys.argv[2], exist_ok=True)
        print(json.dumps(measure(Path(sys.argv[2])), ensure_ascii=False))

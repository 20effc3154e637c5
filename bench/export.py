"""Export figures: the workbook against bare openpyxl writing the same cells, and where the time goes.

Runs are interleaved (export, floors, bound, export, …) so every measure sees the same machine
state; the minimum is the figure least disturbed by other work on a shared machine, the median is
shown beside it. The "bound" replays this very workbook through openpyxl's public API from a
prepared list (cells with their named style, number format and value; merged ranges; defined names;
row heights and column widths) with none of the form's logic: no export that writes this workbook
with openpyxl can be faster, so it tells how much of the export is ours and how much openpyxl's.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROUNDS = 15


def _cells(wb) -> list[tuple[str, Any]]:
    return [(ws.title, c) for ws in wb for c in ws._cells.values()]  # every cell the file holds, blanks included


def _floor(cells: list[tuple[str, str, Any]], out: Path) -> Callable[[], None]:
    import openpyxl

    def write() -> None:
        bare = openpyxl.Workbook()
        sheets = {}
        for title, ref, value in cells:
            if title not in sheets:
                sheets[title] = bare.create_sheet(title)
            sheets[title][ref] = value
        bare.save(out)
    return write


def _bound(built, out: Path) -> Callable[[], None]:
    """openpyxl alone writing ``built``'s cells, styles, merges, names and sizes (see the module's docstring)."""
    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.dimensions import RowDimension
    from openpyxl.worksheet.merge import MergedCellRange

    from dejiden.model.workbook.styles import STYLES, use_default_font

    sheets = [(ws.title, [str(m) for m in ws.merged_cells.ranges],
               [(r, c, cell.value, cell.style, cell.number_format, cell.quotePrefix) for (r, c), cell in ws._cells.items()],
               {r: d.height for r, d in ws.row_dimensions.items() if d.height},
               {k: d.width for k, d in ws.column_dimensions.items() if d.width}) for ws in built]
    names = [(n, d.attr_text) for n, d in built.defined_names.items()]

    def write() -> None:
        was = gc.isenabled()
        gc.disable()  # as the export does
        wb = openpyxl.Workbook()
        use_default_font(wb)
        for style in STYLES.values():
            wb.add_named_style(style)
        for i, (title, merged, cells, heights, widths) in enumerate(sheets):
            ws = wb.active if i == 0 else wb.create_sheet(title)
            ws.title = title
            for rng in merged:  # before the covered cells exist, as the export merges
                ws.merged_cells.ranges.add(MergedCellRange(ws, rng))
            for r, c, value, style, number_format, quote in cells:
                cell = ws.cell(r, c)
                if style != "Normal":
                    cell.style = style
                cell.value = value
                if number_format != "General":
                    cell.number_format = number_format
                if quote:
                    cell.quotePrefix = True
            for r, height in heights.items():
                ws.row_dimensions[r] = RowDimension(ws, index=r, ht=height)  # as the export does: the cheaper way
            for k, width in widths.items():
                ws.column_dimensions[k].width = width
        for name, text in names:
            wb.defined_names[name] = DefinedName(name, attr_text=text)
        wb.save(out)
        if was:
            gc.enable()
    return write


def bench_export(row: Callable[..., None], ms: Callable[[float], str]) -> None:
    import openpyxl

    from dejiden.model import workbook
    from dejiden.model.example import seed_report
    from dejiden.prompts.data import checklist_spec

    spec, report = checklist_spec(), seed_report()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seed.xlsx"
        workbook.export(report, spec, out)
        wb = openpyxl.load_workbook(out)
        every = [(title, c.coordinate, c.value if c.value is not None else "x") for title, c in _cells(wb)]
        valued = [(title, c.coordinate, c.value) for title, c in _cells(wb) if c.value is not None]
        runs: dict[str, Callable[[], None]] = {
            "export": lambda: workbook.export(report, spec, out),
            "floor": _floor(every, Path(tmp) / "floor.xlsx"),
            "valued": _floor(valued, Path(tmp) / "valued.xlsx"),
            "bound": _bound(workbook.build(report, spec), Path(tmp) / "bound.xlsx"),
        }
        times: dict[str, list[float]] = {k: [] for k in runs}
        for _ in range(ROUNDS):
            for key, fn in runs.items():
                start = time.perf_counter()
                fn()
                times[key].append(time.perf_counter() - start)
        best = {k: min(v) for k, v in times.items()}
        med = {k: statistics.median(v) for k, v in times.items()}

        def both(key: str) -> str:
            return f"{ms(best[key])} (median {ms(med[key])})"

        def ratio(key: str) -> str:
            return f"{best[key] / best['floor']:.2f}× (median {med[key] / med['floor']:.2f}×)"

        row(f"export: full example workbook, min of {ROUNDS} interleaved", both("export"), f"≤2× floor: {ratio('export')}")
        row(f"floor: bare openpyxl writing the same {len(every)} cells", both("floor"))
        row(f"  (bare openpyxl writing only the {len(valued)} cells that hold a value)", both("valued"),
            f"export {best['export'] / best['valued']:.2f}×")
        row("bound: openpyxl alone replaying this workbook (styles, merges, names, sizes; no form logic)",
            both("bound"), ratio("bound"))
        t_import = min(_timed(lambda: workbook.import_workbook(out, spec)) for _ in range(5))
        row("import: full example workbook", ms(t_import))


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start

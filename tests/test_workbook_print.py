"""The printed workbook, checked over LibreOffice's PDF: A4, blocks never split, every line shown, ≥ 9 pt."""

from __future__ import annotations

import re
import subprocess
from copy import copy
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break

from dejiden.model import workbook
from dejiden.model.example import seed_report
from dejiden.model.report import Report

Kpi = Report().ed.models.kpi  # the seed edition's KPI model
from dejiden.model.workbook.layout import kpi_rows
from dejiden.prompts.data import checklist_spec

from .office import convert, needs_poppler, needs_soffice

pytestmark = [pytest.mark.writes_files, needs_soffice, needs_poppler]
SPEC = checklist_spec()
SHORT_LINES = "\n".join(f"{i}行目の短い記述。" for i in range(1, 17))  # 16 short lines
FULL = ("住民向けサービスの提供体制を見直し、事業者との協議を重ねた結果、"
        "2025年3月末までに計測を再開する。" * 8)[:300]
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def long_report() -> Report:
    """The seed report with the longest things people write: long names, 300 characters, 16 short lines."""
    report = seed_report()
    report.header.project_name = "全方位デジタル社会形成に向けた町内全域WiFi通信基盤の構築及び地域情報連携基盤を活用した住民サービスの高度化事業"
    report.header.department = "政策財政課デジタル推進室地域情報化推進係"
    report.kpis[0].narrative_unachieved = FULL
    report.kpis[1].narrative_unachieved = SHORT_LINES
    report.kpis[2].name = "キャプティブポータルサイトへのアクセス数及び地域ポータルアプリの月間アクティブユーザー数の合計"
    for i in range(6):
        report.kpis.append(Kpi.model_validate({
            "name": f"追加KPI{i + 1}：デジタル窓口における手続のオンライン完結率（オンラインで完結した手続件数／全手続件数）",
            "note": "減少KPI" if i % 2 else None, "kind": "アウトカム", "unit": "パーセント",
            "years": {2022: {"target": 10, "actual": 5}, 2023: {"target": 20, "actual": 25}},
            "narrative_achieved": SHORT_LINES if i % 2 else FULL}))
    report.checklist["1-4"] = SHORT_LINES
    report.checklist["2-5"] = FULL
    return Report.model_validate(report.model_dump(mode="python"))


def pdf_pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        assert 'width="595.3' in page and 'height="841.8' in page  # A4 portrait
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)])
    return pages


def raw_pages(pdf: Path) -> list[str]:
    """Each page's text in drawing order (a cell's lines stay together), whitespace removed."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [squeeze(page) for page in raw.split("\f")[:-1]]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Report, Path, list, list[str]]:
    tmp = tmp_path_factory.mktemp("print")
    report = long_report()
    book = tmp / "long.xlsx"
    workbook.export(report, SPEC, book)
    pdf = convert(book, "pdf", tmp / "pdf", tmp / "lo-profile")
    return report, book, pdf_pages(pdf), raw_pages(pdf)


def test_blocks_are_never_split_and_every_page_is_numbered(printed):
    report, _, pages, texts = printed
    assert len(texts) == len(pages)
    n = len(pages)
    for i, text in enumerate(texts, 1):
        assert f"{i}/{n}ページ" in text and "会津美里町" in text, i  # footer: who, and 「n / N ページ」
    marks = [chr(0x2460 + k) for k in range(report.ed.max_kpis)]
    where = {m: [i for i, t in enumerate(texts) if f"KPI{m}" in t] for m in marks}
    used = len(report.kpis)
    assert 0 < used < report.ed.max_kpis
    assert all(len(where[m]) == 1 for m in marks[:used]), where  # each KPI in use on one page
    assert all(where[m] == [] for m in marks[used:]), where  # the empty frames after them stay off paper
    for i, text in enumerate(texts):
        blocks = sum(1 for m in marks if where[m] == [i])
        examples = 2 if "の記入例】" in text else 0
        assert text.count("/300字") == 2 * blocks + examples, (i + 1, blocks)  # each block's counters on its page
    for k, kpi in enumerate(report.kpis):
        page = texts[where[marks[k]][0]]
        for text in (kpi.name, kpi.narrative_achieved, kpi.narrative_unachieved):
            assert text is None or squeeze(text) in page, (k, text)
    for section in SPEC.sections:
        on = [t for t in texts if section.title in t and "設問" in t]
        assert len(on) == 1, section.title  # a checklist section is one page
        for q in section.questions:
            answer = report.checklist[q.id]
            assert q.label in on[0] and squeeze(answer if isinstance(answer, str) else "、".join(answer)) in on[0]


def test_printed_text_is_at_least_9_point(printed):
    _, _, pages, _ = printed
    # pdftotext's word box is 1.3 × the font size for Noto Sans CJK (LibreOffice's substitute here).
    heights = [w[3] - w[1] for page in pages for w in page]
    assert min(heights) >= 9 * 1.3 - 0.1, min(heights)


def _probes(book: Path) -> list[tuple[object, float, float, object]]:
    """Every wrapped text cell: (text, span width, row height, font), one per distinct combination."""
    wb = openpyxl.load_workbook(book)
    seen, probes = set(), []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        spans = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.data_type == "f" or not cell.alignment.wrap_text:
                    continue
                last = spans.get((cell.row, cell.column), cell.column)
                width = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(cell.column, last + 1))
                height = ws.row_dimensions[cell.row].height
                key = (cell.value, width, height, cell.font.sz, cell.font.b)
                if key not in seen:
                    seen.add(key)
                    probes.append((cell.value, width, height, cell.font))
    return probes


def test_every_line_of_every_cell_is_shown(printed, tmp_path):
    """Each wrapped cell alone on a page at its width and row height, with a marker in the row below:
    a line that does not fit is drawn (and clipped) below the row's end, i.e. below the marker's top."""
    _, book, _, _ = printed
    probes = _probes(book)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    widths: dict[float, str] = {}
    for i, (text, width, height, font) in enumerate(probes):
        col = widths.setdefault(width, openpyxl.utils.get_column_letter(len(widths) + 1))
        ws.column_dimensions[col].width = width
        cell = ws[f"{col}{2 * i + 1}"]
        cell.value, cell.font = text, copy(font)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[2 * i + 1].height = height
        marker = ws[f"{col}{2 * i + 2}"]
        marker.value, marker.alignment = f"END{i}", Alignment(vertical="top")
        ws.row_breaks.append(Break(id=2 * i + 2))
    probe_book = tmp_path / "probes.xlsx"
    wb.save(probe_book)
    pages = pdf_pages(convert(probe_book, "pdf", tmp_path / "pdf", tmp_path / "lo-profile"))
    clipped = []
    for page in pages:
        marker = next((w for w in page if w[4].startswith("END")), None)
        words = [w for w in page if not w[4].startswith("END")]
        if marker is None or not words:
            continue  # a page of another column (the sheet is wider than A4): no probe here
        bottom = max(w[3] for w in words)
        if bottom > marker[1] + 0.5:
            clipped.append((marker[4], probes[int(marker[4][3:])][0][:30], round(bottom - marker[1], 1)))
    assert not clipped, clipped


def test_the_print_area_ends_with_the_last_kpi_in_use():
    from dejiden.model.workbook.layout import MAIN_SHEET, kpi_print_end

    report = seed_report()
    for kpis, shown in ((report.kpis, 5), (report.kpis[:3], 3), ([], 1)):
        report.kpis = list(kpis)
        ws = workbook.build(report, SPEC)[MAIN_SHEET]
        end = kpi_print_end(report.ed, shown)
        assert ws.print_area == f"'{MAIN_SHEET}'!$A$1:$H${end}"
        assert ws[f"A{end - kpi_rows(report.ed)['count']}"].value == f"KPI{chr(0x2460 + shown - 1)}"
        assert ws.max_row > end  # the empty frames are still in the file, for Excel


def test_wide_header_boxes_are_merged_from_the_definition():
    ws = workbook.build(seed_report(), SPEC)["報告書"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row in seed_report().ed.definition.rows("header"):
        if row.to:
            assert f"{row.cell}:{row.to}" in merged
    assert {"B4:C4", "B6:F6", "D8:F8", "B11:H11"} <= merged

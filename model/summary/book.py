"""The summary workbook: 報告書一覧, KPI一覧, 集計 (with charts) and 読めなかったファイル.

Counts, 達成状況, rates and bins are formulas over the KPI一覧, as the export writes its computed cells,
each with the value it gives stored as its cached result (``workbook.cached``): readers that never
calculate see the figures, and Excel or LibreOffice arrive at the same ones.
"""

from __future__ import annotations

import gc
from functools import lru_cache

import openpyxl

from .. import labels, rules
from ..edition import newest
from ..report import SIDES as BUDGET_SIDES
from ..report import Report
from ..safe_text import shown
from ..workbook.cached import save_with_cached_values
from ..workbook.formulas import status_formula
from ..workbook.styles import use_default_font
from . import charts
from .gather import Source, Unreadable
from .rates import rate, rate_formula
from .sheets import AMOUNT, FINAL, HEAD, NUMBER, PERCENT, RATE, RIGHT, STATUS, TITLE, WRAPPED, Column, Table, head

REPORTS, KPIS, TOTALS, UNREADABLE = "報告書一覧", "KPI一覧", "集計", "読めなかったファイル"
STATUSES = (rules.ACHIEVED, rules.NOT_ACHIEVED, rules.UNMEASURED)


def _sides() -> dict[str, str]:
    """予定, 実際: in the words of the newest edition (one heading for reports of any edition)."""
    return {side: newest().labels.budget_side_short[side] for side in BUDGET_SIDES}
FOOTER = "dejiden 事業実施報告書の集計"


def file_name(path) -> str:
    """A file's path as the receiver can trust it: control characters, newlines and bidi overrides in it
    shown as marks (␛, ␊, �), never removed, so the name is not mistaken for another."""
    return shown(str(path), newlines=False)


def edition_name(report: Report) -> str:
    """「令和3年度補正」: the edition's label up to its details."""
    return report.ed.label.split("（", 1)[0]


def report_columns(years: list[int]) -> list[Column]:
    columns = [Column("No.", 5, NUMBER), Column("都道府県", 8), Column("団体名", 11), Column("コード", 6.5),
               Column("事業名", 40), Column("様式の版", 11), Column("状態", 6.5), Column("未入力", 5.5, NUMBER),
               Column("エラー", 5.5, NUMBER), Column("注意", 5.5, NUMBER)]
    for side, short in _sides().items():
        columns += [Column(f"{short} {what}（千円）", 9, AMOUNT, style=RIGHT.name) for what in ("経費合計", "収入合計", "収支")]
    columns += [Column("KPI数", 6, NUMBER), Column(f"{FINAL}（年度）", 8, NUMBER)]
    columns += [Column(head(y, s), 6, NUMBER) for y in (None, *years) for s in STATUSES]
    return columns + [Column("読めなかったセル", 7, NUMBER), Column("重複", 10), Column("ファイル", 18)]


def kpi_columns(years: list[int]) -> list[Column]:
    columns = [Column("No.", 5, NUMBER), Column("団体名", 13), Column("事業名", 24), Column("KPI", 5),
               *[Column(newest().labels.kpi_fields[f], w) for f, w in (("name", 28), ("kind", 10), ("unit", 8), ("note", 10))]]
    for y in years:
        columns += [Column(head(y, "target"), 9, NUMBER), Column(head(y, "actual"), 9, NUMBER),
                    Column(head(y, STATUS), 8), Column(head(y, RATE), 8, PERCENT)]
    return columns + [Column(f"{FINAL}（年度）", 8, NUMBER), Column(head(None, STATUS), 8),
                      Column(head(None, RATE), 8, PERCENT)]


@lru_cache(maxsize=64)
def _templates(target: str, actual: str, note: str) -> tuple[str, str]:
    """The 達成状況 and 達成率 formulas over three columns, with ``{r}`` for the row (built once per column set)."""
    cells = (f"{target}{{r}}", f"{actual}{{r}}", f"{note}{{r}}")
    return status_formula(*cells), rate_formula(*cells)


def _kpi_rows(table: Table, no: int, source: Source) -> list[dict[int, str | None]]:
    """The KPI rows of one report; returns each KPI's status by year (the counts' cached values)."""
    report, ed = source.report, source.report.ed
    h = report.header
    final = ed.final_year
    note_col = table.letter(newest().labels.kpi_fields["note"])
    years = [(y, head(y, "target"), head(y, "actual"), head(y, STATUS), head(y, RATE),
              _templates(table.letter(head(y, "target")), table.letter(head(y, "actual")), note_col)) for y in ed.kpi_years]
    final_status, final_rate = table.letter(head(final, STATUS)), table.letter(head(final, RATE))
    statuses = []
    for i, kpi in enumerate(report.kpis):
        row = table.new_row()
        r = str(row)
        table.put("No.", no)
        table.put("団体名", h.municipality)
        table.put("事業名", h.project_name)
        table.put("KPI", labels.kpi_mark(i))
        for field in ("name", "kind", "unit", "note"):
            table.put(newest().labels.kpi_fields[field], getattr(kpi, field))
        by_year: dict[int, str | None] = {}
        rates: dict[int, float | None] = {}
        for y, target_head, actual_head, status_head, rate_head, (status_text, rate_text) in years:
            year = kpi.year(y)
            table.put(target_head, year.target)
            table.put(actual_head, year.actual)
            by_year[y] = kpi.status(y)
            table.formula(status_head, status_text.replace("{r}", r), by_year[y] or "")
            rates[y] = rate(year.target, year.actual, kpi.note)
            table.formula(rate_head, rate_text.replace("{r}", r), "" if rates[y] is None else rates[y])
        table.put(f"{FINAL}（年度）", final)
        table.formula(head(None, STATUS), final_status + r, by_year[final] or "")
        table.formula(head(None, RATE), final_rate + r, "" if rates[final] is None else rates[final])
        statuses.append(by_year)
    return statuses


def _amount(value: int | None) -> int | str:
    return rules.show_amount(value) if value is None else value


def _key(source: Source) -> tuple[str | None, str | None, str]:
    """What makes two files the same report: its code, project and edition (a draft and its export, say)."""
    h = source.report.header
    return h.lg_code, h.project_name, source.report.edition


def _report_row(table: Table, no: int, source: Source, statuses: list[dict[int, str | None]], kpis: Table,
                kpi_last: int, first: int) -> None:
    report, result, ed = source.report, source.result, source.report.ed
    h = report.header
    row = table.new_row()
    for heading, value in (("No.", no), ("都道府県", h.prefecture), ("団体名", h.municipality), ("コード", h.lg_code),
                        ("事業名", h.project_name), ("様式の版", edition_name(report)),
                        ("状態", "完成" if result.complete else "未完成"), ("未入力", result.count("missing")),
                        ("エラー", result.count("invalid")), ("注意", result.count("warning")),
                        ("KPI数", len(report.kpis)), (f"{FINAL}（年度）", ed.final_year),
                        ("読めなかったセル", source.cell_problems), ("ファイル", file_name(source.path)),
                        ("重複", f"No.{first}と同じ" if first != no else None)):
        table.put(heading, value)
    for side, short in _sides().items():
        s = getattr(report.budget, side)
        table.put(f"{short} 経費合計（千円）", _amount(s.expense_total))
        table.put(f"{short} 収入合計（千円）", _amount(s.income_total))
        income, expense = table.ref(f"{short} 収入合計（千円）", row), table.ref(f"{short} 経費合計（千円）", row)
        table.formula(f"{short} 収支（千円）",
                      f'IF(AND(ISTEXT({income}),ISTEXT({expense})),"-",SUM({income})-SUM({expense}))', _amount(s.balance))
    key = table.ref("No.", row)
    for y, column in [(ed.final_year, None), *[(y, y) for y in ed.kpi_years]]:
        status_range = kpis.span(head(column, STATUS), KPIS, kpi_last)
        for status in STATUSES:
            count = sum(1 for s in statuses if s.get(y) == status)
            table.formula(head(column, status), f'COUNTIFS({kpis.span("No.", KPIS, kpi_last)},{key},{status_range},"{status}")', count)


def _unreadable(ws, unreadable: list[Unreadable]) -> Table:
    top = WRAPPED.name
    table = Table(ws, [Column("No.", 5, NUMBER, style=top), Column("ファイル", 50, style=top, wraps=True),
                       Column("理由", 80, style=top, wraps=True)], freeze=0)
    if not unreadable:
        table.new_row()
        table.put("ファイル", "読めなかったファイルはありません。")
    for i, u in enumerate(unreadable, 1):
        table.new_row()
        table.put("No.", i)
        table.put("ファイル", file_name(u.path))
        table.put("理由", u.reason)
    return table


def _order(source: Source) -> tuple[str, str, str]:
    h = source.report.header
    return (h.lg_code or "~", h.project_name or "", str(source.path))


def build(sources: list[Source], unreadable: list[Unreadable]) -> tuple[openpyxl.Workbook, dict[str, dict], dict]:
    """The workbook (not yet saved), the 集計 formulas' cached values, and the tables' rows (sheets.Table.xml)."""
    sources = sorted(sources, key=_order)
    years = sorted({y for s in sources for y in s.report.ed.kpi_years})
    wb = openpyxl.Workbook()
    wb.calculation.fullCalcOnLoad = True
    use_default_font(wb)
    for style in (HEAD, WRAPPED, TITLE, RIGHT):
        wb.add_named_style(style)
    reports_ws = wb.active
    reports_ws.title = REPORTS
    kpis = Table(wb.create_sheet(KPIS), kpi_columns(years), freeze=5)
    kpi_last = kpis.top + sum(len(s.report.kpis) for s in sources)  # the counts' ranges reach the last KPI
    reports = Table(reports_ws, report_columns(years), freeze=3)
    firsts: dict[tuple, int] = {}
    for no, source in enumerate(sources, 1):
        first = firsts.setdefault(_key(source), no) if all(_key(source)[:2]) else no
        _report_row(reports, no, source, _kpi_rows(kpis, no, source), kpis, kpi_last, first)
    totals_ws = wb.create_sheet(TOTALS)
    totals, free = charts.totals(totals_ws, kpis, KPIS, STATUSES, TITLE.name, HEAD.name, WRAPPED.name)
    totals.update(charts.by_report(totals_ws, reports, REPORTS, len(sources), STATUSES, free, HEAD.name))
    missing = _unreadable(wb.create_sheet(UNREADABLE), unreadable)
    reports.finish(footer=FOOTER, keys=3, across=(f"{_sides()['planned']} 経費合計（千円）", "KPI数",  # No. 都道府県 団体名
                                                   *(head(y, STATUSES[0]) for y in years), "読めなかったセル"))
    kpis.finish(footer=FOOTER, keys=4, across=(*(head(y, "target") for y in years), f"{FINAL}（年度）"))  # up to KPI
    missing.finish(footer=FOOTER)
    wb.move_sheet(TOTALS, offset=-1)  # after 報告書一覧: 報告書一覧, 集計, KPI一覧, 読めなかったファイル
    return wb, {TOTALS: totals}, {t.ws.title: t.xml() for t in (reports, kpis, missing)}


def to_bytes(sources: list[Source], unreadable: list[Unreadable]) -> bytes:
    """The xlsx file, every formula's result cached (the collector paused, as the export does)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        wb, cache, rows = build(sources, unreadable)
        return save_with_cached_values(wb, cache, rows)
    finally:
        if was_enabled:
            gc.enable()

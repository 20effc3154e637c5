"""The 集計 sheet: KPIs by 達成状況 and the spread of achievement rates, as formulas and native Excel charts."""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.worksheet.pagebreak import Break

from ..safe_text import without_overrides
from ..workbook.write import safe_text
from .rates import BINS, bin_formula, bin_of
from .sheets import FINAL, NUMBER, PERCENT, RATE, STATUS, Table, fit_to_width, head

STATUS_TOP = 3  # the header row of the 達成状況 table; the bins' table follows
RATE_NOTE = ("達成率＝実績値÷目標値（減少KPIは目標値÷実績値、目標値がマイナスのKPIは実績値÷目標値、0目標KPIは達成なら100%）。"
             "未計測、目標値が0のKPI、減少KPIで実績値が0以下のKPIには達成率がありません。100%以上が達成です。")


def _cell(ws, ref: str, value: Any, style: str | None = None, fmt: str | None = None) -> None:
    cell = ws[ref]
    cell.value = value
    if style:
        cell.style = style
    if fmt:
        cell.number_format = fmt


def totals(ws, kpis: Table, sheet: str, statuses: tuple[str, ...], title: str, head_style: str,
           wrapped: str) -> tuple[dict[str, Any], int]:
    """The two small tables (formulas with cached values) and the histogram; returns the cached values
    and the first free row below them."""
    cache: dict[str, Any] = {}
    status_range, rate_range = kpis.span(head(None, STATUS), sheet), kpis.span(head(None, RATE), sheet)
    count_range = kpis.span("No.", sheet)
    status_values = kpis.values(head(None, STATUS))
    rate_values = [v for v in kpis.values(head(None, RATE)) if isinstance(v, (int, float))]
    _cell(ws, "A1", f"KPIの達成状況（各報告書の{FINAL}）", title)
    top = STATUS_TOP
    for col, text in zip("ABC", ("達成状況", "KPI数", "割合")):
        _cell(ws, f"{col}{top}", text, head_style)
    total_row = top + len(statuses) + 2
    for i, status in enumerate(statuses, 1):
        r = top + i
        _cell(ws, f"A{r}", status)
        _cell(ws, f"B{r}", f'=COUNTIF({status_range},"{status}")', fmt=NUMBER)
        cache[f"B{r}"] = status_values.count(status)
    undecided = top + len(statuses) + 1
    _cell(ws, f"A{undecided}", "判定できない（未入力）")
    _cell(ws, f"B{undecided}", f"=B{total_row}-SUM(B{top + 1}:B{top + len(statuses)})", fmt=NUMBER)
    cache[f"B{undecided}"] = len(status_values) - sum(1 for s in status_values if s in statuses)
    _cell(ws, f"A{total_row}", "KPI数（合計）")
    _cell(ws, f"B{total_row}", f"=COUNT({count_range})", fmt=NUMBER)
    cache[f"B{total_row}"] = len(status_values)
    for r in range(top + 1, total_row):
        _cell(ws, f"C{r}", f'=IF($B${total_row}=0,"",B{r}/$B${total_row})', fmt=PERCENT)
        cache[f"C{r}"] = cache[f"B{r}"] / len(status_values) if status_values else ""
    bins_top = total_row + 2
    _cell(ws, f"A{bins_top}", head(None, RATE), head_style)
    _cell(ws, f"B{bins_top}", "KPI数", head_style)
    counts = [0] * len(BINS)
    for value in rate_values:
        counts[bin_of(value)] += 1
    for i, (label, low, high) in enumerate(BINS, 1):
        r = bins_top + i
        _cell(ws, f"A{r}", label)
        _cell(ws, f"B{r}", "=" + bin_formula(rate_range, low, high), fmt=NUMBER)
        cache[f"B{r}"] = counts[i - 1]
    with_rate = bins_top + len(BINS) + 1
    _cell(ws, f"A{with_rate}", "達成率のあるKPI")
    _cell(ws, f"B{with_rate}", f"=SUM(B{bins_top + 1}:B{bins_top + len(BINS)})", fmt=NUMBER)
    cache[f"B{with_rate}"] = len(rate_values)
    _cell(ws, f"A{with_rate + 1}", RATE_NOTE, wrapped)
    ws.merge_cells(f"A{with_rate + 1}:C{with_rate + 1}")
    ws.row_dimensions[with_rate + 1].height = 110
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 9
    ws.column_dimensions["C"].width = 9
    ws.freeze_panes = "A2"
    fit_to_width(ws, footer="dejiden 事業実施報告書の集計")
    chart = BarChart()
    chart.type = "col"
    chart.title = f"達成率の分布（{FINAL}）"
    chart.y_axis.title = "KPI数"
    chart.x_axis.title = "達成率"
    chart.add_data(Reference(ws, min_col=2, min_row=bins_top, max_row=bins_top + len(BINS)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=bins_top + 1, max_row=bins_top + len(BINS)))
    chart.legend = None
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                     showPercent=False)
    _show_axes(chart)
    chart.width, chart.height = 16, 8
    ws.add_chart(chart, "E3")
    return cache, with_rate + 3


def _show_axes(chart: BarChart) -> None:
    """openpyxl 3.1 marks the axes deleted unless told; Excel then draws a chart without them."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False


PROJECT_SHOWN = 12  # characters of a 事業名 on the chart's axis (the whole name is in 報告書一覧)


def bar_label(no: int, body: str | None, project: str | None) -> str:
    """A report's bar: 「3. 会津美里町｜全方位デジタル社会形成に…」. The No. (that of 報告書一覧) tells apart two
    reports of one body even when their names begin alike; the 事業名 is cut to fit the axis."""
    project = project or "事業名未入力"
    if len(project) > PROJECT_SHOWN:
        project = project[: PROJECT_SHOWN - 1] + "…"
    return without_overrides(safe_text(f"{no}. {body or '団体名未入力'}｜{project}"))  # as the tables' texts


def by_report(ws, reports: Table, sheet: str, n: int, statuses: tuple[str, ...], row: int, head_style: str) -> dict[str, Any]:
    """A horizontal stacked bar per report: its KPIs 達成 / 未達成 / 未計測 in the final year; from ``row``,
    which starts a printed page. Beside it, the table it reads: each report's label (``bar_label``) and its
    counts as formulas over 報告書一覧 (``sheet``); returns their cached values."""
    cache: dict[str, Any] = {}
    _cell(ws, f"A{row}", "報告書（No. 団体名｜事業名）", head_style)
    columns = "BCDEFGH"[: len(statuses)]
    for col, status in zip(columns, statuses):
        _cell(ws, f"{col}{row}", status, head_style)
    counts = [(reports.letter(head(None, status)), reports.values(head(None, status))) for status in statuses]
    for i, (no, body, project) in enumerate(zip(reports.values("No."), reports.values("団体名"), reports.values("事業名"))):
        r, listed = row + 1 + i, reports.top + 1 + i
        _cell(ws, f"A{r}", bar_label(no, body, project))
        for col, (letter, values) in zip(columns, counts):
            _cell(ws, f"{col}{r}", f"='{sheet}'!{letter}{listed}", fmt=NUMBER)
            cache[f"{col}{r}"] = values[i]
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = f"報告書ごとのKPIの達成状況（{FINAL}）"
    chart.x_axis.title = "報告書"
    chart.y_axis.title = "KPI数"
    last_row = row + max(n, 1)
    chart.add_data(Reference(ws, min_col=2, max_col=1 + len(statuses), min_row=row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=row + 1, max_row=last_row))
    chart.x_axis.scaling.orientation = "maxMin"  # the first report on top, as in the list
    chart.y_axis.crosses = "max"  # the KPI counts below the bars (reversed, they would sit on top, under the legend)
    chart.legend.position = "t"  # at the top: on the first page however tall the chart is
    chart.x_axis.tickLblSkip = 1  # every report's name (a line of the chart's height each)
    for series, color in zip(chart.series, ("2E7D32", "C62828", "9E9E9E")):
        series.graphicalProperties.solidFill = color
        series.graphicalProperties.line.solidFill = color
    _show_axes(chart)
    chart.width = 20
    chart.height = min(max(8.0, 4.8 + 0.6 * n), 500.0)  # a line of text per report (the names are not thinned out)
    # The plot area placed by hand: left room for the labels, fixed bands (not shares) for the title and
    # legend above (LibreOffice wraps the title on two lines) and the counts below. openpyxl writes the
    # chart's own layout as the plot area's (one set on plot_area is replaced as it saves).
    top, bottom = 3.4 / chart.height, 1.4 / chart.height
    chart.layout = Layout(ManualLayout(layoutTarget="inner", xMode="edge", yMode="edge",
                                       x=0.4, y=top, w=0.56, h=1 - top - bottom))
    ws.column_dimensions["A"].width = 36  # a label whole (the 達成状況 table above shares the column)
    ws.row_breaks.append(Break(id=row - 1))
    ws.add_chart(chart, f"{'BCDEFGHIJ'[len(statuses) + 1]}{row}")
    return cache

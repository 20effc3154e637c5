"""The 集計 sheet: KPIs by 達成状況 and the spread of achievement rates, as formulas and native Excel charts."""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.worksheet.pagebreak import Break

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


def by_report(ws, reports: Table, n: int, statuses: tuple[str, ...], row: int) -> None:
    """A horizontal stacked bar per report: its KPIs 達成 / 未達成 / 未計測 in the final year; from ``row``,
    which starts a printed page."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = f"報告書ごとのKPIの達成状況（{FINAL}）"
    chart.x_axis.title = "団体名"
    chart.y_axis.title = "KPI数"
    first = reports.index[head(None, statuses[0])]
    last_row = reports.top + max(n, 1)
    chart.add_data(Reference(reports.ws, min_col=first, max_col=first + len(statuses) - 1, min_row=reports.top, max_row=last_row),
                   titles_from_data=True)
    chart.set_categories(Reference(reports.ws, min_col=reports.index["団体名"], min_row=reports.top + 1, max_row=last_row))
    chart.x_axis.scaling.orientation = "maxMin"  # the first report on top, as in the list
    chart.y_axis.crosses = "max"  # the KPI counts below the bars (reversed, they would sit on top, under the legend)
    chart.legend.position = "t"  # at the top: on the first page however tall the chart is
    chart.x_axis.tickLblSkip = 1  # every report's name (a line of the chart's height each)
    for series, color in zip(chart.series, ("2E7D32", "C62828", "9E9E9E")):
        series.graphicalProperties.solidFill = color
        series.graphicalProperties.line.solidFill = color
    _show_axes(chart)
    chart.width = 16
    chart.height = min(max(8.0, 4.8 + 0.6 * n), 500.0)  # a line of text per report (the names are not thinned out)
    # The plot area placed by hand: left room for the names, fixed bands (not shares) for the title and
    # legend above (LibreOffice wraps the title on two lines) and the counts below. openpyxl writes the
    # chart's own layout as the plot area's (one set on plot_area is replaced as it saves).
    top, bottom = 3.4 / chart.height, 1.4 / chart.height
    chart.layout = Layout(ManualLayout(layoutTarget="inner", xMode="edge", yMode="edge",
                                       x=0.25, y=top, w=0.7, h=1 - top - bottom))
    ws.row_breaks.append(Break(id=row - 1))
    ws.add_chart(chart, f"A{row}")

"""The form's computed cells as spreadsheet formulas, each with the value it gives (stored as its cache).

Every formula here has a Python twin that computes the same value from the report, so the file carries
the result for readers that do not calculate (python-calamine, pandas, previewers) and a spreadsheet
that does calculate arrives at the same value. The twins reuse the model's rules wherever the formula
is the rule itself (totals, 達成状況, LEN counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import normalize, paths, rules
from ..checklist import ANSWERED, UNANSWERED, ChecklistSpec
from ..form import FieldDef
from ..behaviour import boxes
from ..normalize import excel_len
from ..report import SIDES, Report
from .layout import CellSpec

ZERO_TARGET, DECREASE = "0目標KPI", "減少KPI"


@dataclass(frozen=True)
class Formula:
    text: str  # without the leading "="
    value: Any  # what a spreadsheet computes from the cells as written: int, float or str


def absolute(ref: str) -> str:
    """G20 → $G$20."""
    col = "".join(c for c in ref if c.isalpha())
    return f"${col}${ref[len(col):]}"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sheet_ref(cell: CellSpec) -> str:
    return f"'{cell.sheet}'!{absolute(cell.ref)}"


def _budget(report: Report, cells: dict[str, CellSpec], n_rows: int) -> dict[str, Formula]:
    out: dict[str, Formula] = {}
    for side in SIDES:
        s = getattr(report.budget, side)
        ranges = {}
        for kind in ("expense", "income"):
            first = cells[f"budget_{side}_{kind}1_amount"].ref
            last = cells[f"budget_{side}_{kind}{n_rows}_amount"].ref
            ranges[kind] = f"{first}:{last}"
        for kind, total in (("expense", s.expense_total), ("income", s.income_total)):
            rng = ranges[kind]
            out[f"budget_{side}_{kind}_total"] = Formula(
                f'IF(COUNT({rng})=0,"{normalize.NO_AMOUNT}",SUM({rng}))', normalize.NO_AMOUNT if total is None else total)
        income, expense = cells[f"budget_{side}_income_total"].ref, cells[f"budget_{side}_expense_total"].ref
        # SUM of one cell reads "-" as 0, as rules.balance does; both "-" gives "-".
        balance = s.balance
        out[f"budget_{side}_balance"] = Formula(
            f'IF(AND(ISTEXT({income}),ISTEXT({expense})),"{normalize.NO_AMOUNT}",SUM({income})-SUM({expense}))',
            normalize.NO_AMOUNT if balance is None else balance)
    return out


def status_formula(target: str, actual: str, note: str) -> str:
    """達成状況 as the form's footnotes define it (rules.achievement): blank while it cannot be judged."""
    met, unmet = _quote(rules.ACHIEVED), _quote(rules.NOT_ACHIEVED)
    return (
        f'IF({actual}={_quote(normalize.NOT_MEASURED)},{_quote(rules.UNMEASURED)},'
        f'IF(NOT(ISNUMBER({actual})),"",'
        f'IF({note}={_quote(ZERO_TARGET)},IF({actual}<=0,{met},{unmet}),'
        f'IF(NOT(ISNUMBER({target})),"",'
        f'IF(OR({note}={_quote(DECREASE)},{target}<0),IF({actual}<={target},{met},{unmet}),'
        f'IF({actual}>={target},{met},{unmet}))))))'
    )


def counter_formula(ref: str, limit: int) -> str:
    """「N/300字」: Excel's LEN counts UTF-16 code units, as normalize.excel_len does."""
    return f'LEN({ref})&"/{limit}字"'


def counter_value(text: str | None, limit: int) -> str:
    return f"{excel_len(text or '')}/{limit}字"


def _kpis(report: Report, cells: dict[str, CellSpec]) -> dict[str, Formula]:
    ed = report.ed
    out: dict[str, Formula] = {}
    for k in range(ed.max_kpis):
        n = k + 1
        kpi = report.kpis[k] if k < len(report.kpis) else None
        note = cells[f"kpi{n}_note"].ref
        for year in ed.kpi_years:
            target, actual = cells[f"kpi{n}_fy{year}_target"].ref, cells[f"kpi{n}_fy{year}_actual"].ref
            value = (kpi.status(year) if kpi else None) or ""
            out[f"kpi{n}_fy{year}_status"] = Formula(status_formula(target, actual, note), value)
        for box, name in boxes(ed).items():
            text = getattr(kpi, name) if kpi else None
            out[f"kpi{n}_count_{box}"] = Formula(counter_formula(cells[f"kpi{n}_{name}"].ref, ed.narrative_max),
                                                 counter_value(text, ed.narrative_max))
    return out


def _answered(q: FieldDef, cell: str, choice_range: str | None) -> str:
    """The condition a required question's cell meets when answered (checklist.check_stored's tests)."""
    if q.type == "text":
        return f'AND({cell}<>"",LEN({cell})<={q.limit})'
    if q.type == "single" and choice_range:
        return f"SUMPRODUCT(--({choice_range}={cell}))>0"
    return f'{cell}<>""'


def _answered_value(q: FieldDef, written: str | None) -> bool:
    """The Python twin of ``_answered`` over the text as written in the cell."""
    if not written:
        return False
    if q.type == "text":
        return excel_len(written) <= q.limit
    if q.type == "single":
        return written in q.choices
    return True


def written_answer(value: str | list[str] | None) -> str | None:
    """A checklist answer as the workbook writes it (a multi-choice answer joined with 「、」)."""
    if isinstance(value, list):
        return "、".join(value) or None
    return value


def _omission(report: Report, spec: ChecklistSpec, cells: dict[str, CellSpec],
              choice_ranges: dict[tuple[str, ...], str]) -> dict[str, Formula]:
    out: dict[str, Formula] = {}
    for section in spec.sections:
        tests, done = [], True
        for q in section.questions:
            if not q.required:
                continue
            cell = cells[f"checklist_{q.id.replace('-', '_')}"]
            tests.append(_answered(q, cell.ref, choice_ranges.get(q.choices) if q.type == "single" else None))
            done = done and _answered_value(q, written_answer(paths.get(report, cell.path)))
        value = ANSWERED if done else UNANSWERED
        condition = f"AND({','.join(tests)})" if tests else "TRUE()"
        out[f"check_sheet_{section.id}"] = Formula(f"IF({condition},{_quote(ANSWERED)},{_quote(UNANSWERED)})", value)
        out[f"check_{section.id}"] = Formula(_sheet_ref(cells[f"check_sheet_{section.id}"]), value)
    return out


def formulas(report: Report, spec: ChecklistSpec, cells: dict[str, CellSpec],
             choice_ranges: dict[tuple[str, ...], str]) -> dict[str, Formula]:
    """The formula and its value for every computed cell of the layout, by the cell's name."""
    out = _budget(report, cells, report.ed.max_budget_rows)
    out.update(_kpis(report, cells))
    out.update(_omission(report, spec, cells, choice_ranges))
    return out

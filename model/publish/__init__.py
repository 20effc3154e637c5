"""A project's KPI results as one self-contained HTML page for the municipality's site (効果検証の公表).

The page is rendered by Jinja2 with autoescaping from a template shipped with the package: every text
from the draft is escaped, and control characters are removed. No scripts, no external files (the
charts are inline SVG, each with a real table of the same figures), lang="ja", A4 when printed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .. import labels
from ..behaviour import boxes
from ..completeness import check
from ..report import Report
from ..safe_text import without_overrides
from . import chart

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(value: object) -> str:
    """Text for the page: control characters and bidi overrides removed (the template escapes the rest);
    line breaks kept."""
    return without_overrides(_CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n")))


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dejiden.model.publish", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["clean"] = _clean
    env.filters["number"] = chart.number
    env.filters["px"] = lambda v: f"{v:.1f}"
    return env


@dataclass(frozen=True)
class YearRow:
    year: str
    target: int | float | None
    actual: int | float | str | None
    status: str | None


@dataclass(frozen=True)
class KpiView:
    number: str  # KPI①
    anchor: str  # kpi1
    name: str
    kind: str | None
    unit: str | None
    note: str | None
    years: tuple[YearRow, ...]
    final_status: str | None
    chart: chart.Chart
    narratives: tuple[tuple[str, str], ...]  # (subtitle, text)


def _kpis(report: Report) -> list[KpiView]:
    ed = report.ed
    out = []
    for i, kpi in enumerate(report.kpis):
        rows = tuple(YearRow(f"{y}年度末", kpi.year(y).target, kpi.year(y).actual, kpi.status(y)) for y in ed.kpi_years)
        narratives = tuple((ed.labels.narrative_subtitle(name), text) for name in boxes(ed).values()
                           if (text := getattr(kpi, name)))
        out.append(KpiView(labels.kpi_prefix(i), f"kpi{i + 1}", kpi.name or "（KPI名未入力）", kpi.kind, kpi.unit,
                           kpi.note, rows, kpi.status(ed.final_year),
                           chart.build([(r.year, r.target, r.actual, r.status) for r in rows]), narratives))
    return out


def render(report: Report, *, today: dt.date | None = None) -> str:
    """The page for ``report`` (read by its own edition)."""
    h = report.header
    result = check(report)
    return _environment().get_template("kekka.html.j2").render(
        who=f"{h.prefecture or ''}{h.municipality or ''}" or "（団体名未入力）",
        project=h.project_name or "（事業名未入力）",
        department=h.department,
        edition=report.ed,
        kpis=_kpis(report),
        complete=result.complete,
        made=(today or dt.date.today()),
        label={k: v.split("　")[-1] for k, v in report.ed.labels.kpi_fields.items()},  # the form's words: 種別, 目標値, 達成状況…
    )


__all__ = ["render"]

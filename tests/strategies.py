"""Hypothesis strategies for valid, possibly partial, reports."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from dejiden.model import municipalities
from dejiden.model.draft import Draft, Session
from dejiden.model.edition import load_edition
from dejiden.model.normalize import clean_text
from dejiden.model.report import Report
from dejiden.prompts.data import checklist_spec

_ED = load_edition()  # the seed's edition: these reports are drafts of it
_MODELS = _ED.models
Header, BudgetRow, Kpi, KpiYear = _MODELS.header, _MODELS.budget_row, _MODELS.kpi, _MODELS.kpi_year
BudgetSide = _MODELS.budget.model_fields["planned"].annotation
COLLABORATION = _ED.definition.row("header.collaboration").choices
KPI_KINDS = _ED.definition.row("kpis[*].kind").choices
KPI_NOTES = _ED.definition.row("kpis[*].note").choices

_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Cf"), exclude_characters="\x7f"
)
# Text as the model keeps it: cleaned, non-empty.
text = st.text(_ALPHABET | st.sampled_from("会津美里町𠮷＝=+-@#"), min_size=1, max_size=40).map(clean_text).filter(bool)
narrative = st.text(_ALPHABET | st.just("\n"), min_size=1, max_size=150).map(
    lambda s: clean_text(s, multiline=True)
).filter(bool)
number = st.one_of(
    st.integers(-10**9, 10**9),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False).map(lambda f: round(f, 3)),
)
actual = st.one_of(number, st.just("未計測"))
amount = st.one_of(st.integers(0, 10**9), st.just("-"))


def maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def headers(draw) -> Header:
    m = draw(st.sampled_from(municipalities.municipalities()))
    return Header(
        entry_date=draw(maybe(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))),
        prefecture=draw(maybe(st.just(m.prefecture))),
        municipality=draw(maybe(st.just(m.name))),
        lg_code=draw(maybe(st.just(m.code))),
        department=draw(maybe(text)),
        manager_name=draw(maybe(text)),
        manager_title=draw(maybe(text)),
        contact_name=draw(maybe(text)),
        phone=draw(maybe(st.from_regex(r"0\d{2}-\d{3}-\d{4}", fullmatch=True))),
        email=draw(maybe(st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.lg\.jp", fullmatch=True))),
        collaboration=draw(maybe(st.sampled_from(COLLABORATION))),
        project_name=draw(maybe(text)),
    )


rows = st.lists(st.builds(BudgetRow, item=maybe(text), amount=maybe(amount)), max_size=10)
sides = st.builds(BudgetSide, expenses=maybe(rows), incomes=maybe(rows))
years = st.dictionaries(
    st.sampled_from([2022, 2023]), st.builds(KpiYear, target=maybe(number), actual=maybe(actual)), max_size=2
)
kpis = st.builds(
    Kpi,
    name=maybe(text),
    note=maybe(st.sampled_from(KPI_NOTES)),
    kind=maybe(st.sampled_from(KPI_KINDS)),
    unit=maybe(text),
    years=years,
    narrative_achieved=maybe(narrative),
    narrative_unachieved=maybe(narrative),
)


@st.composite
def checklists(draw) -> dict:
    out: dict = {}
    for section in checklist_spec().sections:
        for q in section.questions:
            if not draw(st.booleans()):
                continue
            if q.type == "single":
                out[q.id] = draw(st.sampled_from(q.choices))
            elif q.type == "multi":
                plain = [c for c in q.choices if c not in q.exclusive]
                picked = draw(st.lists(st.sampled_from(plain), min_size=1, unique=True))
                out[q.id] = [c for c in q.choices if c in picked]
            else:
                out[q.id] = draw(narrative)
    return out


reports = st.builds(
    Report,
    header=headers(),
    budget=st.builds(_MODELS.budget, planned=sides, actual=sides),
    kpis=st.lists(kpis, max_size=15),
    checklist=checklists(),
)
sessions = st.builds(
    Session, current=maybe(st.just("kpis[0].name")), pending=maybe(narrative), closed=st.lists(st.just("kpis"), max_size=1)
)
drafts = st.builds(Draft, report=reports, session=sessions)

"""The checklist: its sections are rows of the form definition (model/form.py); here, a stored answer's check."""

from __future__ import annotations

from .choosing import parse_multi
from .form import ChecklistSpec, FieldDef, SectionSpec
from .normalize import Invalid, excel_len

ANSWERED = "回答済"
UNANSWERED = "未回答"


def check_stored(row: FieldDef, value: str | list[str]) -> str | None:
    """A message when a stored answer (e.g. hand-edited) does not fit the question's row."""
    if row.type == "single":
        return None if value in row.choices else f"選択肢にない回答です（選択肢：{'、'.join(row.choices)}）。"
    if row.type == "multi":
        if not isinstance(value, list) or not value:
            return "1つ以上選んでください。"
        result = parse_multi("、".join(value), row.choices, exclusive=row.exclusive)
        if isinstance(result, Invalid) or set(result.value) != set(value):
            return f"選択肢にない回答か、一緒に選べない組み合わせです（選択肢：{'、'.join(row.choices)}）。"
        return None
    if not isinstance(value, str) or not value:
        return "記述してください。"
    if row.limit is not None and excel_len(value) > row.limit:
        return f"{excel_len(value)}/{row.limit}字です。{row.limit}字以内にしてください。"
    return None


def omission(spec: ChecklistSpec, answers: dict[str, str | list[str]]) -> dict[str, str]:
    """回答漏れチェック: 回答済 when every required question has a valid answer, else 未回答."""
    return {
        section.title: ANSWERED if all(q.id in answers and check_stored(q, answers[q.id]) is None
                                       for q in section.questions if q.required) else UNANSWERED
        for section in spec.sections
    }


__all__ = ["ANSWERED", "UNANSWERED", "ChecklistSpec", "SectionSpec", "check_stored", "omission"]

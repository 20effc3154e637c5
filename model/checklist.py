"""The checklist sections' question definitions (the data lives in ``prompts/``) and their rules."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .normalize import Invalid, Result, excel_len, parse_choice, parse_multi, parse_narrative

CHECKLIST_TEXT_MAX = 300
ANSWERED = "回答済"
UNANSWERED = "未回答"


class QuestionSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    type: Literal["single", "multi", "text"]
    choices: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    max_len: int = CHECKLIST_TEXT_MAX
    required: bool = True
    hint: str = ""
    example: str = ""

    def parse(self, raw: str) -> Result:
        """Validate what the user typed for this question."""
        if self.type == "single":
            return parse_choice(raw, self.choices)
        if self.type == "multi":
            return parse_multi(raw, self.choices, exclusive=self.exclusive)
        return parse_narrative(raw, max_len=self.max_len)

    def check_stored(self, value: str | list[str]) -> str | None:
        """A message when a stored answer (e.g. hand-edited) does not fit the question."""
        if self.type == "single":
            return None if value in self.choices else f"選択肢にない回答です（選択肢：{'、'.join(self.choices)}）。"
        if self.type == "multi":
            if not isinstance(value, list) or not value:
                return "1つ以上選んでください。"
            result = parse_multi("、".join(value), self.choices, exclusive=self.exclusive)
            if isinstance(result, Invalid) or set(result.value) != set(value):
                return f"選択肢にない回答か、一緒に選べない組み合わせです（選択肢：{'、'.join(self.choices)}）。"
            return None
        if not isinstance(value, str) or not value:
            return "記述してください。"
        if excel_len(value) > self.max_len:
            return f"{excel_len(value)}/{self.max_len}字です。{self.max_len}字以内にしてください。"
        return None


class SectionSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    short: str = ""  # a short name for narrow outlines
    questions: tuple[QuestionSpec, ...]


class ChecklistSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    note: str = ""  # says the questions are dejiden's own (shown in the conversation and the workbook)
    sections: tuple[SectionSpec, ...]

    def question(self, qid: str) -> QuestionSpec | None:
        for section in self.sections:
            for q in section.questions:
                if q.id == qid:
                    return q
        return None

    def section_of(self, qid: str) -> SectionSpec | None:
        for section in self.sections:
            if any(q.id == qid for q in section.questions):
                return section
        return None

    def omission(self, answers: dict[str, str | list[str]]) -> dict[str, str]:
        """回答漏れチェック: 回答済 when every required question has a valid answer, else 未回答."""
        out: dict[str, str] = {}
        for section in self.sections:
            done = all(
                q.id in answers and q.check_stored(answers[q.id]) is None
                for q in section.questions
                if q.required
            )
            out[section.title] = ANSWERED if done else UNANSWERED
        return out


__all__ = ["ANSWERED", "UNANSWERED", "QuestionSpec", "SectionSpec", "ChecklistSpec"]

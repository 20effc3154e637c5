"""The walker's 市区町村等名: a clear name is stored with its prefecture and code; a name that fits several
bodies (「高知」: 高知県 and 高知県高知市) is a numbered choice, never a guess."""

from __future__ import annotations

from dejiden.model import choosing, municipalities, normalize
from dejiden.model.behaviour import At, run
from dejiden.model.municipalities import Municipality
from dejiden.model.normalize import Invalid, Parsed, Result

from .state import Part, State
from .view import Reply, Step
from .wording import quote

PLACE = "header.municipality.pick"
MAX_PLACES = 9  # one number key each


class Places(Part):
    """The bodies the last name typed may mean (``state.places``), the choice among them, and storing one."""

    def __init__(self, state: State) -> None:
        self.state = state

    def place_step(self) -> Step | None:
        """The choice among the bodies a name fits, while there is one to make."""
        if not self.state.places:
            return None
        return Step(PLACE, PLACE, "choice", self.ed.labels.section_header, "市区町村等名（候補から選ぶ）",
                    choices=tuple(municipalities.shown_name(m) for m in self.state.places))

    def store_municipality(self, text: str, reply: Reply) -> tuple[Result, str | None]:
        found = municipalities.matches(text)
        if isinstance(found, Invalid):
            return found, None
        if len(found) == 1:
            self.state.places = ()
            return self._record_place(found[0], reply), None
        typed = normalize.clean_text(text)
        self.state.places = found[:MAX_PLACES]
        more = (f"ほかにも{len(found) - MAX_PLACES}団体あります。見当たらなければ /back で都道府県名をつけて入力してください。"
                if len(found) > MAX_PLACES else "違う団体なら /back で名前を入力し直してください。")
        reply.say(f"{quote(typed)}に当てはまる団体が{len(found)}つあります。次の一覧から番号で選んで Enter を押してください。{more}", "info")
        return Parsed(None), PLACE

    def store_place(self, step: Step, text: str, reply: Reply) -> Result:
        result = choosing.parse_choice(text, step.choices)
        if isinstance(result, Invalid):
            return result
        chosen = self.state.places[step.choices.index(result.value)]
        self.state.places = ()
        return self._record_place(chosen, reply)

    def _record_place(self, found: Municipality, reply: Reply) -> Result:
        """The body's name in its row; the rows that calculate from it (都道府県名, コード) filled in, said by label."""
        h = self.report.header
        row = next(r for r in self.ed.definition.rows("header") if r.type == "municipality")
        setattr(h, row.name, found.name)
        filled = []
        for other in self.ed.definition.rows(row.group):
            value = run("calculate", other.calculate, At(self.report, other.path, source=found))
            if value is not None:
                setattr(h, other.name, value)
                filled.append(f"{other.label}「{value}」")
        name = found.prefecture if found.is_prefecture else found.name
        also = "と".join(f for f in filled if f"「{name}」" not in f)  # a prefecture's own name is said once
        reply.say(f"{quote(name)}を記録しました。団体の一覧から{also}も入れました。", "note")
        return Parsed(found.name)

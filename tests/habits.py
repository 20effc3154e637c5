"""A new officer's habits, as keys (issue 18 item 6): one burst per section; on every choice its number and
then Enter (on some choices PageUp before the Enter); Enter on every suggestion shown; an Enter on a 備考
with nothing chosen, then the pick. Shared by the Pilot and tmux habit tests.

``bursts`` follows the conversation with a walker of its own, so each burst is exactly what a person
would type for that section, and the walker's report is what the app must have stored."""

from __future__ import annotations

import datetime as dt

from dejiden.model import draft
from dejiden.prompts.walker import Walker

PAGEUP = "\x1b[5~"  # the escape sequence a terminal sends for PageUp (a key name in Pilot)

# An invented report: 高知 (a name that fits 高知県 and 高知県高知市: picked by number), full-width input,
# a 減少KPI whose name has no tell-tale word, a 0目標KPI, a minus target (▲), 未計測, a falling yearly
# count that is not a reduction (（なし）, against the suggestion), and a head noun behind 「（第7指標）」.
NARRATIVE_OK = "紙の申請書を減らすため、電子申請の案内を窓口と広報誌で続けた。来年度も窓口での案内を続ける。"
NARRATIVE_NG = "計測の仕組みが年度内に整わなかった。２０２５年９月に計測を始め、来年度に達成を目指す。"
INVENTED: list[str] = [
    "\r1",  # 様式の版: Enter by habit (nothing is chosen for the officer: refused), then the newest
    "",  # 記入日: Enter on today, as offered
    "高知", "2",  # several bodies: 高知県高知市 is the second
    "デジタル政策課", "土佐　一郎", "課長", "高知　花子", "０８８−８２３−９９９９", "digital@city.kochi.lg.jp",
    "2", "高知市まるごとデジタル化事業",
    "システム運用経費", "３，２００", "研修費", "４５０", "なし",
    "デジタル田園都市国家構想推進交付金", "1,825", "なし",
    "", "3,000", "", "-", "なし",  # 実際: Enter on each 予定 item shown, then the amount
    "", "1,500", "なし",
    # KPI①: a 減少KPI named without a tell-tale word
    "紙の申請書の枚数", "2", "", "500", "300", "\r2", "450", "280", NARRATIVE_OK,
    # KPI②: a 0目標KPI
    "システム障害件数", "2", "", "0", "0", "\r3", "0", "0", NARRATIVE_OK,
    # KPI③: targets written with a minus (▲ full-width)
    "待ち時間の変化", "1", "分", "▲５", "▲１０", "\r1", "-6", "-8", NARRATIVE_NG,
    # KPI④: 未計測, the unit read through 「（第7指標）」, full-width numbers
    "オンライン手続数（第7指標）", "2", "", "１００", "２００", "\r1", "未計測", "未計測", NARRATIVE_NG,
    # KPI⑤: a yearly count whose targets fall: the suggestion is 減少KPI, the officer picks （なし）
    "デジタル講座の受講者数", "2", "", "100", "10", "\r1", "120", "15", NARRATIVE_OK,
    "なし",
    "3", "1,3", "2", "推進体制は課内で兼務し、月に一度の会議で進捗を確認する。",
    "1", "2", "1", "2", "運営は民間事業者に委託し、利用状況を毎月報告させる。",
    "1,2,3", "1", "広報誌とウェブサイトで周知し、公民館で体験会を開く。",
    "2", "2", "四半期ごとに実績値を確かめ、未達成のKPIは取組を見直す。",
]

# Every value the invented report must store, by path (the rest of the check is report == walker's report).
INVENTED_STORED: dict[str, object] = {
    "header.municipality": "高知市", "header.prefecture": "高知県", "header.lg_code": "39201",
    "header.manager_name": "土佐　一郎", "header.contact_name": "高知　花子", "header.phone": "088-823-9999",
    "header.collaboration": "広域連携", "budget.planned.expenses[0].amount": 3200, "budget.planned.expenses[1].amount": 450,
    "budget.planned.incomes[0].amount": 1825, "budget.actual.expenses[0].item": "システム運用経費",
    "budget.actual.expenses[0].amount": 3000, "budget.actual.expenses[1].item": "研修費",
    "budget.actual.expenses[1].amount": "-", "budget.actual.incomes[0].amount": 1500,
    "kpis[0].kind": "アウトプット", "kpis[0].unit": "枚", "kpis[0].note": "減少KPI",
    "kpis[1].unit": "件", "kpis[1].note": "0目標KPI", "kpis[2].unit": "分", "kpis[2].note": None,
    "kpis[3].unit": "件", "kpis[3].note": None, "kpis[4].unit": "人", "kpis[4].note": None,
    "checklist.1-1": "部局横断チーム", "checklist.1-2": ["民間事業者", "地域団体"],
}


def invented_targets(year0: int, year1: int) -> dict[str, object]:
    """The KPI numbers and 達成状況 the invented report must store, for the edition's two years."""
    return {
        f"kpis[0].fy{year0}.target": 500, f"kpis[0].fy{year1}.target": 300,
        f"kpis[0].fy{year0}.actual": 450, f"kpis[0].fy{year1}.actual": 280,
        f"kpis[1].fy{year1}.target": 0, f"kpis[2].fy{year0}.target": -5, f"kpis[2].fy{year1}.target": -10,
        f"kpis[2].fy{year1}.actual": -8, f"kpis[3].fy{year0}.target": 100, f"kpis[3].fy{year1}.target": 200,
        f"kpis[3].fy{year1}.actual": "未計測", f"kpis[4].fy{year1}.target": 10, f"kpis[4].fy{year1}.actual": 15,
    }


def bursts(answers: list[str], today: dt.date, *, pageup_every: int = 2) -> tuple[list[list[str]], list[str], Walker]:
    """The keys of each section's burst (a key is a character, "\\r" Enter, ``PAGEUP``), the question each
    burst ends at, and the walker that took the same answers (its report is what must be stored).

    An answer starting with "\\r" is an Enter first (refused where nothing is chosen), then the rest."""
    walker = Walker(draft.Draft(), today=lambda: today)
    out: list[list[str]] = []
    ends: list[str] = []
    section = None
    choices = 0
    for answer in answers:
        step = walker.step()
        assert step is not None, answer
        if step.section != section:
            if out:
                ends.append(walker.current)
            out.append([])
            section = step.section
        keys = out[-1]
        if answer.startswith("\r"):
            keys.append("\r")
            assert not walker.handle("").accepted  # Enter with nothing chosen stores nothing
            answer = answer[1:]
        prompt = walker.prompt()
        if step.kind == "choice" and answer and not answer.isdigit():
            answer = str(prompt.options.index(answer) + 1)
        if step.kind in ("line", "date") and answer and answer == prompt.default:
            answer = ""  # the suggestion shown is the one wanted: Enter
        if step.kind == "choice":
            choices += 1
            keys += list(answer)
            if choices % pageup_every == 0:
                keys.append(PAGEUP)  # scrolls the log; the selection stays
            keys.append("\r")
            sent = answer
        elif step.kind == "multi":
            numbers = [int(n) for n in answer.split(",")]
            keys += [str(n) for n in numbers] + ["\r"]
            sent = "、".join(step.choices[n - 1] for n in sorted(numbers))
        else:
            keys += list(answer) + ["\r"]
            sent = answer
        reply = walker.handle(sent)
        assert reply.accepted, (step.id, answer, [m.text for m in reply.messages])
    ends.append(walker.current)
    return out, ends, walker

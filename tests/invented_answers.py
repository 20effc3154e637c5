"""An invented report (塩尻市) that meets every rule of the form, as typed answer by answer.

KPI① falls without a tell-tale word in its name (減少KPI suggested from its targets), KPI② aims at
zero (0目標KPI), KPI③ has a ▲ target (a minus: 備考 （なし）); 備考 is picked each time (never pre-selected) and is 未計測 at the last year end
with a narrative that names no time (the ※3 time question follows), a narrative of exactly 300
characters after one of 301 is refused, and much is typed full width.
"""

from __future__ import annotations

EDGE = "窓口" * 75 + "\n" + "窓口" * 74 + "。"  # 150 + 1 + 148 + 1 = 300 characters (the line break counts, as Excel's LEN)
OVER = EDGE + "あ"  # 301


def invented_answers() -> list[str]:
    out = ["1", "令和８年６月１９日", "塩尻市", "企画政策課", "塩尻　太郎", "課長", "桔梗　花子",
           "０２６３－５２－０２８０", "kikaku@city.shiojiri.lg.jp", "２", "窓口手続のオンライン化事業"]
    out += ["オンライン申請基盤の構築費", "１２，５００", "広報費", "-", ""]  # planned expenses
    out += ["デジタル田園都市国家構想推進交付金", "6,250", "一般財源", "▲0", ""]  # planned incomes
    out += ["", "12,000", "", "-", ""]  # actual expenses: Enter keeps the planned items
    out += ["", "6,000", "", "6,000", ""]  # actual incomes
    # KPI①: falls, no tell-tale word in its name: 備考 suggested 減少KPI, never pre-selected: picked (2)
    out += ["窓口での平均待ち時間", "1", "分", "３０", "２０", "2", "２５", "１８"]
    out += [OVER, EDGE]  # 「KPI達成」: 301 refused, 300 recorded
    # KPI②: zero is the target: 0目標KPI suggested
    out += ["個人情報の漏えい件数", "2", "件", "0", "0", "3", "0", "0", "漏えいは発生しなかった。"]
    # KPI③: a ▲ target (recorded as a minus; 備考 （なし）), 未計測 at the last year end
    out += ["紙の申請書の前年度比増減", "２", "件", "▲５", "▲１０", "1", "▲３", "未計測"]
    out += ["集計システムの更新が遅れ、年度末の件数を計測できなかった。", "令和７年９月末"]
    out += [""]  # no more KPIs
    return out + checklist_answers()


def checklist_answers() -> list[str]:
    """Every checklist question answered: the first choice, the first two of a multi (as numbers with a
    space; full width in the first section), a line of text."""
    from dejiden.prompts.data import checklist_spec

    out = []
    for section in checklist_spec().sections:
        for q in section.questions:
            if q.type == "multi":
                out.append("１，２" if section is checklist_spec().sections[0] else "1 2")
            elif q.type == "single":
                out.append("1")
            else:
                out.append("担当課で毎月確認した。")
    return out

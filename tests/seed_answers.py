"""The seed report as a user would type it, answer by answer (used by walker and TUI tests)."""

from dejiden.model.example import seed_data


def seed_answers() -> list[str]:
    d = seed_data()
    h = d["header"]
    from dejiden.model.edition import load_edition

    out = [load_edition(d.get("edition", "r3-hosei-type1")).label]  # which edition (asked when there are several)
    out += ["2024年6月19日", "会津美里"]  # the name fills 都道府県名 and 地方公共団体コード
    out += [h["department"], h["manager_name"], h["manager_title"], h["contact_name"], h["phone"], h["email"], "1",
            h["project_name"]]
    # a list's next row starts with its name; an empty Enter ends the list
    out += ["情報連携基盤の運用経費", "２，０００", "", ""]  # planned: full-width amount
    out += ["", "-", "", ""]  # actual: Enter keeps the planned item's name, only the amount is new
    for i, k in enumerate(d["kpis"]):
        out += [k["name"], "1" if k["kind"] == "アウトカム" else "2", k["unit"]]
        out += [str(k["fy2022"]["target"]), str(k["fy2023"]["target"])]
        out += [str(("（なし）", "減少KPI", "0目標KPI").index(k.get("note") or "（なし）") + 1)]  # 備考: never pre-selected
        out += [str(k["fy2022"]["actual"]), str(k["fy2023"]["actual"])]
        out += [k.get("narrative_achieved") or k["narrative_unachieved"]]
    out += [""]  # no more KPIs (each KPI's name was typed where the list asks for its next row)
    from dejiden.prompts.data import checklist_spec

    for section in checklist_spec().sections:
        for q in section.questions:
            v = d["checklist"][q.id]
            out.append(",".join(str(q.choices.index(c) + 1) for c in v) if isinstance(v, list) else v)
    return out

"""What a front end says around the walker's prompts: one source for the TUI and the plain line mode.

The walker words the questions and replies; this holds the rest both front ends say (a revisited
question's recorded value, opening a draft, read-only, export, the review's tags, leaving), and
how the plain line mode asks for a number or a narrative. Plain strings and small functions, no
Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .view import Message, Prompt, ReviewRow

if TYPE_CHECKING:  # the session says its save problems in these words: it imports this module
    from .session import DraftSession

NEW_DRAFT = "新しい下書きを {path} に作ります（最初の回答を送ると保存します）。"
READ_ONLY_OPENED = ("{holder}読み取り専用で開きました（変更は保存されません）。"
                    "編集するには、その画面を閉じてから開き直してください。")
RESTORED = "入力途中の文章（{n}字）を復元しました。続きから書けます。"
RESTORED_TICKS = "送る前の選択（{ticks}）を復元しました。Enter で送ります。"  # a multi-select's unsent ticks
READ_ONLY_ANSWER = "読み取り専用です（ほかの人が編集中）。/review と /jump で内容を見られます。"
READ_ONLY_EXPORT = "読み取り専用（ほかの人が編集中）のため、書き出せません。編集している人が書き出してください。"
EXPORT_FAILED = "書き出せませんでした（{reason}）。"
EXPORTED = "Excelファイルを書き出しました：{path}"
EXPORT_MISSING = "{summary}。{review} で足りない項目を確認できます。"
AT_END = "/review で確認、/jump で質問へ移動"  # the input once every question is answered
# A save that failed (said once per problem), with when the front end tries again: the TUI's autosave
# runs every few seconds; the plain line mode saves with each answer and each line of a narrative.
SAVE_FAILED = ("下書きを保存できませんでした（{reason}）。入力はこの画面に残っています。"
               "空き容量や保存場所を確かめてください。{retry}")
RETRY_TUI = "数秒ごとに自動でもう一度保存します。"
RETRY_PLAIN = "次の答え（記述欄では次の行）を入力したときに、もう一度保存します。"
UNSAVED_LEFT = "保存できなかった入力があります（下書きは最後に保存できた状態です）。"
# Leaving (ctrl+q, /quit) while something could not be saved: retry, wait, or leave anyway.
UNSAVED_QUIT = "保存できていない入力があります（{reason}）。\nこのまま終了すると、最後の回答や書きかけの文章が失われます。"
UNSAVED_RETRY = "もう一度保存して終了する"
UNSAVED_DISCARD = "保存せずに終了する（保存できなかった入力は失われます）"
UNSAVED_WAIT = "画面に戻って待つ（入力は画面に残っています）"
NOTHING_WRITTEN = "何も答えていないので、下書きは作っていません。"
READ_ONLY_LEFT = "読み取り専用で開いていたので、{path} は変えていません（ほかの人が編集中でした）。"
SAVED_LEFT = "下書きを保存しました（{path}）。続きは {command} {name} で開けます。"

# The review: each row's tag, and what the screen says around the rows.
STATUS_TAG = {"invalid": "エラー", "missing": "未入力", "warning": "注意", "ok": "入力済"}
REVIEW_TITLE = "内容の確認｜{summary}"
REVIEW_OMISSION = "回答漏れチェック：{omission}"

# Finding a question (ctrl+p, /jump).
NO_MATCH = "当てはまる質問がありません"
NO_MATCH_HELP = "言葉を短くするか変えてみてください（例：KPI1 実績、予定 経費）"

# The list of drafts.
NEW_REPORT = "＋ 新しい報告書"
FOLDER = "保存場所：{folder}"
RESUME = "前回は {name}{who}の「{at}」の途中でした{typed}。"

# The plain line mode: how to answer, said where the TUI shows a widget instead.
PLAIN_START = ("dejiden（行モード）：質問を1行ずつ表示し、答えを1行で読みます。使えるコマンドは /help で表示します"
               "（/quit・入力の終わり・ctrl+c で保存して終了）。")
PLAIN_CHOOSE = "1〜{n} の番号を入力してください。"
PLAIN_CHOOSE_KEEP = "1〜{n} の番号を入力してください（空のまま Enter で「{value}」）。"  # said again at the cue
PLAIN_MULTI = "当てはまるものの番号を、空白か「,」で区切って入力してください（例：1 3）。"
PLAIN_NARRATIVE = "複数行で書けます。書き終えたら「.」だけの行を入力します。"
PLAIN_NARRATIVE_CONTINUE = ("書きかけの文章（下のとおり）の続きを入力します。「.」だけの行で送ります。"
                            "消して書き直すには「/clear」だけの行を入力します。")
PLAIN_CLEAR = "/clear"  # a line of a narrative: the text so far (restored or typed) is discarded
PLAIN_CLEARED = "書きかけの文章を消しました。"
PLAIN_RESTORED_LINE = "書きかけの答え：{text}（このとおりでよければ、同じように入力して Enter）"
PLAIN_LIST = "開く下書きの番号を入力してください（1〜{n}。空のまま Enter で{default}）。"
PLAIN_REVIEW_PICK = "移動する質問の番号を入力してください（空のまま Enter で質問に戻ります）。"
PLAIN_JUMP_ASK = "移動先の質問を入力してください（例：KPI② 実績）。空のまま Enter でやめます。"
PLAIN_JUMP_NONE = "「{query}」に" + NO_MATCH + "。" + NO_MATCH_HELP + "。"
PLAIN_JUMP_PICK = "当てはまる質問が{n}件あります。番号を入力してください（空のまま Enter でやめます）。"
PLAIN_WRONG_NUMBER = "「{text}」は番号にありません。"  # the instruction with the range follows
PLAIN_TOO_LONG = "1行が長すぎます（{n}字まで）。受け取らずに、もう一度伺います。"
PLAIN_NOT_TEXT = "文字として読めないバイト（UTF-8 でないもの）があります。受け取らずに、もう一度伺います。"
PLAIN_CUE = "> "
PLAIN_UNSAVED_CHOICES = (UNSAVED_RETRY, "質問に戻る（入力は消えていません。次の回答でもう一度保存します）", UNSAVED_DISCARD)
PLAIN_UNSAVED_PICK = "1〜3 の番号を入力してください（空のまま Enter で質問に戻ります）。"


def asked(prompt: Prompt, *, lines: bool = False) -> str:
    """The question as it is asked; on a revisit, with the recorded answer and how to keep it.

    ``lines`` is the plain line mode: no box holds a narrative's text, so it is printed after the
    question, and a line holding only 「.」 keeps it."""
    text = prompt.text
    if prompt.current is None:
        return text
    kind = prompt.step.kind
    replaced = "。入力すると置き換わります" if kind in ("line", "date") or (lines and kind == "narrative") else ""
    keep = "そのまま Enter で"
    if kind == "narrative" and lines:
        now, keep = "いまの文章は下のとおりです", "「.」だけの行で"
    elif kind == "narrative":
        now = "いまの文章は入力欄にあります"  # the text is in the box: not repeated in a short log
    else:
        now = f"いまの値：{prompt.current or '選択なし'}".removesuffix("。")
    text += f"\n（{now}。{keep}変えずに進みます{replaced}）"
    if kind == "narrative" and lines:
        text += f"\n{prompt.current}"
    return text


def guide(prompt: Prompt, counts: tuple[int, int] | None = None, example_note: str = "") -> list[str]:
    """The question's place, hint and 記入例 (the TUI's guide panel; the plain mode prints it once).
    ``example_note`` follows 「記入例」 (the TUI says where a 記入例 cut short is shown whole)."""
    where = f"【{prompt.step.section}｜{prompt.step.label}】"
    if counts is not None:
        where += f"（{counts[0]}/{counts[1]}問 回答済み）"
    parts = [where, prompt.hint]
    if prompt.example:
        parts.append(f"記入例{example_note}：{prompt.example}")
    return [p for p in parts if p]


ECHO_LIMIT = 400  # characters: longer than any answer the form takes (a narrative holds 300)


def shown_answer(prompt: Prompt | None, text: str) -> str:
    """The officer's answer as the log shows it: a picked number as the choice it stands for, and a
    paste longer than any answer (refused; it stays in the box) by its start, end and length."""
    if not text.strip():
        return "（空のまま Enter）"
    if prompt is not None and prompt.step.kind == "choice" and text.strip().isdigit():
        n = int(text.strip())
        if 1 <= n <= len(prompt.options):
            return prompt.options[n - 1]
    if len(text) > ECHO_LIMIT:
        return f"{text[:ECHO_LIMIT // 2]}\n…（全{len(text):,}字。途中は表示していません）…\n{text[-40:]}"
    return text


def opening(session: DraftSession) -> list[Message]:
    """What is said when a draft opens: where a new one will be, read-only, the greeting, restored text."""
    from .session import NEW  # not at the top: the session imports this module

    said = []
    if session.path is not None and session.state == NEW:  # opened by name: say where it will be
        said.append(Message("bot", NEW_DRAFT.format(path=session.path.absolute()), "note"))
    if session.holder is not None:
        said.append(Message("bot", READ_ONLY_OPENED.format(holder=session.holder.describe()), "error"))
    said += session.walker.greeting()
    if session.pending:
        step = session.walker.step()
        ticks = step is not None and step.kind == "multi"
        said.append(Message("bot", RESTORED_TICKS.format(ticks=session.pending) if ticks
                            else RESTORED.format(n=len(session.pending)), "note"))
    return said


def review_row(row: ReviewRow) -> str:
    """One row of the review: its tag, its question and its value (or what is wrong)."""
    value = row.value.replace("\n", " ")
    if len(value) > 24:
        value = value[:23] + "..."
    detail = row.message if row.status != "ok" else value
    return f"[{STATUS_TAG[row.status]}] {row.step.label}：{detail}"


def review_heading(result) -> tuple[str, str]:
    """The review's title (the check's summary) and its 回答漏れチェック line."""
    omission = "　".join(f"{k} {v}" for k, v in result.omission.items())
    return REVIEW_TITLE.format(summary=result.summary()), REVIEW_OMISSION.format(omission=omission)


def review_totals(walker) -> str:
    """The budget's totals and balances, both sides (経費合計, 収入合計, 収入合計-経費合計), one line each."""
    return "\n".join(walker.budget_summary())

"""The ``dejiden`` command: the TUI by default, and non-interactive sub-commands.

Textual is imported only when the TUI starts, so ``check`` and friends stay fast; the model
(pydantic) is imported only by the sub-commands, so the TUI can draw a reopened draft's first
question as soon as it can.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from dejiden.model.oserrors import os_error_ja
from dejiden.model.safe_text import shown

from .checktext import json_text as _json
from .checktext import render_check
from .config import draft_path
from .outputs import add_arguments, cmd_publish, cmd_summary

if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_INCOMPLETE, EXIT_UNREADABLE = 0, 1, 2


class _JaFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D102 - argparse hook
        super().add_usage(usage, actions, groups, prefix="使い方: ")


class _JaParser(argparse.ArgumentParser):
    _MESSAGES = (
        ("the following arguments are required", "次の引数が必要です"),
        ("unrecognized arguments", "知らない引数です"),
        ("expected one argument", "値が必要です"),
    )

    def error(self, message: str):  # noqa: D102 - argparse hook
        for en, ja in self._MESSAGES:
            message = message.replace(en, ja)
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}: エラー: {message}\n（説明は --help）\n")


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = _JaParser(prog=prog, description=description, formatter_class=_JaFormatter, add_help=False)
    parser._positionals.title = "引数"
    parser._optionals.title = "オプション"
    parser.add_argument("-h", "--help", action="help", help="この説明を表示して終了します")
    return parser


# Each sub-command: its argument's name and one line saying what it does (shown in both helps).
SUMMARIES = {
    "example": ("PATH", "会津美里町の記入例（完成した下書き）を書き出します。"),
    "check": ("PATH", "下書きの未入力・エラー・注意を項目ごとに表示します。"),
    "export": ("PATH", "下書きから提出用のExcelファイル（.xlsx）を作ります。"),
    "import": ("BOOK", "dejiden export で作ったExcelファイル（Excel・LibreOfficeで編集したものも可）を下書きに読み戻します。"),
    "editions": ("", "使える様式の版（年度）を一覧します。新しい下書きの既定は最新の版です。"),
    "new": ("NEW --from LAST", "前の年度の下書きから、最新の様式の下書きを始めます（引き継げる答えは入力済み）。"),
    "summary": ("PATH... -o OUT", "報告書（下書き・dejiden の Excel）を集めて、一覧とグラフの集計用Excelファイルを作ります。"),
    "publish": ("PATH -o OUT", "KPIの実績を公表するためのWebページ（1つのHTMLファイル）を作ります。"),
}
DETAILS = {
    "check": "終了コード: 0 完成（エラーなし）、1 未入力またはエラーあり、2 ファイルを読めない",
    "export": "未入力があっても書き出し、足りない項目を表示します。\n"
    "終了コード: 0 完成、1 未入力またはエラーあり（--strict では書き出さない）、2 読めない・書けない",
    "import": "読み替えた値（▲→-、全角→半角、番号→選択肢など）はすべて表示します。\n"
    "終了コード: 0 読めた、1 問題のあるセルがある（長すぎる文章は下書きに残し、ほかは空のまま）、2 ファイルを読めない",
    "summary": "フォルダを渡すと、その中（下のフォルダも）の .toml と .xlsx を読みます。読めなかったファイルは理由とともに\n"
    "「読めなかったファイル」シートに載せ、エラー出力にも表示します。端末では読み込みの進み具合を表示します。\n"
    "終了コード: 0 すべて読めた、1 読めなかったファイルがある（集計は書き出す）、2 書き出せない・報告書がない",
    "publish": "下書き（.toml）か dejiden の Excel（.xlsx）から作ります。スクリプトも外部ファイルも使わず、A4で印刷できます。\n"
    "終了コード: 0 書き出した、1 書き出したが報告書が未完成、2 読めない・書けない",
}


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    listing = "\n".join(f"  {f'{name} {arg}':<14} {text}" for name, (arg, text) in SUMMARIES.items())
    main = _parser(
        "dejiden",
        "デジタル田園都市国家構想推進交付金（デジタル実装タイプTYPE1）事業実施報告書を、"
        "一問ずつ対話で作成します。\n\n"
        "引数なしで起動すると下書きの一覧を開きます。PATH を渡すとその下書きを開きます（なければ作ります）。"
        "フォルダを含まない名前は、今のフォルダになければ保存場所の下書きです。\n\n"
        f"サブコマンド:\n{listing}\n\n各サブコマンドの説明: dejiden SUBCOMMAND --help",
    )
    main.add_argument("path", nargs="?", metavar="PATH", help="開く下書きファイル（.toml）")
    main.add_argument("--restricted", action="store_true", help="制限モード（SSHでの共用サーバ向け）")
    main.add_argument("--server-config", metavar="FILE", help="制限モードで読むサーバの設定（既定 /etc/dejiden/server.toml。docs/ssh.md）")
    main.add_argument("--plain", action="store_true",
                      help="行モード：質問を1行ずつ表示し、答えを1行で読みます（画面読み上げ・遅い回線・スクリプト向け。"
                           "環境変数 DEJIDEN_PLAIN=1 でも、標準入力が端末でないときも行モード。終了コード 0 完成 / 1 未完成 / 2 開けない）")
    subs = {
        name: _parser(f"dejiden {name}", text + ("\n" + DETAILS[name] if name in DETAILS else ""))
        for name, (_, text) in SUMMARIES.items()
    }

    p = subs["example"]
    p.add_argument("path", metavar="PATH", help="書き出す下書きファイル（.toml）")
    p.add_argument("--force", action="store_true", help="既にあるファイルを上書きします（編集中の下書きは上書きしません）")

    p = subs["check"]
    p.add_argument("path", metavar="PATH", help="確かめる下書きファイル（.toml）")
    p.add_argument("--json", action="store_true", help="結果をJSONで出力します（計算値と回答漏れチェックを含む）")

    p = subs["export"]
    p.add_argument("path", metavar="PATH", help="下書きファイル（.toml）")
    p.add_argument("-o", "--output", metavar="OUT.xlsx", help="書き出すファイル（省略時は下書きと同じフォルダに「コード_事業名.xlsx」）")
    p.add_argument("--strict", action="store_true", help="未入力・エラーがあれば書き出しません")

    p = subs["import"]
    p.add_argument("book", metavar="BOOK.xlsx", help="読み込むExcelファイル")
    p.add_argument("-o", "--output", metavar="DRAFT.toml", help="書き出す下書き（省略時は BOOK と同じ名前の .toml）")
    p.add_argument("--force", action="store_true", help="既にある下書きを上書きします（編集中の下書きは上書きしません）")

    p = subs["editions"]
    p.add_argument("--copy", nargs=2, metavar=("ID", "FOLDER"),
                   help="版 ID の様式ファイル（版・定義・チェックリスト）を FOLDER に写します。変えた様式を作るときの出発点です"
                        "（FOLDER を環境変数 DEJIDEN_EDITIONS に指定すると使えます。docs/editions.md）")

    p = subs["new"]
    p.add_argument("path", metavar="NEW.toml", help="作る下書きファイル")
    p.add_argument("--from", dest="source", metavar="LAST.toml", required=True, help="引き継ぐ前の年度の下書き")
    p.add_argument("--edition", metavar="ID", help="様式の版（省略時は最新。dejiden editions で一覧）")
    p.add_argument("--force", action="store_true", help="既にあるファイルを上書きします")
    add_arguments(subs["summary"], subs["publish"])
    return main, subs


def _out(text: str) -> None:
    sys.stdout.write(shown(text) + "\n")  # text from files never sends a control sequence


def _err(text: str) -> None:
    sys.stderr.write(shown(text) + "\n")


def _write_draft(path: Path, made: Any, *, backup: bool) -> str | None:
    """Write a draft under its lock; a message instead when another session holds it live."""
    from dejiden.model import draft
    from dejiden.model.files import DraftLock

    lock = DraftLock(path)
    holder = lock.acquire()
    if holder is not None:
        return f"{path} は編集中のため上書きしません。{holder.describe()}"
    try:
        draft.atomic_write(path, draft.dumps(made).encode("utf-8"), backup=backup)
    finally:
        lock.release()
    return None


def cmd_example(args: argparse.Namespace) -> int:
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    path = Path(args.path)
    if (path.exists() or path.is_symlink()) and not args.force:
        _err(f"{path} は既にあります。上書きする場合は --force をつけてください。")
        return EXIT_UNREADABLE
    refused = _write_draft(path, draft.Draft(seed_report()), backup=False)
    if refused:
        _err(refused)
        return EXIT_UNREADABLE
    _out(f"記入例（会津美里町）を {path} に書き出しました。")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from dejiden.model import completeness, draft

    loaded = draft.load(draft_path(args.path))
    if isinstance(loaded, draft.LoadError):
        if args.json:
            _out(_json({"error": loaded.reason, "line": loaded.line, "column": loaded.column,
                        "problems": [list(p) for p in loaded.problems]}))
        _err(loaded.describe())
        return EXIT_UNREADABLE
    result = completeness.check(loaded.report, unconfirmed=loaded.unconfirmed)  # against the draft's own edition
    if args.json:
        _out(_json(result.to_json()))
    else:
        _out(render_check(result))
    return EXIT_OK if result.complete else EXIT_INCOMPLETE


def cmd_export(args: argparse.Namespace) -> int:
    from dejiden.model import completeness, draft, workbook

    path = draft_path(args.path)
    loaded = draft.load(path)
    if isinstance(loaded, draft.LoadError):
        _err(loaded.describe())
        return EXIT_UNREADABLE
    report = loaded.report
    result = completeness.check(report, unconfirmed=loaded.unconfirmed)  # against the draft's own edition
    if args.strict and not result.complete:
        _out(render_check(result))
        _err("未入力またはエラーがあるため、書き出しませんでした（--strict）。")
        return EXIT_INCOMPLETE
    out = Path(args.output) if args.output else path.with_name(workbook.default_name(report))
    try:
        workbook.export(report, None, out, loaded.unconfirmed)
    except OSError as exc:
        _err(f"{out} に書き出せませんでした（{os_error_ja(exc)}）。書き込めるフォルダを -o で指定してください。")
        return EXIT_UNREADABLE
    _out(f"{out} に書き出しました。")
    if not result.complete:
        _out(render_check(result))
        return EXIT_INCOMPLETE
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from dejiden.model import draft, workbook

    book = Path(args.book)
    out = draft_path(args.output) if args.output else book.with_suffix(".toml")
    if (out.exists() or out.is_symlink()) and not args.force:
        _err(f"{out} は既にあります。この下書きに読み込む（変わる答えを一覧にし、前の版は .bak に残す）には --force、"
             "別の名前は -o で指定してください。")
        return EXIT_UNREADABLE
    if not out.is_symlink() and isinstance(draft.load(out), draft.Draft):  # an existing draft: updated, as upload does
        from .upload import import_into

        return import_into(out, book, _err)
    replacing = out.exists() or out.is_symlink()  # not a readable draft: replaced whole (kept as .bak)
    result = workbook.import_workbook(book)  # the edition the workbook names
    if result.draft is None:
        for p in result.problems:
            _err(f"{book} を読み込めません：{p.message}" if p.label == "ファイル" else f"{p.label}（{p.where}）：{p.message}")
        return EXIT_UNREADABLE
    refused = _write_draft(out, result.draft, backup=True)
    if refused:
        _err(refused)
        return EXIT_UNREADABLE
    _out(f"{book} を {out} に読み込みました。")
    if replacing:
        _out(f"今の {out} は下書きとして読めなかったため、置き換えました（前の版は {out.name}.bak に残してあります）。")
    if result.changes:
        _out(f"読み替えた値（{len(result.changes)}件）：")
        for c in result.changes:
            _out(f"  {c.label}（{c.where}）：{c.message}")
    if result.problems:
        _err(f"問題のあるセル（{len(result.problems)}件）：")
        for p in result.problems:
            _err(f"  {p.label}（{p.where}）：{p.message}")
        _err("問題のあるセルは下書きに入れていません（長すぎる文章は下書きに残してあります）。"
             "dejiden で開いて直してください。")
        return EXIT_INCOMPLETE
    return EXIT_OK


def cmd_editions(args: argparse.Namespace) -> int:
    from dejiden.model.edition import copy_files, editions, load_edition, problems

    if args.copy:
        try:
            written = copy_files(load_edition(args.copy[0]), Path(args.copy[1]))
        except KeyError:
            _err(f"様式の版「{args.copy[0]}」はありません（dejiden editions で一覧できます）。")
            return EXIT_UNREADABLE
        except FileExistsError as exc:
            _err(f"{exc.filename} は既にあります。上書きはしません。")
            return EXIT_UNREADABLE
        _out("写しました：" + "、".join(map(str, written)))
        return EXIT_OK

    for i, ed in enumerate(editions()):
        years = "・".join(map(str, ed.kpi_years))
        mark = "（既定）" if i == 0 else "（試験用）" if ed.test else ""
        _out(f"{ed.id}{mark}\n  {ed.label}\n  KPI {years}年度末・最大{ed.max_kpis}個・記述欄{ed.narrative_max}字・事業収支 {ed.budget_year}年度"
             f"\n  照合：{ed.checked_against}" + (f"\n  フォルダ：{ed.folder}" if ed.folder else ""))
    for problem in problems():
        _err(f"使えない様式ファイル：{problem}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from dejiden.model import draft
    from dejiden.model.carry import carry_over
    from dejiden.model.edition import load_edition, newest

    path, source = Path(args.path), Path(args.source)
    if (path.exists() or path.is_symlink()) and not args.force:
        _err(f"{path} は既にあります。上書きする場合は --force をつけてください。")
        return EXIT_UNREADABLE
    try:
        edition = load_edition(args.edition) if args.edition else newest()
    except KeyError:
        _err(f"様式の版「{args.edition}」はありません（dejiden editions で一覧できます）。")
        return EXIT_UNREADABLE
    loaded = draft.load(source)
    if isinstance(loaded, draft.LoadError):
        _err(loaded.describe())
        return EXIT_UNREADABLE
    result = carry_over(loaded.report, edition, source.name)
    refused = _write_draft(path, draft.Draft(result.report), backup=False)
    if refused:
        _err(refused)
        return EXIT_UNREADABLE
    _out(f"{source} から「{edition.label}」の下書き {path} を作りました。")
    _out("引き継いだもの：" + "、".join(result.carried or ["なし"]))
    _out("新しく入力するもの：" + "、".join(result.new))
    return EXIT_OK


COMMANDS = {"example": cmd_example, "check": cmd_check, "export": cmd_export, "import": cmd_import,
            "editions": cmd_editions, "new": cmd_new, "summary": cmd_summary, "publish": cmd_publish}


def main(argv: Sequence[str] | None = None, **run_options: Any) -> int:
    """The command line; ``run_options`` go to the app's ``run`` (the benchmark runs it headless)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    main_parser, subs = build_parser()
    if argv and argv[0] in subs:
        args = subs[argv[0]].parse_args(argv[1:])
        try:
            return COMMANDS[argv[0]](args)
        except OSError as exc:
            _err(f"ファイルを読み書きできませんでした（{os_error_ja(exc)}）。場所と権限を確かめてください。")
            return EXIT_UNREADABLE
        except Exception as exc:  # noqa: BLE001 - the last word of a command is a message, never a traceback
            _err(f"予期しない問題で止まりました（{type(exc).__name__}）。ファイルは書きかけのまま残りません。"
                 "この下書きやファイルを添えて管理者に連絡してください。")
            return EXIT_UNREADABLE
    args = main_parser.parse_args(argv)
    if args.restricted and args.path is None:
        from .config import default_data_dir  # no Textual for a command sent over SSH
        from .verbs import restricted_entry  # a command sent over SSH runs without a terminal

        code = restricted_entry(default_data_dir, Path(args.server_config) if args.server_config else None)
        if code is not None:
            return code
    from .plain import wanted  # no Textual for the plain line mode

    if not (args.restricted and args.path) and wanted(args.plain, headless=bool(run_options)):
        from .config import AppConfig
        from .plain import run_plain

        return run_plain(draft_path(args.path) if args.path else None, AppConfig(restricted=args.restricted))
    from .app import run  # Textual is imported only here

    return run(path=draft_path(args.path) if args.path else None, restricted=args.restricted, **run_options)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``dejiden`` command: the TUI by default, and non-interactive sub-commands.

Textual is imported only when the TUI starts, so ``check`` and friends stay fast; the model
(pydantic) is imported only by the sub-commands, so the TUI can draw a reopened draft's first
question as soon as it can.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from dejiden.model.oserrors import os_error_ja
from dejiden.model.safe_text import shown

from .checktext import json_text as _json
from .checktext import render_check
from .cliargs import EXIT_INCOMPLETE, EXIT_OK, EXIT_UNREADABLE, build_parser
from .config import draft_path
from .outputs import cmd_publish, cmd_summary


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

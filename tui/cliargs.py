"""The ``dejiden`` command's arguments: the parsers, their Japanese help and error words, and the exit codes."""

from __future__ import annotations

import argparse
import sys

from .outputs import add_arguments

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

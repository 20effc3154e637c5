"""The SSH commands that hand over what is made from drafts: publish (an officer's own page) and
summary (the administrators' group only, folders from the server's settings)."""

from __future__ import annotations

from pathlib import Path

from .remote import EXIT_INCOMPLETE, EXIT_OK, EXIT_REFUSED, Streams, shown, the_draft


def do_publish(args: list[str], folder: Path, io_: Streams) -> int:
    """The draft's KPI results page (``dejiden publish``) as the only bytes on stdout."""
    from .outputs import read_page

    path = the_draft(args, folder, io_)
    if path is None:
        return EXIT_REFUSED
    if io_.stdout.isatty():
        io_.err(f"画面には書き出せません。ファイルに保存してください：ssh ホスト publish {args[0]} > {path.stem}.html"
                "（ssh -t は使いません）")
        return EXIT_REFUSED
    page, why, complete = read_page(path)
    if page is None:
        io_.err(shown(f"{path.name} を読めません：{why}"))
        return EXIT_REFUSED
    io_.stdout.write(page.encode("utf-8"))
    io_.stdout.flush()
    if not complete:
        io_.err(shown(f"{path.stem}：未入力またはエラーがあります（ページには「未入力」と表示しています。ssh ホスト check {args[0]}）。"))
        return EXIT_INCOMPLETE
    return EXIT_OK


def do_summary(args: list[str], folder: Path, io_: Streams, server_config: Path | None) -> int:
    """The summary workbook of the folders the server's settings name, for the administrators' group only."""
    from dejiden.model import summary

    from .outputs import first_line
    from .serverconfig import is_member, load

    access = load(server_config)
    if not is_member(access.group):
        io_.err("summary はサーバの設定で決められた管理者のグループの人だけが使えます。")
        return EXIT_REFUSED
    if args:
        io_.err("使い方: ssh ホスト summary > summary.xlsx（読む場所はサーバの設定で決まり、指定はできません）")
        return EXIT_REFUSED
    if io_.stdout.isatty():
        io_.err("画面には書き出せません。ファイルに保存してください：ssh ホスト summary > summary.xlsx（ssh -t は使いません）")
        return EXIT_REFUSED
    result = summary.summarise(list(access.folders) or [folder])
    for u in result.unreadable:
        io_.err(shown(f"読めません：{u.path}：{first_line(u.reason)}", newlines=False))
    if not result.sources and not result.unreadable:
        io_.err("報告書（.toml の下書き、dejiden の .xlsx）が見つかりません。")
        return EXIT_REFUSED
    io_.stdout.write(result.to_bytes())
    io_.stdout.flush()
    return EXIT_INCOMPLETE if result.unreadable else EXIT_OK

"""OS errors said in Japanese, naming the place the user knows (not our temporary files)."""

from __future__ import annotations

import errno
from pathlib import Path

REASONS = {
    errno.ENOENT: "フォルダまたはファイルがありません",
    errno.EACCES: "権限がありません",
    errno.EPERM: "権限がありません",
    errno.ENOSPC: "空き容量がありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.EISDIR: "フォルダです（ファイル名を指定してください）",
    errno.ENOTDIR: "途中にフォルダでないものがあります",
    errno.EDQUOT: "容量の上限に達しています",
    errno.ELOOP: "シンボリックリンクです。安全のため、リンクをたどって読み書きしません",
    errno.EEXIST: "同じ名前のファイルが既にあります",
}


def os_error_ja(exc: OSError) -> str:
    """「空き容量がありません：/home/tanaka/.local/share/dejiden」."""
    from .fsio import FileRefused
    from .safe_text import shown

    if isinstance(exc, FileRefused):
        reason = exc.message
    else:
        reason = REASONS.get(exc.errno or 0, f"ファイルを読み書きできません（エラー番号 {exc.errno}）")
    if not exc.filename:
        return shown(reason)
    place = Path(exc.filename)
    if place.name.startswith(".") and place.name.endswith((".tmp", ".lock")):
        place = place.parent  # a temporary file of ours: name the folder
    return shown(f"{reason}：{place}", newlines=False)

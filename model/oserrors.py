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
}


def os_error_ja(exc: OSError) -> str:
    """「空き容量がありません：/home/tanaka/.local/share/dejiden」."""
    reason = REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    if not exc.filename:
        return reason
    place = Path(exc.filename)
    if place.name.startswith(".") and place.name.endswith(".tmp"):
        place = place.parent  # a temporary file of ours: name the folder
    return f"{reason}：{place}"

"""The commands an officer types on their own PC to fetch a draft's workbook and send it back.

Shown after F5 in restricted mode (over SSH): user and host filled in when known. The host is what
the administrator set as ``DEJIDEN_SSH_HOST`` in the sshd block of docs/ssh.md, else the server's
address from ``SSH_CONNECTION``; the port is added when it is not 22. Standard library only: the
chat screen imports this, and it must not pull in the SSH commands or the app.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

HOST_ENV, PORT_ENV = "DEJIDEN_SSH_HOST", "DEJIDEN_SSH_PORT"
# Never in a NAME: path separators, quotes, what any shell (sh, cmd.exe, PowerShell) treats specially.
_FORBIDDEN = set("/\\'\"`$&|;<>()*?[]{}!~#%^=,@+:")


def plain_name(name: str) -> bool:
    """A NAME that can be typed on any shell's command line as it is (and never means a path)."""
    return bool(name) and len(name) <= 200 and name[0] not in ".-" and ".." not in name and not any(
        c in _FORBIDDEN or c.isspace() or unicodedata.category(c)[0] in "CZ" for c in name)


def ssh_target(env: dict[str, str] | None = None, user: str | None = None) -> str | None:
    """``[-p PORT ]user@host`` as the officer types it on their PC, or None when not over SSH."""
    env = os.environ if env is None else env
    connection = (env.get("SSH_CONNECTION") or "").split()
    host = (env.get(HOST_ENV) or "").strip() or (connection[2] if len(connection) == 4 else "")
    if not host or not plain_name(host.replace(":", "")):
        return None
    port = (env.get(PORT_ENV) or "").strip() or (connection[3] if len(connection) == 4 else "22")
    if user is None:
        import getpass

        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            return None
    if not plain_name(user):
        return None
    if ":" in host:  # an IPv6 address
        host = f"[{host}]" if not host.startswith("[") else host
    option = f"-p {port} " if port.isdigit() and port != "22" else ""
    return f"{option}{user}@{host}"


def fetch_hint(draft_path: Path | None, *, restricted: bool, env: dict[str, str] | None = None,
               user: str | None = None) -> str | None:
    """After writing the workbook: the commands that fetch it to the officer's PC and send it back.

    None when not in restricted mode over SSH, or when the draft has no file yet.
    """
    target = ssh_target(env, user) if restricted and draft_path is not None else None
    if target is None:
        return None
    stem = Path(draft_path).stem
    if not plain_name(stem):
        return f"手元のパソコンに取り出す方法は管理者の案内をご覧ください（名前の確認：ssh {target} list）。"
    return (
        "手元のパソコンに取り出すには（コマンドプロンプト・Mac・Linux。PowerShell では cmd /c \"…\" で囲みます）：\n"
        f"  ssh {target} download {stem}.xlsx > {stem}.xlsx\n"
        "Excelで直したファイルを戻すには：\n"
        f"  ssh {target} upload {stem} < {stem}.xlsx"
    )

"""An edition's TOML file read safely: never waiting on a FIFO or following a link planted in an administrator's
folder, never larger than MAX_BYTES, every text short and free of control characters; FormProblem otherwise."""

from __future__ import annotations

import os
import stat
import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .formcheck import FormProblem, row_name
from .fsio import FileRefused, read_regular

MAX_BYTES = 1_000_000  # an edition or form file (the shipped form is about 20 kB)
MAX_TEXT = 2_000  # characters in one label, wording or text (the shipped files' longest is about 400)
# Texts shown as one line (`dejiden editions`, a choice, a cell's label): a newline there could fake another line.
ONE_LINE = {"id", "path", "label", "title", "checked_against", "choices", "blank", "fiscal_year_text", "form", "checklist"}
MAX_ITEMS = 1_000  # items in one list (rows, choices): every one is asked, shown and checked


def _raw(path: Traversable, name: str, follow: bool) -> bytes:
    """At most MAX_BYTES + 1 bytes of the file. In an administrator's folder (``follow`` False) a FIFO or device is
    refused without waiting on it and a symlink is not followed (dejiden may run as root: a planted link must
    not make it read a file its writer could not)."""
    if follow or not isinstance(path, Path):  # the shipped editions (a packaged resource)
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    for where in (path.parent, path):  # a planted file needs a folder or a file anyone may write
        mode = os.lstat(where).st_mode
        if mode & stat.S_IWOTH and not stat.S_ISLNK(mode):  # a link is refused below, as a link
            raise FormProblem(f"{name}：{where} はほかの誰でも書き換えられます。chmod o-w {where} で管理者だけが書けるようにしてください。")
    try:
        return read_regular(path, MAX_BYTES, tighten=False)
    except FileRefused as exc:
        todo = "余計な行を消してください。" if exc.too_large else "様式のフォルダには TOML のファイルそのものを置いてください。"
        raise FormProblem(f"{name}：{exc.message}。{todo}") from None


def _key(loc: tuple[Any, ...]) -> str:
    return next((part for part in reversed(loc) if isinstance(part, str)), "")


def read_toml(path: Traversable, name: str, *, follow: bool = True) -> dict[str, Any]:
    """A TOML file of an edition; FormProblem (file, line, reason) when it is too large, not a file or not TOML."""
    from .loaderrors import toml_problem

    try:
        raw = _raw(path, name, follow)
    except FileNotFoundError:
        raise FormProblem(f"{name} がありません。編集した様式の版の form・checklist に書いたファイル名を確かめてください。") from None
    except OSError:
        raise FormProblem(f"{name} を読めません。ファイルの権限を確かめてください（dejiden を使う全員が読めるように）。") from None
    if len(raw) > MAX_BYTES:
        raise FormProblem(f"{name}：ファイルが大きすぎます（上限は{MAX_BYTES // 1000:,}kB）。余計な行を消してください。")
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as Windows editors write one, is no mistake
    except UnicodeDecodeError:
        raise FormProblem(f"{name}：UTF-8 の文字として読めません。UTF-8 で保存し直してください。") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason, line, _ = toml_problem(exc, text)
        raise FormProblem(f"{name} の{line}行目：{reason}" if line else f"{name}：{reason}") from None
    except RecursionError:
        raise FormProblem(f"{name}：表や一覧の入れ子が深すぎます。") from None
    _plain(data, name)
    return data


def _plain(data: dict[str, Any], name: str) -> None:
    """Every text of a file short and free of control characters (ESC, BEL: shown in the chat, the workbook and
    ``dejiden editions``), every list of a size the conversation can offer; FormProblem naming the key."""
    from .safe_text import is_safe

    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        said = ""
        if isinstance(value, str) and not is_safe(value):
            said = "制御文字（ESC など）が入っています。消してください"
        elif isinstance(value, str) and not is_safe(value, newlines=False) and _key(loc) in ONE_LINE:
            said = "改行やタブは使えません。1行で書いてください"
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            said = f"{len(value):,}字あります。上限は{MAX_TEXT:,}字です"
        elif isinstance(value, list) and len(value) > MAX_ITEMS:
            said = f"{len(value):,}個並んでいます。上限は{MAX_ITEMS:,}個です"
        if said:
            row, key = row_name(data, loc)
            where = f"{row}の {key}" if row and key else row or key
            raise FormProblem(f"{name} の {where}：{said}。" if where else f"{name}：{said}。")
        if isinstance(value, dict):
            stack.extend((v, (*loc, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*loc, i)) for i, v in enumerate(value))

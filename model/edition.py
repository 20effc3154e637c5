"""The edition of the form: years, limits and fixed texts, read from a data file per edition."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from . import formcheck
from .formfile import read_toml

if TYPE_CHECKING:
    from .form import FormDef
    from .labels import Labels
    from .report import Models

DEFAULT_EDITION = "r3-hosei-type1"
# An administrator's folder of further editions (edition files, their forms in forms/), beside the shipped ones.
FOLDER_ENV = "DEJIDEN_EDITIONS"
MAX_FILES = 30  # edition files read from that folder (each is checked whole at every start, about 20 ms)


class KpiExample(BaseModel):
    """One of the form's 記入例 rows for a KPI."""

    model_config = ConfigDict(frozen=True)

    name: str
    note: str
    kind: str
    unit: str
    target: int | float
    actual: int | float


class Edition(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    label: str = ""  # how the conversation names it when asking which edition (default: the title)
    published: dt.date  # the newest published edition is the default for a new draft
    test: bool = False  # an edition for tests: listed last, never the default
    checked_against: str  # what its form was checked against (an issued document, or how it was derived)
    form: str = "forms/type1.toml"  # the rows of the form (forms/ beside the edition file)
    checklist: str = "forms/type1_checklist.toml"
    folder: str = ""  # set on loading: the extra editions folder it came from ("" = shipped with dejiden)
    fiscal_year_text: str
    budget_year: int
    kpi_years: tuple[int, ...]
    next_year: int
    max_kpis: int
    max_budget_rows: int
    narrative_max: int
    submission_note: str
    kpi_instructions: str
    kpi_example_title: str
    kpi_examples: tuple[KpiExample, ...]
    narrative_examples: dict[str, str]  # the 記入例 paragraph for each narrative box

    @property
    def final_year(self) -> int:
        """The year whose status decides which narrative box is filled."""
        return self.kpi_years[-1]

    def model_post_init(self, _context) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.title)

    @cached_property
    def definition(self) -> "FormDef":
        """The form's rows for this edition."""
        from .form import load_form

        return load_form(self.form, self.checklist, self.folder)

    @cached_property
    def labels(self) -> "Labels":
        """The form's fixed labels as this edition's definition words them."""
        from .labels import Labels

        return Labels(self)

    @cached_property
    def models(self) -> "Models":
        """The pydantic models of a draft of this edition, generated from its rows."""
        from .report import build_models

        return build_models(self)

    @property
    def instructions(self) -> str:
        years = "・".join(map(str, self.kpi_years))
        return self.kpi_instructions.strip().format(first=self.kpi_years[0], final=self.final_year, years=years)


def _file_name(edition_id: str) -> str:
    return edition_id.replace("-", "_") + ".toml"


_ID = re.compile(r"[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,5}")


def folder(name: str = "") -> Traversable:
    """The shipped editions folder, or (``name``) an administrator's folder named by $DEJIDEN_EDITIONS."""
    return Path(name) if name else resources.files("dejiden.model.editions")


def _folders() -> tuple[str, ...]:
    extra = os.environ.get(FOLDER_ENV, "")
    return ("", extra) if extra else ("",)


def _why(exc: Exception) -> str:
    """An administrator's broken file, said in Japanese with where in it (the field's key)."""
    from .formcheck import FormProblem

    if isinstance(exc, FormProblem):
        return str(exc)
    if isinstance(exc, tomllib.TOMLDecodeError):
        return "TOMLとして読めません"
    if isinstance(exc, ValidationError):
        e = exc.errors(include_url=False)[0]
        return f"項目「{'.'.join(map(str, e['loc']))}」が正しくありません（{e['msg']}）"
    if isinstance(exc, OSError):
        return "ファイルを読めません"
    return f"定義が正しくありません（{exc}）"


def _unusable_folder(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"このフォルダはありません。環境変数 {FOLDER_ENV} に様式ファイルを置いたフォルダを指定してください。"
    if isinstance(exc, NotADirectoryError):
        return f"フォルダではありません。環境変数 {FOLDER_ENV} には様式ファイルを置いたフォルダを指定してください。"
    return "フォルダを読めません。フォルダの権限を確かめてください（dejiden を使う全員が読めるように）。"


def _misnamed(file_name: str, edition_id: str) -> str:
    if _ID.fullmatch(edition_id):
        return f"ファイル名は id の「-」を「_」にしたものです。{_file_name(edition_id)} にしてください。"
    return "ファイル名は小文字の英字・数字と「_」で、id の「-」を「_」にしたものにしてください（例：r7_kaitei_type1.toml）。"


@cache
def _scan() -> tuple[dict[str, str], tuple[str, ...], dict[str, str]]:
    """Each edition id with the folder its file is in, and the files of the extra folder that cannot be used.

    A shipped id is never replaced by another folder's; an administrator's edition is offered only when
    it loads whole (its file, its form's rows, the rules they name, its models).
    """
    out: dict[str, str] = {}
    broken: list[str] = []
    why: dict[str, str] = {}  # an administrator's edition id that cannot be used, and why
    for name in _folders():
        try:
            files = sorted(folder(name).iterdir(), key=lambda p: p.name)
        except OSError as exc:  # an administrator's folder missing or unreadable: said, shipped editions still work
            broken.append(f"{name}：{_unusable_folder(exc)}")
            continue
        if name and len([p for p in files if p.name.endswith(".toml")]) > MAX_FILES:  # each is read at every start
            broken.append(f"{name}：様式の版のファイルが{MAX_FILES}個を超えています。使わない版を別のフォルダに移してください"
                          f"（{MAX_FILES}個目より後は読みません）。")
            files = [p for p in files if p.name.endswith(".toml")][:MAX_FILES]
        for p in files:
            edition_id = p.name[:-5].replace("_", "-")
            if name and p.name.endswith(".toml") and not (
                    p.name == _file_name(edition_id) and _ID.fullmatch(edition_id)):
                broken.append(f"{p}：{_misnamed(p.name, edition_id)}")  # an edition file an administrator misnamed
                continue
            if name and edition_id in out:  # a shipped id claimed: the shipped edition stays, drafts keep their form
                broken.append(f"{p}：id「{edition_id}」は dejiden に付属の版です。付属の版は置き換えられません。"
                              "新しい id にしてください（例：r7_kaitei_type1.toml に id = \"r7-kaitei-type1\"）。")
                continue
            if not (p.name.endswith(".toml") and (name or p.is_file()) and _ID.fullmatch(edition_id)) or edition_id in out:
                continue  # in an administrator's folder a FIFO or link under an edition's name is read (and refused)
            if name:
                try:
                    ed = _parse(edition_id, name)
                    formcheck.check(ed, ed.form)  # its rows: names, types, choices, cells, each named if wrong
                    _ = ed.models
                except Exception as exc:  # any fault in an administrator's file: said, and the edition not offered
                    broken.append(f"{p}：{_why(exc)}")
                    why.setdefault(edition_id, f"{p}：{_why(exc)}")
                    continue
            out[edition_id] = name
    from .safe_text import shown  # a file name or a value may hold a newline that would fake another line

    return out, tuple(shown(b, newlines=False) for b in broken), {k: shown(v, newlines=False) for k, v in why.items()}


def _where() -> dict[str, str]:
    return _scan()[0]


def problems() -> tuple[str, ...]:
    """The extra folder's edition files that cannot be used, each with why (dejiden editions says them)."""
    return _scan()[1]


def not_installed(edition_id: object) -> str:
    """What a draft or workbook naming an edition that is not installed is told: the administrator's file that
    cannot be used and why (to pass on), or the editions there are."""
    from .safe_text import shown

    named = shown(str(edition_id)[:40], newlines=False)
    if isinstance(edition_id, str) and edition_id in _scan()[2]:
        return f"様式の版「{named}」のファイルが使えません：{_scan()[2][edition_id]}（様式ファイルを置いた管理者に知らせてください）"
    return f"様式の版「{named}」はありません（使える版：{'、'.join(installed_editions())}）。"


def copy_files(edition: Edition, to: Path) -> list[Path]:
    """An edition's files (edition, form, checklist) copied into an administrator's folder, never over a file."""
    source = folder(edition.folder)
    names = [_file_name(edition.id), edition.form, edition.checklist]
    if any(part in ("", ".", "..") for name in names for part in name.split("/")):
        raise KeyError(edition.id)
    targets = [to / name for name in names]
    for target in targets:
        if target.exists() or target.is_symlink():
            raise FileExistsError(0, "exists", str(target))
    for name, target in zip(names, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source
        for part in name.split("/"):
            data = data / part
        with open(target, "x", encoding="utf-8") as out:
            out.write(data.read_text("utf-8"))
    return targets


@cache
def installed_editions() -> tuple[str, ...]:
    """The ids of the editions installed (shipped, or in $DEJIDEN_EDITIONS): the only ones a draft or workbook may name."""
    return tuple(sorted(_where()))


def reload() -> None:
    """Read the editions folders again (after $DEJIDEN_EDITIONS changed, or a file in it did). The shipped
    editions stay the same objects (their models too, so reports made before stay valid)."""
    from .form import forget_folders

    for cached in (_scan, installed_editions, editions):
        cached.cache_clear()
    for key in [k for k in _LOADED if k[1]]:
        del _LOADED[key]
    forget_folders()


def load_edition(edition_id: str = DEFAULT_EDITION) -> Edition:
    """Load an edition by id (one of ``installed_editions``, never a path); KeyError for any other."""
    if not isinstance(edition_id, str) or edition_id not in _where():  # ids are checked when the folders are read
        raise KeyError(edition_id)
    return _load(edition_id)


_LOADED: dict[tuple[str, str], Edition] = {}


def _load(edition_id: str) -> Edition:
    """One parse per edition file, whichever way it is asked for (by default, by id, by ``editions``)."""
    key = (edition_id, _where()[edition_id])
    if key not in _LOADED:
        _LOADED[key] = _parse(*key)
    return _LOADED[key]


def _parse(edition_id: str, where: str) -> Edition:
    path = folder(where) / _file_name(edition_id)
    if not where and not path.is_file():
        raise KeyError(edition_id)
    data = read_toml(path, path.name, follow=not where)
    try:
        edition = Edition.model_validate({**data, "folder": where})
    except ValidationError as exc:
        raise formcheck.invalid(exc, data, path.name) from None
    if edition.id != edition_id:
        if where:  # an administrator's file: said, with the id its name gives
            raise formcheck.FormProblem(f"{path.name} の id = \"{edition.id}\" がファイル名と合いません。"
                                        f"id = \"{edition_id}\" にしてください（ファイル名は id の「-」を「_」にしたもの）。")
        raise KeyError(edition_id)
    return edition


@cache
def editions() -> tuple[Edition, ...]:
    """Every edition file shipped, newest first (test editions last)."""
    found = [load_edition(edition_id) for edition_id in installed_editions()]
    return tuple(sorted(found, key=lambda e: (e.test, -e.published.toordinal(), e.id)))


def newest() -> Edition:
    return editions()[0]

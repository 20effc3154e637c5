import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dejiden.model import draft
from dejiden.model.draft import Conflict, Draft, LoadError, Session, Stamp
from dejiden.model.example import seed_report
from dejiden.model.report import Report

from .strategies import drafts

pytestmark = pytest.mark.writes_files


def test_seed_round_trips_with_types_kept():
    text = draft.dumps(Draft(seed_report()))
    assert 'lg_code = "07447"' in text  # code stays text with its leading zero
    assert "entry_date = 2024-06-19" in text  # a TOML date, not a string
    assert "amount = 2000" in text and 'amount = "-"' in text
    assert "# KPI① 2023年度末　実績値" in text  # the form's label as a comment
    loaded = draft.loads(text)
    assert loaded.report == seed_report()
    assert loaded.report.header.entry_date == dt.date(2024, 6, 19)
    assert loaded.report.kpis[0].year(2022).actual == 6.8


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts)
def test_save_load_is_the_identity(d):
    loaded = draft.loads(draft.dumps(d))
    assert isinstance(loaded, Draft), getattr(loaded, "problems", loaded)
    assert loaded.report == d.report
    assert loaded.session == d.session


def test_partial_draft_keeps_absent_values_absent():
    report = Report()
    report.header.municipality = "会津美里町"
    text = draft.dumps(Draft(report))
    assert "prefecture" not in text and "null" not in text
    assert draft.loads(text).report == report


def test_broken_file_reports_line_and_column_and_is_not_touched(tmp_path):
    path = tmp_path / "r.toml"
    broken = '[header]\nmunicipality = "会津美里町"\nphone = 0242-55\n'
    path.write_text(broken, encoding="utf-8")
    result = draft.load(path)
    assert isinstance(result, LoadError) and result.line == 3 and result.column
    assert "3行目" in result.describe()
    assert path.read_text(encoding="utf-8") == broken


def test_invalid_values_are_reported_in_japanese_by_the_forms_label_with_the_path_beside_it():
    """A hand-edited draft's bad values are named as ``check`` names them; the path says where in the TOML."""
    result = draft.loads('[header]\nphone = "12"\nfoo = 1\n[[kpis]]\nunit = 5\n[kpis.fy2023]\ntarget = "abc"\n')
    assert isinstance(result, LoadError)
    problems = dict(result.problems)
    assert "例：0242-55-1171" in problems["電話番号（header.phone）"]
    assert "知らない項目" in problems["header.foo"]  # no field of the form: its path alone
    assert "数値" in problems["KPI① 2023年度末　目標値（kpis[0].fy2023.target）"]
    assert "KPI① 単位（kpis[0].unit）" in problems
    assert "  電話番号（header.phone）: " in result.describe()


def test_invalid_values_are_named_in_the_drafts_own_edition():
    text = 'edition = "{}"\n[header]\nproject_kind = "改良"\n'
    own = dict(draft.loads(text.format("test-3years")).problems)  # 事業区分 is a row of this edition only
    assert "選択肢" in own["事業区分（header.project_kind）"], own
    other = dict(draft.loads(text.format("r3-hosei-type1")).problems)
    assert "知らない項目" in other["header.project_kind"], other


def test_save_keeps_a_backup_and_leaves_no_temp(tmp_path):
    path = tmp_path / "r.toml"
    first = Draft(seed_report())
    draft.save(path, first)
    second = Draft(seed_report(), Session(current="kpis[0].name"))
    second.report.header.department = "企画課"
    draft.save(path, second)
    assert draft.load(path).report.header.department == "企画課"
    assert draft.load(path.with_name("r.toml.bak")).report.header.department == "政策財政課"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.toml", "r.toml.bak"]


def test_changed_on_disk_is_never_overwritten(tmp_path):
    path = tmp_path / "r.toml"
    stamp = draft.save(path, Draft(seed_report()))
    assert isinstance(stamp, Stamp)
    os.utime(path, ns=(1, 1))  # another program touched it
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = draft.save(path, Draft(Report()), expected=stamp, check_conflict=True)
    assert isinstance(result, Conflict) and "外で変更" in result.describe()
    assert draft.load(path).report == seed_report()


def test_killed_between_write_and_replace_leaves_the_old_file(tmp_path):
    path = tmp_path / "r.toml"
    draft.save(path, Draft(seed_report()))
    before = path.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, signal
        from dejiden.model import draft
        from dejiden.model.report import Report
        real = os.replace
        def dying_replace(src, dst):
            if str(dst) == {str(path)!r}:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(src, dst)
        os.replace = dying_replace
        draft.save({str(path)!r}, draft.Draft(Report()))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1])
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert isinstance(draft.load(path), Draft)
    # the next save removes the dead process's temp file
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    draft.save(path, Draft(seed_report()))
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


# ---------------------------------------------------------------- hostile input never raises


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                      st.dates())
_KEYS = st.sampled_from(["edition", "schema_version", "header", "budget", "kpis", "checklist", "session",
                          "planned", "expenses", "item", "amount", "name", "fy2023", "target", "actual",
                          "pending", "closed", "1-1", "municipality", "lg_code", "x"])
_TREES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=30)


@given(st.text(max_size=300))
def test_any_text_loads_as_a_draft_or_a_load_error(text):
    assert isinstance(draft.loads(text), (draft.Draft, draft.LoadError))


@given(st.dictionaries(_KEYS, _TREES, max_size=6))
def test_any_toml_shape_loads_as_a_draft_or_a_load_error(data):
    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [clean(x) for x in v if x is not None]
        return v

    try:
        text = tomli_w.dumps(clean(data))
    except (TypeError, ValueError):
        return  # not expressible in TOML
    loaded = draft.loads(text)
    assert isinstance(loaded, (draft.Draft, draft.LoadError))
    if isinstance(loaded, draft.LoadError):
        assert loaded.describe()


def _places(value, prefix=()):
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        yield from _places(v, (*prefix, k))


_SEED_DATA = seed_report().to_data()
_SEED_PLACES = [p for p in _places(_SEED_DATA) if p]


@given(st.data())
def test_the_seed_with_any_value_replaced_loads_or_is_a_load_error(data):
    import copy

    tree = copy.deepcopy(_SEED_DATA)
    place = data.draw(st.sampled_from(_SEED_PLACES))
    target = tree
    for k in place[:-1]:
        target = target[k]
    target[place[-1]] = data.draw(_TREES.filter(lambda v: v is not None))
    try:
        text = tomli_w.dumps(tree)
    except (TypeError, ValueError):
        return
    assert isinstance(draft.loads(text), (draft.Draft, draft.LoadError))


def test_a_draft_too_large_to_read_back_is_never_written(tmp_path):
    """Kept texts from a workbook could add up past what a draft may be: refused, the old file kept."""
    from dejiden.model.files import FileRefused

    path = tmp_path / "x.toml"
    draft.save(path, draft.Draft(seed_report()))
    before = path.read_bytes()
    big = draft.Draft(seed_report(), draft.Session(kept={f"checklist.k{i}": "𠮷" * 90_000 for i in range(4)}))
    with pytest.raises(FileRefused) as refused:
        draft.save(path, big)
    assert "大きすぎ" in refused.value.message
    assert path.read_bytes() == before

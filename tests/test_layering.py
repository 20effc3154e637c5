"""model/ and prompts/ never import Textual: the engine works without the TUI."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
FORBIDDEN = {
    "model": ("textual", "rich", "dejiden.tui", "dejiden.prompts"),
    "prompts": ("textual", "rich", "dejiden.tui"),
}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_imports_in_source(package):
    bad = [
        (str(f.relative_to(ROOT)), name)
        for f in (ROOT / package).rglob("*.py")
        for name in _imports(f)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[package])
    ]
    assert bad == []


def test_importing_the_engine_does_not_load_textual():
    code = (
        "import sys, dejiden.model.completeness, dejiden.model.draft, dejiden.model.example, dejiden.prompts.data,"
        " dejiden.prompts.walker;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('dejiden.tui')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_import_linter_contracts_hold(tmp_path):
    """The contracts in pyproject.toml ([tool.importlinter]): model/prompts free of Textual, data
    flowing tui -> prompts -> model, and the TUI's own layers (no app <-> screen cycle).

    The folders install as ``dejiden.*`` through setuptools' package-dir, which import-linter cannot
    follow, so the check runs on a copy laid out as the installed package.
    """
    import shutil

    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("import-linter is missing: pip install -e '.[test]'")
    package = tmp_path / "dejiden"
    shutil.copytree(ROOT / "dejiden", package)
    for folder in ("model", "prompts", "tui"):
        shutil.copytree(ROOT / folder, package / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run([str(lint), str(ROOT / "pyproject.toml"), "--no-cache"], capture_output=True,
                         text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout

"""model/ and prompts/ never import Textual: the engine works without the TUI."""

import ast
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

"""The xlwings Lite bundle (lite/main.py, lite/requirements.txt): current, complete, and
needing nothing that xlwings Lite does not provide. tests/test_officejs.py runs the
Office.js tests against it."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import xlfuncs
from xlfuncs import cli, lite

ROOT = Path(__file__).parent.parent
BUNDLE = ROOT / "lite"
PACKAGE = Path(xlfuncs.__file__).parent


def bundled_files() -> dict[str, str]:
    """FILES as committed in lite/main.py, read without running it."""
    tree = ast.parse((BUNDLE / "main.py").read_text(encoding="utf-8"))
    [node] = [n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "FILES"]
    return ast.literal_eval(node.value)


def test_committed_bundle_is_current():
    fresh = lite.render()
    assert sorted(p.name for p in BUNDLE.iterdir()) == sorted(fresh)
    for name, text in fresh.items():
        assert (BUNDLE / name).read_text(encoding="utf-8") == text, \
            f"lite/{name} is stale: run `xlfuncs lite` and commit lite/"


def test_cli_writes_the_bundle(tmp_path, capsys):
    assert cli.main(["lite", "--out", str(tmp_path / "out")]) == 0
    assert "wrote" in capsys.readouterr().out
    for name in ("main.py", "requirements.txt"):
        assert (tmp_path / "out" / name).read_bytes() == (BUNDLE / name).read_bytes()


def test_bundle_carries_every_module_verbatim():
    """Every module of the package (found by pkgutil, not by the generator's walk) is in
    the bundle, byte for byte, except the tooling the Excel functions never import."""
    files = bundled_files()
    modules = [m.name for m in pkgutil.walk_packages(xlfuncs.__path__, "xlfuncs.")]
    assert {"xlfuncs.excel", "xlfuncs.formulas", "xlfuncs.inputs", "xlfuncs.ranges", "xlfuncs.catalogs"} <= set(modules)
    for name in modules:
        parts = name.split(".")[1:]
        if parts[0] in lite.LEFT_OUT or parts[0] + ".py" in lite.LEFT_OUT:
            continue
        path = PACKAGE.joinpath(*parts)
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        rel = path.relative_to(PACKAGE).as_posix()
        assert files.get(rel) == path.read_text(encoding="utf-8"), f"{rel} missing or different in lite/main.py"
    for data in PACKAGE.rglob("*.json"):  # the catalogs (the workbooks' translations stay out)
        rel = data.relative_to(PACKAGE).as_posix()
        if rel.split("/")[0] in lite.LEFT_OUT:
            continue
        assert files[rel] == data.read_text(encoding="utf-8"), rel
    assert not any(k.startswith(("cli.py", "lite.py", "workbooks")) for k in files)


def test_bundle_needs_only_what_lite_provides():
    """xlwings Lite brings xlwings and numpy (Pyodide); a bundled module that imports
    anything else would fail there."""
    imported = lite._third_party_imports(bundled_files())
    assert imported == {"xlwings", "numpy"}
    lines = (BUNDLE / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [re.split(r"[<>=!~ ]", line)[0] for line in lines] == ["numpy", "xlwings"]
    declared = re.findall(r'"((?:xlwings|numpy)[^"]*)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert sorted(lines) == sorted(declared)  # the project's own version floors


def test_main_py_lists_every_function():
    main = (BUNDLE / "main.py").read_text(encoding="utf-8")
    imported = re.search(r"from xlfuncs import \((.*?)\)", main, re.S).group(1)
    names = re.findall(r"\b(LLM_\w+),", imported)
    assert names == [n for n in xlfuncs.__all__ if n.startswith("LLM_")]


def test_literal_keeps_any_text():
    for text in ['a\\nb "quotes" \\\\ \'single\'\n', "ends without newline", "has ''' inside\n", "x\r\ny\n", ""]:
        assert eval(lite._literal(text)) == text


def test_loader_replaces_another_copy_and_reuses_its_own():
    """Lite may run main.py many times in one session; an installed xlfuncs (here: this
    checkout) must not shadow the bundled one."""
    script = textwrap.dedent(f"""
        import importlib.util, sys
        import xlfuncs as checkout
        source = open({str(BUNDLE / "main.py")!r}, encoding="utf-8").read()
        first = importlib.util.module_from_spec(importlib.util.spec_from_loader("main", loader=None))
        exec(source, first.__dict__)
        package = sys.modules["xlfuncs"]
        assert package is not checkout and "-lite-" in package.__file__, package.__file__
        assert first.LLM_PARAMS.__module__ == "xlfuncs.excel"
        assert sys.modules["xlfuncs.excel"].__file__.startswith(package.__file__.rsplit("/", 1)[0])
        second = importlib.util.module_from_spec(importlib.util.spec_from_loader("main", loader=None))
        exec(source, second.__dict__)
        assert sys.modules["xlfuncs"] is package and second.LLM_PARAMS is first.LLM_PARAMS
        print(round(second.LLM_PARAMS(96, 12288, 50257) / 1e9, 1))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "174.6"  # the article's GPT-3 count


def test_docs_show_the_committed_requirements():
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "lite/main.py" in docs and "lite/requirements.txt" in docs and "xlfuncs lite" in docs
    block = re.search(r"<!-- lite/requirements.txt -->\s*```text\n(.*?)```", docs, re.S).group(1)
    shown = [line.strip() for line in block.splitlines() if line.strip()]
    assert shown == (BUNDLE / "requirements.txt").read_text(encoding="utf-8").splitlines()

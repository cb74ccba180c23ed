"""A real spreadsheet application computes the native workbooks.

LibreOffice opens each native workbook with recalculation forced on load (a private user
profile whose OOXMLRecalcMode is 0, "always"), converts it to xlsx, and we read back what
it computed: no cell may be an error, and every formula cell must equal the value stored
in the file (relative 1e-9), which the builder computed with the Python core.

To prove that LibreOffice really recalculated rather than echoing the stored values, a
copy of the English workbook with every stored value replaced by 0 goes through the same
conversion and must come back with the right numbers.

One soffice process converts all files (session fixture), so the cost is one start-up.
Without soffice the tests are skipped with a reason, unless XLFUNCS_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest

from xlfuncs.workbooks import layout

from wbcells import NATIVE, TEMPLATES, close, formulas_of, values_of

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
STALE = "stale_llm_budget.xlsx"


def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        reason = "LibreOffice (soffice) is not installed: the native workbooks were not recalculated"
        if os.environ.get("XLFUNCS_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(reason + " and XLFUNCS_REQUIRE_LIBREOFFICE=1")
        pytest.skip(reason)
    return path


def zero_cached_values(src, dst):
    """A copy of a workbook whose formula cells all claim the value 0."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data, n = re.subn(rb"(</f>)<v>[^<]*</v>", rb"\g<1><v>0</v>", data)
            zout.writestr(info, data)


@pytest.fixture(scope="session")
def recalculated(tmp_path_factory):
    """{file name: path of LibreOffice's recalculated copy}."""
    exe = soffice()
    work = tmp_path_factory.mktemp("libreoffice")
    (work / "profile" / "user").mkdir(parents=True)
    (work / "profile" / "user" / "registrymodifications.xcu").write_text(PROFILE)
    sources = [TEMPLATES / name for name in NATIVE]
    zero_cached_values(TEMPLATES / NATIVE[0], work / STALE)
    sources.append(work / STALE)
    out = work / "out"
    run = subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                          "--convert-to", "xlsx", "--outdir", str(out), *map(str, sources)],
                         capture_output=True, text=True, timeout=300)
    converted = {p.name: out / p.name for p in sources}
    missing = [n for n, p in converted.items() if not p.exists()]
    assert not missing, f"soffice did not convert {missing}: {run.stdout} {run.stderr}"
    return converted


@pytest.mark.parametrize("name", NATIVE)
def test_libreoffice_finds_no_error_cell(name, recalculated):
    errors = {k: v for k, v in values_of(recalculated[name]).items()
              if isinstance(v, str) and re.match(r"^#(NAME\?|VALUE!|REF!|DIV/0!|NUM!|N/A|NULL!|ERR)", v)}
    assert not errors


@pytest.mark.parametrize("name", NATIVE)
def test_libreoffice_computes_what_the_file_stores_and_the_core_computes(name, recalculated):
    stored, computed = values_of(TEMPLATES / name), values_of(recalculated[name])
    variant_lang = {"llm_budget.xlsx": ("native", "en"), "llm_budget_zh.xlsx": ("native", "zh")}[name]
    book, _ = layout(*variant_lang)
    core = {(sheet.title, f"{_col(c)}{r}"): value for sheet, r, c, _, value in book.formula_cells()}
    formulas = formulas_of(TEMPLATES / name)
    assert formulas.keys() == core.keys()
    for key in formulas:
        assert isinstance(computed.get(key), (int, float)), f"{key} {formulas[key]}: LibreOffice gave {computed.get(key)!r}"
        assert close(computed[key], stored[key]), f"{key} {formulas[key]}: LibreOffice {computed[key]!r}, file {stored[key]!r}"
        assert close(computed[key], core[key]), f"{key} {formulas[key]}: LibreOffice {computed[key]!r}, core {core[key]!r}"


def test_libreoffice_really_recalculates(recalculated):
    stored = values_of(TEMPLATES / NATIVE[0])
    computed = values_of(recalculated[STALE])
    formulas = formulas_of(TEMPLATES / NATIVE[0])
    wrong = [k for k in formulas if not close(computed.get(k), stored[k])]
    assert not wrong, f"LibreOffice kept stale values (no recalculation on load?): {wrong[:5]}"


def _col(c):
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)

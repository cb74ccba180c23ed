"""Run xlwings' classic (Windows COM) UDF code on Linux, in a process of its own.

xlwings.udfs needs pythoncom, pywintypes and win32com; stand-ins for them let its
decorators, ``import_udfs`` and ``generate_vba_wrapper`` run here. ``import_udfs`` is
given a fake workbook that records what Excel would receive: the VBA module it imports
and the ``MacroOptions`` (descriptions, categories) it sets.

Prints one JSON object: {"vba": ..., "macros": {...}, "calls": {...}}.
"""

import json
import sys
import types


def stub_windows_modules():
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda obj: obj
    win32com.client = client
    sys.modules.update({"pythoncom": pythoncom, "pywintypes": pywintypes,
                        "win32com": win32com, "win32com.client": client})


class FakeWorkbook:
    """What import_udfs touches on a workbook, recording what it writes."""

    Name = "llm_budget.xlsm"

    def __init__(self):
        self.vba, self.macros = "", {}
        book = self

        class Components:
            def __call__(self, name):
                return name

            def Remove(self, component):
                pass

            def Import(self, path):
                with open(path, encoding="utf-8") as f:
                    book.vba = f.read()

        class Application:
            Version = "16.0"

            def MacroOptions(self, macro, **options):
                book.macros[macro] = options

        self.VBProject = types.SimpleNamespace(VBComponents=Components())
        self.Application = Application()


class WindowsExcelEngine:
    """The parts of xlwings._xlwindows.Engine that value conversion uses."""

    name, type = "excel", "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        return [[empty_as if c is None else c for c in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x, date_format):
        if x is None or (isinstance(x, float) and x != x):
            return ""  # what pywin32 does to None and NaN: an empty cell
        return x


def classic_call(func, *args):
    """Call a UDF as xlwings.udfs.call_udf does: each argument read with its options."""
    from xlwings import conversion

    info = func.__xlfunc__
    values = [conversion.read(None, a, info["args"][i]["options"]) for i, a in enumerate(args)]
    return conversion.write(func(*values), None, info["ret"]["options"])


def main():
    stub_windows_modules()
    import xlwings
    import xlwings.udfs as udfs

    # What xlwings/__init__.py does on Windows with pywin32 installed.
    xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
    xlwings.engines.add(xlwings.main.Engine(impl=WindowsExcelEngine()))
    import xlfuncs

    udfs.udf_modules["xlfuncs"] = {"module": xlfuncs, "filetime": None, "filename": xlfuncs.__file__}
    book = FakeWorkbook()
    udfs.import_udfs("xlfuncs", book)
    calls = {
        "days": classic_call(xlfuncs.LLM_TRAIN_DAYS, 175e9, 300e9, 1024.0, "A100-40GB", 0.45, True),
        "zero_gpus": classic_call(xlfuncs.LLM_TRAIN_DAYS, 175e9, 300e9, 0.0, "A100-40GB", 0.45, True),
        "column": classic_call(xlfuncs.LLM_TRAIN_DAYS, 175e9, 300e9, ((512.0,), (0.0,), (1024.0,)),
                               "A100-40GB", 0.45, True),
        "missing_optional": classic_call(xlfuncs.LLM_INFER_MEM, 175e9, None, None),
    }
    print(json.dumps({"vba": book.vba, "macros": book.macros, "calls": calls}))


if __name__ == "__main__":
    main()

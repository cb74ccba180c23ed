"""xlfuncs: large-language-model training estimates as Excel functions.

This is the module a user names in xlwings' "UDF Modules" setting: it holds the LLM_*
functions and nothing else (plus the error they raise to Python callers). Importing it
stays light: the workbook builder and the catalogs load only when used.
"""

from .excel import *  # noqa: F401,F403  the LLM_* functions
from .excel import __all__ as _functions
from .inputs import InputError

__version__ = "0.1.0"
__all__ = [*_functions, "InputError"]

"""The catalogs: data files with a source and a date per entry, read on first use.

A GPU is found by its name with case, spaces, hyphens and underscores ignored
("h100 sxm" is "H100-SXM"); a unique prefix is enough ("MI300" is "MI300X"), and a
prefix that fits several ("A100") is an error that lists them.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..inputs import InputError, show

HERE = Path(__file__).parent


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@functools.lru_cache(maxsize=None)
def gpus() -> dict[str, dict]:
    """The GPU catalog, by normalised name, in file order."""
    rows = json.loads((HERE / "gpus.json").read_text(encoding="utf-8"))["gpus"]
    return {_key(row["name"]): row for row in rows}


def gpu_names() -> list[str]:
    return [row["name"] for row in gpus().values()]


@functools.lru_cache(maxsize=256)
def gpu(name: str, arg: str = "gpu") -> dict:
    """The catalog entry of a GPU, or an InputError naming the known ones."""
    return _find(gpus(), name, arg, "catalog", gpu_names)


def _find(table, name, arg, catalog, names):
    """An entry by exact normalised name or unique prefix; else an error that helps."""
    key = _key(name)
    if key in table:
        return table[key]
    fits = list({id(row): row for k, row in table.items() if key and k.startswith(key)}.values())
    if len(fits) == 1:
        return fits[0]
    if fits:
        raise InputError(f"{arg} {show(name)} is ambiguous: say which of "
                         f"{', '.join(r['name'] for r in fits)}")
    raise InputError(f"{arg} {show(name)} is not in the {catalog}; known: {', '.join(names())}")


# --- models --------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def models() -> dict[str, dict]:
    """The model catalog, by normalised name and alias, in file order."""
    rows = json.loads((HERE / "models.json").read_text(encoding="utf-8"))["models"]
    table = {}
    for row in rows:
        for name in (row["name"], *row.get("aliases", ())):
            table.setdefault(_key(name), row)
    return table


def model_names() -> list[str]:
    return list(dict.fromkeys(row["name"] for row in models().values()))


@functools.lru_cache(maxsize=256)
def model(name: str, arg: str = "name") -> dict:
    """The catalog entry of a model ("Llama-3-8B", "llama 3 8b", "mixtral"), or an InputError."""
    return _find(models(), name, arg, "model catalog", model_names)

"""The catalogs: data files with a source and a date per entry, read on first use.

A GPU or a model is found by its own name or one of its declared aliases, compared with
case, spaces, hyphens and underscores ignored ("h100 sxm" is "H100-SXM"). Dots count:
"Llama-3.3" is not "LLaMA-33B". Nothing else matches: a beginning ("MI300"), a
misspelling or a product the catalog lacks is an error that suggests the closest names,
never a silent pick of another product.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..inputs import InputError, show

HERE = Path(__file__).parent
SUGGESTIONS = 5          # closest names an unknown-name error offers
SHOWN = 60               # characters of a typed name an error repeats


def _key(name: str) -> str:
    """The form names are compared in: lower case, without spaces, hyphens, underscores."""
    return "".join(ch for ch in str(name).lower() if ch not in " -_\t")


def _table(rows, what: str) -> dict[str, dict]:
    """{normalised name or alias: row}; two entries answering to one name is a data error."""
    table = {}
    for row in rows:
        for name in (row["name"], *row.get("aliases", ())):
            other = table.setdefault(_key(name), row)
            if other is not row:
                raise ValueError(f"{what}: {name!r} names both {other['name']} and {row['name']}")
    return table


@functools.lru_cache(maxsize=None)
def gpus() -> dict[str, dict]:
    """The GPU catalog, one entry per GPU by normalised name, in file order."""
    return {_key(row["name"]): row for row in _gpu_names_and_aliases().values()}


@functools.lru_cache(maxsize=None)
def _gpu_names_and_aliases() -> dict[str, dict]:
    rows = json.loads((HERE / "gpus.json").read_text(encoding="utf-8"))["gpus"]
    return _table(rows, "gpus.json")


def gpu_names() -> list[str]:
    return [row["name"] for row in gpus().values()]


@functools.lru_cache(maxsize=256)
def gpu(name: str, arg: str = "gpu") -> dict:
    """The catalog entry of a GPU by name or alias, or an InputError suggesting names."""
    return _find(_gpu_names_and_aliases(), name, arg, "catalog", "GPUs")


def _find(table, name, arg, catalog, sheet):
    """An entry by its normalised name or alias; else an error that suggests names."""
    row = table.get(_key(name))
    if row is not None:
        return row
    typed = show(name if len(str(name)) <= SHOWN else str(name)[:SHOWN] + "…")
    guesses = ", ".join(closest(table, name))
    hint = f"did you mean {guesses}? (the {sheet} sheet lists all)" if guesses else \
        f"the {sheet} sheet lists the known names"
    raise InputError(f"{arg} {typed} is not in the {catalog}; {hint}")


def closest(table, name, count: int = SUGGESTIONS) -> list[str]:
    """Up to `count` catalog names nearest to what was typed: names it begins first
    (shortest first), then the rest by edit distance on the normalised forms."""
    key = _key(name)[:SHOWN]
    best: dict[str, tuple] = {}
    for k, row in table.items():
        rank = (0, len(k) - len(key)) if key and k.startswith(key) else (1, edit_distance(key, k))
        if rank <= best.get(row["name"], rank):
            best[row["name"]] = rank
    near = sorted(best, key=lambda n: best[n])
    return [n for n in near if best[n][0] == 0 or best[n][1] <= max(2, len(key) // 2)][:count]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions, one each."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# --- models --------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def models() -> dict[str, dict]:
    """The model catalog, by normalised name and alias, in file order."""
    rows = json.loads((HERE / "models.json").read_text(encoding="utf-8"))["models"]
    return _table(rows, "models.json")


def model_names() -> list[str]:
    return list(dict.fromkeys(row["name"] for row in models().values()))


@functools.lru_cache(maxsize=256)
def model(name: str, arg: str = "name") -> dict:
    """The catalog entry of a model ("Llama-3-8B", "llama 3 8b", "mixtral"), or an InputError."""
    return _find(models(), name, arg, "model catalog", "Models")

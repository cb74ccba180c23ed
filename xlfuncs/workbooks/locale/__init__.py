"""Translations of the template workbooks' texts, as data: one folder per language, one
JSON file per sheet (``zh/budget.json`` …), each an object from the English text in
``sheets.py`` to its translation. A translator edits these files, not code.

Terms of the Chinese texts follow the source article (参数量, 隐藏层维度, 词表大小, 计算量,
激活重计算, GPU 利用率, 峰值性能, 推理显存, 训练显存, 模型副本) plus 权重 / 梯度 / 优化器状态 /
激活值, 张量并行 (TP), 流水线并行 (PP), 数据并行 (DP), 序列并行. LLM_* names, formulas, setup
keys and catalog data are not texts and are not translated.

A language may also change the inputs' default values where its readers expect other ones
(currency, electricity price, grid factor, GPU): ``zh/defaults.json`` maps an input's defined
name to ``{"values": [...], "note": "its source, in that language"}``; and ``zh/formats.json``
the number format of its money amounts (``{"money": ...}``: 万 and 亿 for Chinese readers).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

HERE = Path(__file__).parent
DEFAULTS = "defaults.json"
FORMATS = "formats.json"


@functools.lru_cache(maxsize=None)
def table(lang: str) -> dict[str, str]:
    """Every text of one language, from all of its files; a text translated two different
    ways in two files is an error, so that no file silently overrides another."""
    merged: dict[str, str] = {}
    for path in sorted((HERE / lang).glob("*.json")):
        if path.name in (DEFAULTS, FORMATS):
            continue
        for english, translated in json.loads(path.read_text(encoding="utf-8")).items():
            if merged.get(english, translated) != translated:
                raise ValueError(f"{path.name}: {english!r} is translated differently in another file")
            merged[english] = translated
    return merged


@functools.lru_cache(maxsize=None)
def defaults(lang: str) -> dict[str, dict]:
    """The inputs whose default differs in this language: {defined name: {"values", "note"}}."""
    path = HERE / lang / DEFAULTS
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@functools.lru_cache(maxsize=None)
def formats(lang: str) -> dict[str, str]:
    """Number formats this language shows money in: {"money": format}."""
    path = HERE / lang / FORMATS
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

"""The measured training runs of shared/reference/measured/training_throughput.json, each
read into (Hugging Face-style config, setup table, GPU name) for the step-time model.

What a record leaves unstated is filled from its ``assumptions`` or, where it says
nothing, as its authors ran it (each choice is commented). Records with no layout at all
(Korthikanti et al.'s abstract figures) are skipped and say so.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "reference" / "measured" / "training_throughput.json"

# Narayanan et al. 2021, Table 1 prints only the model-parallel size tp·pp; the paper's
# text (§5.1) runs tensor parallelism up to the 8 GPUs of a node and pipelines the rest,
# with the head counts of its Table 1 (arXiv 2104.04473).
NARAYANAN_HEADS = {2304: 24, 3072: 32, 4096: 32, 6144: 48, 8192: 64, 10240: 80, 12288: 96,
                   16384: 128, 20480: 128, 25600: 160}

# Held out of the fit: one whole A100 source and one whole H100 file.
HELD_OUT = ("korthikanti22", "torchtitan-2506")


def source(rec) -> str:
    """The source a record belongs to, for the fit/held-out split."""
    rid = rec["id"]
    for prefix in ("korthikanti22", "torchtitan-2506", "torchtitan-2412", "narayanan21-t1",
                   "narayanan21-t2", "vtrain"):
        if rid.startswith(prefix):
            return prefix
    return rid.split("-")[0]


def held_out(rec) -> bool:
    return source(rec) in HELD_OUT


def excluded(rec, table) -> str | None:
    """Why a record stays out of both sets, or None. vTrain's tp = 16 rows run tensor
    parallelism across two nodes over a network its configs do not pin down (800 Gb/s "total"
    per node or per GPU): the planner never proposes such a split, and the link is unknown."""
    if table and table.get("tp", 1) > (rec.get("gpus_per_node") or 8):
        return "tensor parallelism across nodes over an unstated network"
    return None


def measured_tps(rec):
    """Measured tokens/s per GPU (stated, else the record's derived value)."""
    return rec["measured"].get("tokens_per_s_per_gpu") or rec["derived"].get("tokens_per_s_per_gpu") \
        or (rec["model"]["seq_len"] and rec["layout"]["global_batch"] * rec["model"]["seq_len"]
            / rec["measured"]["iteration_s"] / rec["gpus"])


def config(rec) -> dict:
    m, a = rec["model"], rec.get("assumptions") or {}
    get = lambda k: m.get(k) if m.get(k) is not None else a.get(k)   # noqa: E731
    h, layers, vocab = get("hidden"), get("layers"), get("vocab") or 51200
    heads = get("heads") or NARAYANAN_HEADS[h]
    seq = get("seq_len") or a.get("seq_len")
    if m["family"] == "llama":
        return {"model_type": "llama", "hidden_size": h, "num_hidden_layers": layers,
                "num_attention_heads": heads, "num_key_value_heads": get("kv_heads") or heads,
                "intermediate_size": get("ffn_hidden"), "vocab_size": vocab}
    # GPT-3 style (Megatron's GPT): LayerNorm, 4h GELU MLP, learned positions, tied head.
    return {"model_type": "gpt2", "n_embd": h, "n_layer": layers, "n_head": heads, "vocab_size": vocab,
            "n_positions": seq, "n_inner": get("ffn_hidden") or 4 * h}


def setup(rec) -> dict | None:
    """The setup table, or None for a record without a layout."""
    m, l, a = rec["model"], rec["layout"], rec.get("assumptions") or {}
    seq = m.get("seq_len") or a.get("seq_len")
    if not seq or not m.get("layers") and not a.get("layers"):
        return None
    rid = rec["id"]
    notes = " ".join(rec.get("notes") or [])
    recompute = (l.get("recompute") or "").lower()
    table = {"gpus": rec["gpus"], "global_batch": l["global_batch"], "seq_len": seq,
             "micro_batch": l.get("micro_batch") or 1}
    if rid.startswith("narayanan21-t1"):
        mp = l["model_parallel_size"]
        table.update(tp=min(8, mp), pp=max(1, mp // 8), recompute="full", framework="deepspeed",
                     zero=0, flash_attention=False, sp=False)
        return table
    table.update(tp=l.get("tp") or 1, pp=l.get("pp") or 1, cp=l.get("cp") or 1)
    if l.get("vp"):
        table["vp"] = l["vp"]
    if rid.startswith("narayanan21-t2"):
        zero3 = "ZeRO-3" in (l.get("fsdp_or_zero") or "")
        table.update(recompute="full", framework="deepspeed", zero=3 if zero3 else 0,
                     flash_attention=False, sp=False)
    elif rid.startswith("korthikanti22"):
        table.update(recompute="selective" if "selective" in recompute else "full",
                     sp=bool(l.get("sp")), framework="deepspeed", zero=0, flash_attention=False)
    elif rid.startswith("vtrain"):
        # vTrain's configs: 800 Gb/s of inter-node bandwidth per 8-GPU node, checkpointing on.
        table.update(recompute="full", framework="deepspeed", zero=0, flash_attention=False,
                     sp=False, nic_gbps=100)
    elif rid.startswith("torchtitan"):
        table.update(framework="fsdp",
                     recompute="full" if "full" in recompute else "selective",
                     precision="fp8-mixed" if "float8" in (l.get("precision") or "") else "bf16-mixed",
                     tp_overlap="async" in rid.lower() and "vanilla" not in rid.lower() or "AsyncTP" in notes,
                     compile="compile" in notes.lower())
        if "nterleaved" in (l.get("pipeline_schedule") or ""):
            table["vp"] = 2        # torchtitan's interleaved 1F1B: two stages per rank (assumed)
    return table


def gpu(rec) -> str:
    return {"A100": "A100-80GB"}.get(rec["gpu"], rec["gpu"])


def runs():
    """[(record, config, setup, gpu name)] for every record with a layout."""
    out = []
    for rec in json.loads(DATA.read_text(encoding="utf-8")):
        table = setup(rec)
        if table is None:
            continue
        out.append((rec, config(rec), table, gpu(rec)))
    return out


def skipped():
    return [r["id"] for r in json.loads(DATA.read_text(encoding="utf-8")) if setup(r) is None]

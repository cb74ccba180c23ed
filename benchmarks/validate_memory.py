"""Predicted against measured per-GPU training memory.

Korthikanti et al. 2022, Figure 1 (Megatron-LM, model states and activations of the first
stage, GiB) and torchtitan's peak memory (FSDP2, selective "op" or full activation
checkpointing, GiB as torchtitan logs its allocator's peak) from
``shared/reference/measured``. No constant is fitted to these records.

    python benchmarks/validate_memory.py [path to shared/reference/measured]
"""

import json
import sys
from pathlib import Path

from xlfuncs import architectures, memory

GIB = 2 ** 30
HERE = Path(__file__).resolve().parent
MEASURED = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "reference" / "measured"


def gpt(m, vocab=51200):
    """A GPT of the record's shape (vocabulary 51,200 as Megatron-LM's runs pad GPT-2's)."""
    return architectures.model({"model_type": "gpt2", "n_embd": m["hidden"], "n_layer": m["layers"],
                                "n_head": m["heads"], "vocab_size": vocab, "n_positions": m["seq_len"],
                                "n_inner": m["ffn_hidden"]})


def llama(m, vocab):
    return architectures.model({"model_type": "llama", "hidden_size": m["hidden"], "num_hidden_layers": m["layers"],
                                "num_attention_heads": m["heads"], "num_key_value_heads": m["kv_heads"],
                                "intermediate_size": m["ffn_hidden"], "vocab_size": vocab})


def korthikanti():
    for r in json.loads((MEASURED / "memory_korthikanti2022.json").read_text()):
        lay, m = r["layout"], r["model"]
        setup = memory.read_setup({
            "micro_batch": lay["micro_batch"], "seq_len": m["seq_len"], "tp": lay["tp"], "pp": lay["pp"],
            "dp": lay["dp"], "vp": lay["vp"], "sp": lay["sp"], "recompute": lay["recompute"], "zero": 0,
            "flash_attention": False, "dropout": True, "precision": "fp16-mixed"})
        parts = memory.stage_parts(gpt(m), setup)[0]           # the figure draws the first stage
        states = sum(parts[k] for k in ("weights", "gradients", "optimizer")) / GIB
        yield r["id"] + " states", states, r["measured"]["params_grads_optimizer_GiB_per_gpu"], None
        yield r["id"] + " activations", parts["activations"] / GIB, r["measured"]["activations_GiB_per_gpu"], None


def torchtitan():
    records = json.loads((MEASURED / "training_throughput.json").read_text())
    records = records["records"] if isinstance(records, dict) else records
    for r in records:
        peak = r.get("measured", {}).get("peak_memory_GiB")
        if peak is None:
            continue
        lay, m, assumed = r["layout"], r["model"], r.get("assumptions") or {}
        seq = m["seq_len"] or assumed["seq_len"]
        # torchtitan's pipeline default: as many micro-batches as stages, of the local batch
        micro = lay["micro_batch"] or lay["global_batch"] // (lay["dp"] * lay["pp"])
        recompute = "full" if "full" in lay["recompute"] else "selective"
        setup = memory.read_setup({
            "micro_batch": micro, "seq_len": seq, "tp": lay["tp"], "pp": lay["pp"], "dp": lay["dp"],
            "cp": lay.get("cp") or 1, "vp": 2 if "Interleaved" in (lay.get("pipeline_schedule") or "") else 1,
            "framework": "fsdp", "recompute": recompute, "sp": lay["tp"] > 1})
        model = llama(m, m["vocab"] or assumed["vocab"])
        yield r["id"], memory.train_memory_gb(model, setup, "reserved") * 1e9 / GIB, peak, \
            memory.train_memory_gb(model, setup, "peak") * 1e9 / GIB


FIT = ("torchtitan-2412-t1-", "torchtitan-2412-t3-")  # the records allocator_slack is fitted on


def main():
    rows = list(korthikanti()) + list(torchtitan())
    print("| record | predicted GiB | measured GiB | error | in the fit |")
    print("|---|---:|---:|---:|---|")
    for name, predicted, measured, _ in rows:
        fit = "yes (slack)" if name.startswith(FIT) else ""
        print(f"| {name} | {predicted:.1f} | {measured:.1f} | {predicted / measured - 1:+.1%} | {fit} |")
    ratios = [m / peak for name, _, m, peak in rows if name.startswith(FIT)]
    print(f"\nallocator slack fitted on {len(ratios)} records: {sum(ratios) / len(ratios) - 1:.3f} "
          "(measured max_reserved / predicted peak - 1, mean); catalogs/allocator.json holds the value used")
    for label, keep in (("all", lambda n: True), ("kept out of the fit", lambda n: not n.startswith(FIT))):
        errors = [abs(p / m - 1) for n, p, m, _ in rows if keep(n)]
        print(f"{label}: {sum(e <= 0.10 for e in errors)} of {len(errors)} within 10%, largest {max(errors):.1%}")


if __name__ == "__main__":
    main()

"""The slowest call fuzzing finds for each LLM_* function, with its arguments and seconds.

Draws arguments with the fuzz suite's strategies (tests/helpers/fuzzing.py), plausible-only
values (so LLM_CLUSTER, LLM_BEST_SETUP, LLM_SERVE_PLAN … really search) and odd ones, and
times each call; then times the inputs known to have hung the searches (a 20,000-layer
model, gpus_per_node 1E+8, a model no split holds, 1E+300 tokens). A call over 0.5 s of
CPU time (Excel would freeze) is flagged on its own line. CPU seconds are what is judged:
on a shared machine wall-clock seconds also count the other processes; both are printed.
Run: PYTHONPATH=$PWD python benchmarks/fuzz_slowest.py [plausible examples per function]
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "helpers"))
from fuzzing import FUNCTIONS, arguments  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

import xlfuncs  # noqa: E402

LIMIT_S = 0.5


def deep(layers):
    return json.dumps({"model_type": "llama", "hidden_size": 1024, "num_hidden_layers": layers,
                       "num_attention_heads": 8, "num_key_value_heads": 8, "intermediate_size": 4096,
                       "vocab_size": 32000})


UNSHARDED_64K = json.dumps({"micro_batch": 64, "seq_len": 65536, "recompute": "none", "zero": 0})
BIG_STEP = json.dumps({"gpus": 16384, "global_batch": 16384, "seq_len": 8192})
# Inputs that once froze a search, or come near its bounds.
HARD = [
    ("LLM_CLUSTER", (deep(20000), 1e12, 30, "H100-SXM", "", "nodes", 0.45)),
    ("LLM_CLUSTER", (deep(2000), 1e12, 30, "H100-SXM", "", "nodes", 0.45)),
    ("LLM_CLUSTER", (deep(2000), 1e12, 30, "H100-SXM")),
    ("LLM_CLUSTER", ("GPT-3 175B", 300e9, 30, "A100-80GB", "", "nodes", 0.45, 1, 1e8)),
    ("LLM_CLUSTER", ("GPT-3 175B", 300e9, 30, "A100-40GB", UNSHARDED_64K, "nodes", 0.45)),
    ("LLM_CLUSTER", ("GPT-3 175B", 300e9, 30, "A100-40GB", UNSHARDED_64K)),
    ("LLM_CLUSTER", ("GPT-3 175B", 1e300, 30, "H100-SXM", "", "nodes", 0.45)),
    ("LLM_CLUSTER", ("DeepSeek-V3", 1.5e13, 1, "H100-SXM")),
    ("LLM_CLUSTER", ("Llama-3.1-405B", 1.5e13, 1, "V100", "", "nodes", "predicted", 1, 1)),
    ("LLM_BEST_SETUP", ("DeepSeek-V3", BIG_STEP, "H100-SXM")),
    ("LLM_BEST_SETUP", ("Llama-3.1-405B", BIG_STEP, "H100-SXM")),
    ("LLM_BEST_SETUP", (deep(2000), BIG_STEP, "H100-SXM")),
    ("LLM_TRAIN_TIME", ("DeepSeek-V3", 1.5e13, BIG_STEP, "H100-SXM")),
    ("LLM_STEP_TIME", ("Llama-3.1-405B", json.dumps({"gpus": 16384, "global_batch": 2048, "seq_len": 8192, "tp": 8,
                                                     "pp": 16}), "H100-SXM")),
    ("LLM_SERVE_PLAN", ("DeepSeek-V3", json.dumps({"tokens_per_day": "1T", "input_len": 8192, "output_len": 2048}),
                        json.dumps({"ttft_ms": 100, "tpot_ms": 5}), "H100-SXM")),
    ("LLM_SERVE_PLAN", ("Llama-3.1-405B", json.dumps({"requests_per_s": 1e6, "input_len": 128000, "output_len": 1}),
                        "{}", "A100-40GB")),
    ("LLM_SERVE_GPUS", ("Llama-3.1-405B", 1e15, 128000, "A100-40GB")),
    ("LLM_SERVE_GPUS", ("DeepSeek-V3", 1e12, "128K", "H100-SXM", "bf16", 1e6)),
]


def timed(func, values):
    """(CPU seconds, wall seconds, "answer" or the refusal)."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        func(*values)
        outcome = "answer"
    except xlfuncs.InputError as exc:
        outcome = f"refused: {exc}"
    return time.process_time() - cpu, time.perf_counter() - wall, outcome


def slowest(func, examples, plausible):
    worst = [0.0, 0.0, None, None]

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(arguments(func, plausible_only=plausible)[1])
    def run(values):
        cpu, wall, outcome = timed(func, values)
        if cpu > worst[0]:
            worst[:] = [cpu, wall, values, outcome]

    run()
    return worst


def main(examples=60):
    over = []
    print(f"slowest of {examples} plausible and {examples // 2} odd calls per function: CPU s, wall s")
    for name in sorted(FUNCTIONS):
        cpu, wall, args, outcome = max(slowest(FUNCTIONS[name], examples, True),
                                       slowest(FUNCTIONS[name], examples // 2, False), key=lambda w: w[0])
        print(f"{name:<22} {cpu:6.3f} {wall:6.3f}  {outcome[:40]:<40}  {args!r}"[:260])
        if cpu > LIMIT_S:
            over.append(name)
    print("\ninputs that once froze a search: CPU s, wall s")
    for name, args in HARD:
        cpu, wall, outcome = timed(FUNCTIONS[name], args)
        print(f"{name:<22} {cpu:6.3f} {wall:6.3f}  {outcome[:150]}")
        if cpu > LIMIT_S:
            over.append(f"{name} {args!r}"[:200])
    for name in over:
        print(f"OVER {LIMIT_S} s: {name}")
    print(f"every call answered or refused within {LIMIT_S} s" if not over else f"{len(over)} call(s) over {LIMIT_S} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)

"""Seconds per LLM_SERVE_PLAN call (goal: at most 0.5 s) on a dense, a large dense and two
mixtures of experts:

    PYTHONPATH=$PWD python benchmarks/bench_serving.py
"""

import json
import time

from xlfuncs import excel as x

TRAFFIC = json.dumps({"requests_per_s": 5, "input_len": 2000, "output_len": 300,
                      "hourly": ",".join(["1"] * 8 + ["3"] * 10 + ["2"] * 6)})
SLO = json.dumps({"ttft_ms": 2000, "tpot_ms": 60, "price_per_gpu_hour": 3})

for model, gpu in (("Llama-3-8B", "H100-SXM"), ("Llama-3.1-405B", "H100-SXM"), ("Mixtral-8x7B", "A100-80GB"),
                   ("DeepSeek-V3", "H200")):
    start = time.perf_counter()
    setup = x.LLM_SERVE_PLAN(model, TRAFFIC, SLO, gpu, "setup")
    print(f"{model:16s} {gpu:10s} {time.perf_counter() - start:6.3f} s  {setup}")

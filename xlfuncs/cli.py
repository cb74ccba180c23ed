"""The command line: ``xlfuncs estimate``, ``xlfuncs build``, ``xlfuncs lite``.

``estimate`` prints a training plan (by default the article's GPT-3 example) by calling
the same LLM_* functions a spreadsheet calls; ``build`` prints it and writes the template
workbooks; ``lite`` writes the xlwings Lite bundle (Excel on Mac and the web).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_OUT = Path("workbook_templates")


def plan(a) -> dict:
    """Every figure of a training plan, from the Excel functions themselves."""
    import xlfuncs as x

    shape_params = x.LLM_PARAMS(a.layers, a.hidden, a.vocab)
    params = x.inputs.COUNT("params", a.params) if a.params else shape_params
    flops = x.LLM_TRAIN_FLOPS(params, a.tokens, a.recompute)
    train_gb = x.LLM_TRAIN_MEM(params)
    return {
        "params_from_shape": shape_params,
        "params": params,
        "tokens": x.inputs.COUNT("tokens", a.tokens),
        "gpu": a.gpu,
        "gpus": a.gpus,
        "utilization": a.utilization,
        "recompute": a.recompute,
        "train_flops": flops,
        "train_days": x.LLM_TRAIN_DAYS(params, a.tokens, a.gpus, a.gpu, a.utilization, a.recompute),
        "deadline_days": a.deadline,
        "gpus_for_deadline": x.LLM_TRAIN_GPUS(params, a.tokens, a.deadline, a.gpu, a.utilization, a.recompute),
        "gpu_hours": x.LLM_GPU_HOURS(params, a.tokens, a.gpu, a.utilization, a.recompute),
        "infer_mem_gb_fp16": x.LLM_INFER_MEM(params, "fp16"),
        "infer_mem_gb_fp32": x.LLM_INFER_MEM(params, "fp32"),
        "train_mem_gb": train_gb,
        "card_gb": a.card_gb,
        "gpus_to_hold_train_state": x.LLM_MIN_GPUS(train_gb, a.card_gb),
    }


def predicted_plan(a) -> dict:
    """The predicted plan for a model (``--model``): best setup, step time and its breakdown,
    tokens/s per GPU, MFU, days and GPU-hours with the band, memory by part, FLOPs."""
    from . import architectures, memory, performance, planner
    from .catalogs import gpu as catalog_gpu
    from .inputs import COUNT, InputError

    model = load_model(a.model)
    gpu = catalog_gpu(a.gpu)
    tokens = COUNT("tokens", a.tokens)
    seq = int(a.seq_len)
    if (a.gpus is None) == (a.days is None):
        raise InputError("estimate --model needs one of --gpus N or --days D")
    if a.days is not None:
        setup = memory.read_setup({"micro_batch": 1, "seq_len": seq, "precision": a.precision})
        found = planner.predicted_cluster(model, setup, tokens, float(a.days), gpu)
        table = json.loads(found["setup"])
    else:
        gpus = int(a.gpus)
        batch = a.global_batch or max(2 ** max(0, round(__import__("math").log2(planner.DEFAULT_BATCH_TOKENS / seq))),
                                      2 ** max(0, (gpus // 2).bit_length() - 1))
        _, table = performance.best_setup(model, {"gpus": gpus, "global_batch": int(batch), "seq_len": seq,
                                                  "precision": a.precision}, gpu)
    step = performance.predict(model, table, gpu)
    plan = performance.read_plan(table, gpu)
    gpus = plan.gpus
    days = tokens / (step["tokens_per_s_per_gpu"] * gpus) / 86400
    band = performance.catalog()["band"]
    return {
        "model": a.model, "gpu": gpu["name"], "tokens": tokens, "gpus": float(gpus),
        "setup": performance.setup_text(table),
        "train_flops": architectures.train_flops(model, tokens, seq, False),
        "memory_gb": {part: memory.train_memory_gb(model, plan.setup, part)
                      for part in ("weights", "gradients", "optimizer", "activations", "total")},
        "step": step,
        "days": days, "days_low": days / band["high_ratio"], "days_high": days / band["low_ratio"],
        "gpu_hours": days * 24 * gpus,
    }


def load_model(name: str):
    """A catalog model by name, or a Hugging Face config.json by path."""
    from . import architectures
    from .inputs import InputError

    path = Path(name)
    if path.suffix == ".json" or path.exists():
        try:
            return architectures.model(json.loads(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise InputError(f"--model {name}: cannot read it ({exc.strerror})") from None
        except ValueError as exc:
            raise InputError(f"--model {name} is not valid JSON: {exc}") from None
    return architectures.catalog(name, "--model")


def show_predicted(p: dict) -> str:
    s = p["step"]
    lines = [
        ("Model / GPU", f"{p['model']} on {p['gpus']:,.0f} × {p['gpu']}"),
        ("Best setup", p["setup"]),
        ("Training FLOPs (6 per weight per token + attention)", f"{p['train_flops']:.4g}"),
        ("Memory per GPU (total, busiest stage)", f"{p['memory_gb']['total']:,.1f} GB"),
        ("Step time", f"{s['seconds']:,.3f} s  (bound: {s['bound']})"),
    ]
    lines += [(f"  {k[:-2].replace('_', ' ')}", f"{s[k]:,.3f} s") for k in
              ("compute_s", "recompute_s", "tp_comm_s", "cp_comm_s", "ep_comm_s", "pp_comm_s", "dp_comm_s",
               "bubble_s", "optimizer_s") if s[k] > 0]
    lines += [
        ("Tokens/s per GPU (band)", f"{s['tokens_per_s_per_gpu']:,.0f}  ({s['tokens_per_s_per_gpu_low']:,.0f}"
                                    f"-{s['tokens_per_s_per_gpu_high']:,.0f})"),
        ("MFU (dense BF16 peak, 6·P·T + full attention)", f"{s['mfu']:.1%}"),
        ("Days (band)", f"{p['days']:,.1f}  ({p['days_low']:,.1f}-{p['days_high']:,.1f})"),
        ("GPU-hours", f"{p['gpu_hours']:,.0f}"),
    ]
    width = max(len(k) for k, _ in lines)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)


def show_plan(p: dict) -> str:
    from .formulas import ceil_whole

    lines = [
        ("Parameters from L, h, V: L(12h²+13h)+Vh", f"{p['params_from_shape'] / 1e9:,.1f} B"),
        ("Parameters used below", f"{p['params'] / 1e9:,.1f} B"),
        ("Training tokens", f"{p['tokens'] / 1e9:,.0f} B"),
        (f"Training FLOPs ({'8' if p['recompute'] else '6'}·P·T)", f"{p['train_flops']:.4g}"),
        (f"Days on {p['gpus']:g} × {p['gpu']} at {p['utilization']:g}", f"{p['train_days']:,.1f}"),
        (f"GPUs to finish in {p['deadline_days']:g} days", f"{p['gpus_for_deadline']:,.1f} (buy {ceil_whole(p['gpus_for_deadline']):,.0f})"),
        ("GPU-hours", f"{p['gpu_hours']:,.0f}"),
        ("Inference memory fp16 / fp32", f"{p['infer_mem_gb_fp16']:,.0f} GB / {p['infer_mem_gb_fp32']:,.0f} GB"),
        ("Training memory (model states, 20 B/param)", f"{p['train_mem_gb']:,.0f} GB"),
        (f"GPUs of {p['card_gb']:g} GB to hold it", f"{p['gpus_to_hold_train_state']:,.0f}"),
    ]
    width = max(len(k) for k, _ in lines)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)


def add_plan_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("plan (defaults: the article's GPT-3 175B example)")
    g.add_argument("--params", default="175B", help="parameters, e.g. 175e9 or 70B (default 175B as the article; "
                   "pass '' to use the count from --layers/--hidden/--vocab)")
    g.add_argument("--layers", type=float, default=96)
    g.add_argument("--hidden", type=float, default=12288)
    g.add_argument("--vocab", type=float, default=50257)
    g.add_argument("--tokens", default="300B", help="training tokens (default 300B)")
    g.add_argument("--gpus", type=float, default=None, help="GPUs (default 1024 for the article's plan)")
    g.add_argument("--gpu", default="A100-40GB", help="catalog name or dense TFLOP/s (default A100-40GB)")
    g.add_argument("--utilization", type=float, default=0.45)
    g.add_argument("--no-recompute", dest="recompute", action="store_false", help="6·P·T instead of 8·P·T")
    g.add_argument("--deadline", type=float, default=30, help="deadline in days (default 30)")
    g.add_argument("--card-gb", type=float, default=80, help="GPU memory for holding the model (default 80)")
    m = p.add_argument_group("predicted plan (with --model): step-time model, best setup")
    m.add_argument("--model", help="catalog model name or a Hugging Face config.json path")
    m.add_argument("--days", type=float, help="deadline in days: size the cluster (instead of --gpus)")
    m.add_argument("--seq-len", type=float, default=8192, help="tokens per sequence (default 8192)")
    m.add_argument("--global-batch", type=float, help="sequences per step (default: 4M tokens or more on large clusters)")
    m.add_argument("--precision", default="bf16-mixed", help="bf16-mixed (default) or fp8-mixed")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line on stderr (exit 2), not usage + message."""

    def error(self, message):
        self.exit(2, f"xlfuncs: {message} (see xlfuncs --help)\n")


def main(argv=None) -> int:
    """Run a command; every failure is one line on stderr and a non-zero exit."""
    from .inputs import InputError

    try:
        return _main(argv)
    except InputError as exc:
        print(f"xlfuncs: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"xlfuncs: cannot write{where} ({exc.strerror or exc}); the previous files are unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("xlfuncs: interrupted; the previous files are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:
        text = " ".join(str(exc).split())[:200]
        print(f"xlfuncs: failed: {text or type(exc).__name__}", file=sys.stderr)
        return 1


def _main(argv=None) -> int:
    parser = Parser(prog="xlfuncs", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add_plan_flags(sub.add_parser("estimate", help="print a training plan"))
    build = sub.add_parser("build", help="write the template workbooks and print the plan")
    add_plan_flags(build)
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the workbooks (default workbook_templates)")
    lite = sub.add_parser("lite", help="write the xlwings Lite bundle: main.py and requirements.txt")
    lite.add_argument("--out", type=Path, default=Path("lite"), help="folder for the bundle (default lite)")
    args = parser.parse_args(argv)
    if args.command == "lite":
        return write_lite(args.out)

    if getattr(args, "model", None):
        p = predicted_plan(args)
        print(json.dumps(p, indent=2) if args.json else show_predicted(p))
        return 0
    if args.gpus is None:
        args.gpus = 1024.0
    p = plan(args)
    print(json.dumps(p, indent=2) if args.json else show_plan(p))
    if args.command == "build":
        return build_workbooks(args.out)
    return 0


def build_workbooks(out: Path) -> int:
    from .workbooks import build

    for path in build(out):
        print(f"wrote {path}")
    return 0


def write_lite(out: Path) -> int:
    from .lite import write

    for path in write(out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

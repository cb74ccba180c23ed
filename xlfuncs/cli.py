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
    g.add_argument("--gpus", type=float, default=1024)
    g.add_argument("--gpu", default="A100-40GB", help="catalog name or dense TFLOP/s (default A100-40GB)")
    g.add_argument("--utilization", type=float, default=0.45)
    g.add_argument("--no-recompute", dest="recompute", action="store_false", help="6·P·T instead of 8·P·T")
    g.add_argument("--deadline", type=float, default=30, help="deadline in days (default 30)")
    g.add_argument("--card-gb", type=float, default=80, help="GPU memory for holding the model (default 80)")
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

#!/usr/bin/env python3
"""The step-time model of data-parallel training on N machines (bench/RESULTS.md, "More than one machine"):
T(N) = C / N + ring all-reduce of the trainable gradients = C / N + 2 (N - 1) / N * bytes / bandwidth + 2 (N - 1) * latency,
with C the one-machine compute time of a step. Prints, per model and method, T(N) and the speed-up C / T(N)."""
import argparse

VOCAB = 50257
# (layers, width, positions) of the presets; LoRA r 4 on q and v as the paper's E2E setting.
MODELS = {"micro": (4, 256, 128), "gpt2": (12, 768, 1024), "gpt2-medium": (24, 1024, 1024)}


def parameters(layers, width, positions):
    return VOCAB * width + positions * width + layers * (12 * width * width + 13 * width) + 2 * width


def lora_parameters(layers, width, rank=4):
    return layers * 2 * rank * (width + width)


def step_time(compute, trainable_bytes, ranks, bandwidth, latency):
    reduce = 0 if ranks == 1 else 2 * (ranks - 1) / ranks * trainable_bytes / bandwidth + 2 * (ranks - 1) * latency
    return compute / ranks + reduce, reduce


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gbit", type=float, default=10, help="network bandwidth per machine, Gbit/s")
    parser.add_argument("--latency-us", type=float, default=50, help="per-message latency, microseconds")
    parser.add_argument("--ranks", default="1,2,4,8", help="machine counts")
    # One-machine seconds per step at batch 8 x 128: micro and gpt2 from bench/RESULTS.md ("Training tokens/s", idle,
    # 2 threads: 1,024 tokens / tok/s); gpt2-medium scaled from gpt2 by the parameter count (an estimate).
    parser.add_argument("--compute", default="micro:full=0.980,micro:lora=0.647,gpt2:full=6.32,gpt2:lora=4.49")
    args = parser.parse_args()
    compute = {}
    for item in args.compute.split(","):
        key, value = item.split("=")
        compute[key] = float(value)
    scale = parameters(*MODELS["gpt2-medium"]) / parameters(*MODELS["gpt2"])
    for method in ("full", "lora"):
        compute.setdefault(f"gpt2-medium:{method}", compute[f"gpt2:{method}"] * scale)
    bandwidth = args.gbit * 1e9 / 8
    ranks = [int(n) for n in args.ranks.split(",")]
    print(f"| model | method | trainable MB all-reduced | " + " | ".join(f"N={n} s/step (speed-up)" for n in ranks) + " |")
    print("|---|---|---|" + "---|" * len(ranks))
    for model, shape in MODELS.items():
        layers, width, _ = shape
        for method in ("full", "lora"):
            count = parameters(*shape) if method == "full" else lora_parameters(layers, width)
            c = compute[f"{model}:{method}"]
            cells = []
            for n in ranks:
                t, _ = step_time(c, 4 * count, n, bandwidth, args.latency_us * 1e-6)
                cells.append(f"{t:.3f} ({c / t:.2f}x)")
            print(f"| {model} | {method} | {4 * count / 1e6:,.3f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""PyTorch / Hugging Face reference numbers for lorabook's benchmarks, on the configurations `lorabook bench`
measures, one for one, written in lorabook's record format to bench/results/torch.json.

Run: python3 bench/torch_reference.py [--train micro,gpt2,4x128:3117] [--decode micro,gpt2] [--steps 3]
(bench/compare runs it after lorabook's own benchmarks; without torch, transformers and peft it prints one
line saying so and exits 0.)

Training, as `lorabook bench train`: random-init GPT2LMHeadModel (dropout 0.1), batch 8 x 128 random tokens
with separate random targets, cross-entropy with label smoothing 0.1 over every position, forward + backward +
AdamW (lr 1e-4, eps 1e-6, weight decay 0.01); full fine-tuning, and LoRA through PEFT (r 4, alpha 32, dropout
0.1). PEFT adapts GPT-2's fused q|k|v projection `c_attn` as a whole, so LoRA r 4 there has exactly the
trainable values (per layer r d + 3 d r) and low-rank products of lorabook's r 4 on q and v (2 x 2 r d).
Warm-up steps, then the median of the timed steps. A model spec `4x128:3117` is 4 layers, width 128, one head
per 32 channels, vocabulary 3117 (the notebook's default base), named `4x128 v3117` in rows.

Decoding, as `lorabook bench decode`: eval-mode model with the KV cache, prompts of random tokens, each made
to generate exactly --new tokens (no end token), greedy and beam 10 (length penalty 0.8, no repeated
4-grams), the prompts one at a time and all batched; one warm-up prompt, then the median of timed passes.

Peak memory: VmHWM, reset before each row through /proc/self/clear_refs as lorabook does. Each training row
and each model's decoding rows run in a fresh process, since PyTorch keeps freed memory and a row would
otherwise carry the previous rows' peak.
"""
import argparse
import datetime
import gc
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
import warnings

PRESETS = {
    # name: (n_layer, n_head, n_embd, n_positions), as GPT2Config.preset(named:) in lorabook
    "micro": (4, 4, 256, 128),
    "gpt2": (12, 12, 768, 1024),
    "gpt2-medium": (24, 16, 1024, 1024),
    "gpt2-large": (36, 20, 1280, 1024),
}
GPT2_VOCAB = 50257


def model_spec(text):
    """`micro`, `gpt2`, `4x128`, optionally `:VOCAB`: (label, n_layer, n_head, n_embd, n_positions, vocab)."""
    name, _, vocab_text = text.partition(":")
    vocab = int(vocab_text) if vocab_text else GPT2_VOCAB
    if name in PRESETS:
        shape = PRESETS[name]
    else:
        layers, _, width = name.partition("x")
        if not (layers.isdigit() and width.isdigit() and int(layers) > 0 and int(width) >= 32 and int(width) % 32 == 0):
            raise SystemExit(f"error: unknown model '{name}': a preset ({', '.join(PRESETS)}) or LAYERSxWIDTH such as 4x128")
        shape = (int(layers), int(width) // 32, int(width), 128)
    label = name if vocab == GPT2_VOCAB else f"{name} v{vocab}"
    return (label,) + shape + (vocab,)


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def peak_mib():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def training_flops(n_layer, n_embd, vocab, batch, length, lora):
    """Matrix-product FLOPs of one step, counted as lorabook's FlopCount.trainingStep does."""
    n, d = batch * length, n_embd
    linear = 2 * n * n_layer * 12 * d * d
    head = 2 * n * vocab * d
    attention = n_layer * 4 * batch * length * length * d
    if not lora:
        return 3 * (linear + head + attention)
    low_rank = 2 * n * n_layer * 2 * 2 * 4 * d
    return 2 * (linear + head) + 3 * (attention + low_rank)


def sgemm_rate(torch, m, n, k, repetitions=20):
    generator = torch.Generator().manual_seed(1)
    a = torch.rand(m, k, generator=generator) - 0.5
    b = torch.rand(k, n, generator=generator) - 0.5
    torch.mm(a, b)
    start = time.perf_counter()
    for _ in range(repetitions):
        torch.mm(a, b)
    return 2 * m * n * k * repetitions / (time.perf_counter() - start) / 1e9


def train_row(torch, transformers, peft, spec, method, args, sgemm):
    label, n_layer, n_head, n_embd, n_pos, vocab = spec
    gc.collect()
    reset_peak()
    config = transformers.GPT2Config(n_layer=n_layer, n_head=n_head, n_embd=n_embd, n_positions=max(n_pos, args.length),
                                     vocab_size=vocab)
    torch.manual_seed(1)
    model = transformers.GPT2LMHeadModel(config)
    if method == "lora":
        lora = peft.LoraConfig(r=4, lora_alpha=32, lora_dropout=0.1, target_modules=["c_attn"], fan_in_fan_out=True,
                               task_type="CAUSAL_LM")
        model = peft.get_peft_model(model, lora)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-4, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01)
    generator = torch.Generator().manual_seed(7)
    inputs = torch.randint(0, vocab, (args.batch, args.length), generator=generator)
    targets = torch.randint(0, vocab, (args.batch, args.length), generator=generator)
    times = []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        logits = model(input_ids=inputs).logits
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1), label_smoothing=0.1)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if step >= args.warmup:
            times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    flops = training_flops(n_layer, n_embd, vocab, args.batch, args.length, method == "lora")
    values = dict(tokens_per_second=args.batch * args.length / seconds, step_seconds=seconds,
                  mean_step_seconds=sum(times) / len(times), gflops=flops / seconds / 1e9,
                  sgemm_fraction=flops / seconds / 1e9 / sgemm, peak_rss_mib=peak_mib(), vocab_size=vocab,
                  trainable_parameters=sum(p.numel() for p in params))
    del model, optimizer, params, logits, loss
    return f"{label} {method}", values


def decode_rows(torch, transformers, spec, args):
    label, n_layer, n_head, n_embd, n_pos, vocab = spec
    gc.collect()
    config = transformers.GPT2Config(n_layer=n_layer, n_head=n_head, n_embd=n_embd, n_positions=n_pos,
                                     vocab_size=vocab)
    torch.manual_seed(1)
    model = transformers.GPT2LMHeadModel(config).eval()
    model.generation_config.eos_token_id = None
    model.generation_config.pad_token_id = 0
    generator = torch.Generator().manual_seed(2)
    prompts = torch.randint(0, vocab, (args.prompts, args.prompt_length), generator=generator)
    settings = [(1, dict(num_beams=1)),
                (args.beam, dict(num_beams=args.beam, length_penalty=0.8, no_repeat_ngram_size=4, early_stopping=False))]
    rows = []
    for beams, extra in settings:
        def generate(batch):
            with torch.no_grad():
                output = model.generate(batch, attention_mask=torch.ones_like(batch), max_new_tokens=args.new,
                                        do_sample=False, use_cache=True, **extra)
            produced = output.shape[1] - batch.shape[1]
            if produced != args.new:
                raise RuntimeError(f"generate produced {produced} tokens per prompt, expected {args.new}")

        for together in (False, True):
            reset_peak()
            generate(prompts[:1])
            passes = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                for batch in ([prompts] if together else [prompts[i:i + 1] for i in range(args.prompts)]):
                    generate(batch)
                passes.append(time.perf_counter() - start)
            seconds = statistics.median(passes)
            rate = args.prompts * args.new / seconds
            name = f"{label} {'greedy' if beams == 1 else f'beam {beams}'}, {'prompts batched' if together else 'one prompt'}"
            rows.append((name, dict(tokens_per_second=rate, hypothesis_tokens_per_second=rate * beams, seconds=seconds,
                                    rows=beams * (args.prompts if together else 1), peak_rss_mib=peak_mib())))
    del model
    return rows


def measure_in_child(task, args, spec, method, sgemm):
    """Runs one training row or one model's decoding rows in a fresh (spawned) process; returns its rows."""
    import torch
    import transformers
    import peft
    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()
    warnings.filterwarnings("ignore", category=FutureWarning)
    if task == "train":
        return [train_row(torch, transformers, peft, spec, method, args, sgemm)]
    return decode_rows(torch, transformers, spec, args)


def machine():
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def commit():
    try:
        result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else "unknown"
    except OSError:
        return "unknown"


def write_record(record, directory, name):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{name}.json")
    temporary = os.path.join(directory, f".{name}.json.{os.getpid()}.tmp")
    with open(temporary, "w") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(temporary, path)
    return path


def table(rows, columns):
    """Rows of (name, values) as aligned text with the given value columns."""
    lines = [["row"] + [title for title, _, _ in columns]]
    for name, values in rows:
        lines.append([name] + [format(values[key], spec) if key in values else "-" for _, key, spec in columns])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(line))
                     for line in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", default="micro,gpt2,4x128:3117", help="models to train ('' for none)")
    parser.add_argument("--methods", default="full,lora")
    parser.add_argument("--decode", default="micro,gpt2", help="models to decode with ('' for none)")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--prompts", type=int, default=4)
    parser.add_argument("--prompt-length", type=int, default=32)
    parser.add_argument("--new", type=int, default=40)
    parser.add_argument("--beam", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--results", default="bench/results")
    parser.add_argument("--name", default="torch")
    args = parser.parse_args()
    for option in ("batch", "length", "steps", "prompts", "prompt_length", "new", "repeats", "threads"):
        if getattr(args, option) < 1:
            raise SystemExit(f"error: --{option.replace('_', '-')} {getattr(args, option)} must be at least 1")
    methods = [m for m in args.methods.split(",") if m]
    if any(m not in ("full", "lora") for m in methods):
        raise SystemExit(f"error: --methods '{args.methods}': full, lora")
    train_specs = [model_spec(text) for text in args.train.split(",") if text]
    decode_specs = [model_spec(text) for text in args.decode.split(",") if text]
    try:
        import torch
        import transformers
        import peft
    except ImportError as error:
        print(f"PyTorch reference skipped: {error.name} is not installed (pip install torch transformers peft)")
        return 0
    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()
    settings = {key: str(value) for key, value in vars(args).items() if key not in ("results", "name")}
    settings.update(torch=torch.__version__, transformers=transformers.__version__, peft=peft.__version__,
                    timing="median of timed steps / passes",
                    lora="PEFT r 4, alpha 32, dropout 0.1, on c_attn (q|k|v fused)",
                    loss="cross-entropy, label smoothing 0.1, every position")
    record = dict(benchmark="torch", rows=[], settings=settings, threads=args.threads, machine=machine(),
                  cores=os.cpu_count(), commit=commit(),
                  date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    m = args.batch * args.length
    sgemm = sgemm_rate(torch, m, 3072, 768)
    record["rows"].append(dict(name=f"sgemm {m}x768x3072", values=dict(gflops=sgemm, m=m, n=3072, k=768)))
    print(f"PyTorch {torch.__version__}, {args.threads} threads; torch.mm [{m} x 768] x [768 x 3072]: {sgemm:.1f} GFLOP/s",
          flush=True)
    pool = multiprocessing.get_context("spawn")
    trained = []
    for spec in train_specs:
        for method in methods:
            with pool.Pool(1) as child:
                [(name, values)] = child.apply(measure_in_child, ("train", args, spec, method, sgemm))
            trained.append((name, values))
            record["rows"].append(dict(name=name, values=values))
            print(f"train  {name:20} {values['tokens_per_second']:9.1f} tok/s  peak {values['peak_rss_mib']:6.0f} MiB",
                  flush=True)
    decoded = []
    for spec in decode_specs:
        with pool.Pool(1) as child:
            rows = child.apply(measure_in_child, ("decode", args, spec, None, sgemm))
        for name, values in rows:
            decoded.append((name, values))
            record["rows"].append(dict(name=name, values=values))
            print(f"decode {name:34} {values['tokens_per_second']:8.1f} tok/s  peak {values['peak_rss_mib']:6.0f} MiB",
                  flush=True)
    if trained:
        print(table(trained, [("tok/s", "tokens_per_second", ",.0f"), ("s/step", "step_seconds", ".3f"),
                              ("GFLOP/s", "gflops", ".1f"), ("peak RSS MiB", "peak_rss_mib", ",.0f")]))
    if decoded:
        print(table(decoded, [("new tok/s", "tokens_per_second", ".1f"),
                              ("hypothesis tok/s", "hypothesis_tokens_per_second", ".1f"),
                              ("peak RSS MiB", "peak_rss_mib", ",.0f")]))
    print(f"wrote {write_record(record, args.results, args.name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

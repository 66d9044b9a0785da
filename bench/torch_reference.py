"""PyTorch / Hugging Face reference numbers for lorabook's benchmarks, measured on this machine.

Same configurations as `lorabook bench`: random-init GPT-2 models at sequence length 128, batch 8,
full fine-tuning and LoRA (r=4, alpha 32, on c_attn; PEFT), AdamW, forward + backward + step; and
`generate` greedy and beam 10 (length penalty 0.8, no-repeat 4-grams) for 40 new tokens.
Threads: 2 unless --threads. Warm-up steps first, then the median of timed steps.

    python3 bench/torch_reference.py [--configs micro,gpt2] [--json bench/results/torch.json]

Without torch, transformers and peft installed it prints one line saying so and exits 0.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time

CONFIGS = {
    # name: (n_layer, n_head, n_embd, n_positions)
    "micro": (4, 4, 256, 128),
    "gpt2": (12, 12, 768, 1024),
    # the notebook's default base: 4 layers x 128 (with --vocab 3117, its E2E vocabulary map)
    "4x128": (4, 4, 128, 128),
}
VOCAB = 50257


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def train_rate(torch, transformers, peft, name, method, batch, seq, steps, warmup):
    n_layer, n_head, n_embd, n_pos = CONFIGS[name]
    config = transformers.GPT2Config(n_layer=n_layer, n_head=n_head, n_embd=n_embd, n_positions=max(n_pos, seq),
                                     vocab_size=VOCAB)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(config)
    if method == "lora":
        lora = peft.LoraConfig(r=4, lora_alpha=32, lora_dropout=0.1, target_modules=["c_attn"], fan_in_fan_out=True,
                               task_type="CAUSAL_LM")
        model = peft.get_peft_model(model, lora)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=2e-4, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01)
    ids = torch.randint(0, VOCAB, (batch, seq))
    times = []
    for step in range(warmup + steps):
        start = time.perf_counter()
        out = model(input_ids=ids, labels=ids)
        out.loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        elapsed = time.perf_counter() - start
        if step >= warmup:
            times.append(elapsed)
    seconds = statistics.median(times)
    return dict(config=name, method=method, batch=batch, seq=seq, tokens_per_second=batch * seq / seconds,
                step_seconds=seconds, trainable=sum(p.numel() for p in params), peak_rss_mb=peak_rss_mb())


def decode_rate(torch, transformers, name, beams, prompts, new_tokens, repeats):
    n_layer, n_head, n_embd, n_pos = CONFIGS[name]
    config = transformers.GPT2Config(n_layer=n_layer, n_head=n_head, n_embd=n_embd, n_positions=n_pos,
                                     vocab_size=VOCAB)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(config).eval()
    ids = torch.randint(0, 50000, (prompts, 32))
    kwargs = dict(max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=False, num_beams=beams,
                  pad_token_id=50256, attention_mask=torch.ones_like(ids))
    if beams > 1:
        kwargs.update(length_penalty=0.8, no_repeat_ngram_size=4)
    times = []
    with torch.no_grad():
        model.generate(ids, **kwargs)
        for _ in range(repeats):
            start = time.perf_counter()
            model.generate(ids, **kwargs)
            times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    tokens = prompts * new_tokens
    return dict(config=name, beams=beams, prompts=prompts, new_tokens=new_tokens, tokens_per_second=tokens / seconds,
                hypothesis_tokens_per_second=tokens * beams / seconds, seconds=seconds, peak_rss_mb=peak_rss_mb())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--configs", default="micro,gpt2")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--skip-decode", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--vocab", type=int, default=50257, help="vocabulary size (3117: the notebook's E2E map)")
    args = parser.parse_args()
    global VOCAB
    VOCAB = args.vocab
    try:
        import torch
        import transformers
        import peft
    except ImportError as error:
        print(f"torch reference skipped: {error.name} is not installed (pip install torch transformers peft)")
        return 0
    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()
    results = dict(tool="torch", torch=torch.__version__, transformers=transformers.__version__, peft=peft.__version__,
                   threads=args.threads, machine=platform.processor() or platform.machine(), train=[], decode=[])
    for name in args.configs.split(","):
        for method in ("full", "lora"):
            row = train_rate(torch, transformers, peft, name, method, args.batch, args.seq, args.steps, args.warmup)
            results["train"].append(row)
            print(f"train  {name:6} {method:5} {row['tokens_per_second']:9.1f} tok/s  peak {row['peak_rss_mb']:7.0f} MB",
                  flush=True)
        if not args.skip_decode:
            for beams in (1, 10):
                row = decode_rate(torch, transformers, name, beams, prompts=4, new_tokens=40, repeats=2)
                results["decode"].append(row)
                print(f"decode {name:6} beam {beams:2} {row['tokens_per_second']:9.1f} tok/s", flush=True)
    if args.json:
        os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
        temporary = args.json + ".tmp"
        with open(temporary, "w") as handle:
            json.dump(results, handle, indent=1)
        os.replace(temporary, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())

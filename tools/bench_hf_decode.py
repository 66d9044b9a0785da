"""Hugging Face `generate` speed on the shapes `lorabook bench decode` measures, for a side-by-side comparison.

Run: python3 tools/bench_hf_decode.py [--presets micro gpt2] [--threads 2]
Random-weight GPT2LMHeadModel, eval mode, KV cache on; 4 prompts of 32 random tokens, each generating exactly
40 new tokens (no end token), greedy and beam 10 (length penalty 0.8, no repeated 4-grams, early_stopping False),
prompts one at a time (as the paper's decoding script does per batch of one) after one warm-up call.
Prints new tokens/s and beam-hypothesis tokens/s (new tokens/s x beams).
"""

import argparse
import time

import torch
from transformers import GPT2Config, GPT2LMHeadModel

SHAPES = {
    "micro": dict(n_layer=4, n_head=4, n_embd=256, n_positions=128),
    "gpt2": dict(n_layer=12, n_head=12, n_embd=768, n_positions=1024),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--presets", nargs="+", default=["micro", "gpt2"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--prompts", type=int, default=4)
    parser.add_argument("--prompt-length", type=int, default=32)
    parser.add_argument("--new", type=int, default=40)
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    torch.manual_seed(0)
    print("preset  mode                   new tok/s  hypothesis tok/s")
    for name in arguments.presets:
        model = GPT2LMHeadModel(GPT2Config(vocab_size=50257, **SHAPES[name])).eval()
        model.generation_config.eos_token_id = None
        model.generation_config.pad_token_id = 0
        prompts = torch.randint(0, 50257, (arguments.prompts, arguments.prompt_length))
        settings = [("greedy", dict(num_beams=1)),
                    ("beam 10 lp 0.8 nr 4", dict(num_beams=10, length_penalty=0.8, no_repeat_ngram_size=4,
                                                 early_stopping=False))]
        for label, extra in settings:
            def run(prompt):
                with torch.no_grad():
                    output = model.generate(prompt[None, :], attention_mask=torch.ones(1, prompt.shape[0], dtype=torch.long),
                                            max_new_tokens=arguments.new, do_sample=False, use_cache=True, **extra)
                produced = output.shape[1] - prompt.shape[0]
                assert produced == arguments.new, f"produced {produced} tokens"
            run(prompts[0])
            start = time.perf_counter()
            for prompt in prompts:
                run(prompt)
            seconds = time.perf_counter() - start
            rate = arguments.prompts * arguments.new / seconds
            print(f"{name:<8}{label:<22}{rate:10.1f}{rate * extra['num_beams']:18.1f}")


if __name__ == "__main__":
    main()

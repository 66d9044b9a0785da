"""HF generate on the checkpoint bench/decode-e2e.md saves, decoding the 630 E2E test MRs as e2e.md does:
beam 10, length penalty 0.8, no repeated 4-grams, at most 64 new tokens, batches of 16 prompts (left-padded),
end-of-text and the blank line as end tokens. Prints new tokens/s (an output's tokens up to and including its
first end token), wall and process CPU seconds.

Run: python3 bench/hf_decode_e2e.py MODEL_DIR [--threads 2] [--batch 16] [--data ../shared/data]
(MODEL_DIR holds config.json, model.safetensors and vocabulary.json, the GPT-2 id of each row).
"""
import argparse
import csv
import json
import os
import re
import time

SLOT_NAMES = {"eatType": "Type", "priceRange": "price", "familyFriendly": "family friendly"}


def lora_text(mr):
    """The LoRA repository's context: `name : The Vaults | Type : pub | price : more than £ 30`."""
    parts = []
    for slot, value in re.findall(r"\s*([^\[,]+?)\s*\[([^\]]*)\]", mr):
        words = " ".join(re.findall(r"\w+|[^\w\s]", value))
        parts.append(f"{SLOT_NAMES.get(slot, slot)} : {words}")
    return " | ".join(parts)


def test_mrs(data):
    seen, order = set(), []
    with open(os.path.join(data, "e2e", "testset_w_refs.csv"), newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            mr = row["mr"]
            if mr not in seen:
                seen.add(mr)
                order.append(mr)
    return order


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--mrs", type=int, default=630)
    parser.add_argument("--data", default=os.environ.get("LORABOOK_DATA", "data"))
    args = parser.parse_args()
    import torch
    import transformers
    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()
    tokenizer = transformers.GPT2Tokenizer(os.path.join(args.data, "gpt2", "encoder.json"),
                                           os.path.join(args.data, "gpt2", "vocab.bpe"))
    with open(os.path.join(args.model, "vocabulary.json")) as file:
        original = json.load(file)
    row_of = {gpt2_id: row for row, gpt2_id in enumerate(original)}
    prompts = [[row_of[i] for i in tokenizer.encode(lora_text(mr))] + [row_of[50256]] for mr in test_mrs(args.data)[:args.mrs]]
    ends = [row_of[50256], row_of[628]]
    model = transformers.GPT2LMHeadModel.from_pretrained(args.model).eval()
    pad = 0
    new_tokens = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(prompts), args.batch):
        batch = prompts[start:start + args.batch]
        width = max(map(len, batch))
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in batch])
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in batch])
        with torch.no_grad():
            output = model.generate(ids, attention_mask=mask, max_new_tokens=64, num_beams=10, length_penalty=0.8,
                                    no_repeat_ngram_size=4, early_stopping=False, do_sample=False, use_cache=True,
                                    eos_token_id=ends, pad_token_id=pad)
        for row in output[:, width:].tolist():
            count = len(row)
            for index, token in enumerate(row):
                if token in ends:
                    count = index + 1
                    break
            new_tokens += count
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"prompts": len(prompts), "prompt_tokens": sum(map(len, prompts)), "new_tokens": new_tokens,
                      "wall_seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
                      "new_tokens_per_second": round(new_tokens / wall, 1), "threads": args.threads}))


if __name__ == "__main__":
    main()

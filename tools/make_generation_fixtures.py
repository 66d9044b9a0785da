"""Records Hugging Face `generate` outputs of the tiny GPT-2 fixture for the KV-cached generator's parity tests.

Run from the package root: python3 tools/make_generation_fixtures.py
Reads Tests/GPT2Tests/Fixtures/tiny/ (and tiny-lora/peft/ for the adapter setting), writes
Tests/GPT2Tests/Fixtures/generation/tiny_generate.json. Each prompt is generated alone (no padding, no
attention mask), in eval mode, single-threaded, so reruns give the same tokens.
"""

import collections
import json
import os

import torch
from peft import PeftModel
from transformers import GPT2LMHeadModel

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GPT2Tests", "Fixtures")
PROMPT_LENGTHS = [1, 3, 6, 9, 13]
SEED = 4242
MAX_NEW = 20


def prompts(vocab_size):
    generator = torch.Generator().manual_seed(SEED)
    return [torch.randint(0, vocab_size, (length,), generator=generator).tolist() for length in PROMPT_LENGTHS]


def generate(model, prompt, setting):
    arguments = dict(max_new_tokens=setting["max_new_tokens"], do_sample=False, num_beams=setting["num_beams"],
                     eos_token_id=setting["eos"], pad_token_id=setting["eos"][0], use_cache=True)
    if "no_repeat_ngram_size" in setting:
        arguments.update(no_repeat_ngram_size=setting["no_repeat_ngram_size"])
    if setting["num_beams"] > 1:
        arguments.update(length_penalty=setting["length_penalty"], early_stopping=False)
    with torch.no_grad():
        output = model.generate(torch.tensor([prompt]), attention_mask=torch.ones(1, len(prompt), dtype=torch.long),
                                **arguments)
    return output[0, len(prompt):].tolist()


def trim(tokens, eos):
    """HF pads a sequence that ended early; the output ends at its first end token."""
    for index, token in enumerate(tokens):
        if token in eos:
            return tokens[:index + 1]
    return tokens


def main():
    torch.set_num_threads(1)
    base = GPT2LMHeadModel.from_pretrained(os.path.join(FIXTURES, "tiny")).eval()
    inputs = prompts(base.config.vocab_size)

    # End tokens: the two tokens most frequent in unstopped beam outputs among those never generated in the
    # first three steps (greedy or beam), so hypotheses end part-way rather than at once or never.
    never = [base.config.vocab_size]
    beam = dict(num_beams=10, max_new_tokens=MAX_NEW, eos=never, length_penalty=0.8, no_repeat_ngram_size=4)
    greedy = dict(num_beams=1, max_new_tokens=MAX_NEW, eos=never)
    early, counts = set(), collections.Counter()
    for prompt in inputs:
        for setting in (greedy, beam):
            tokens = generate(base, prompt, setting)
            early.update(tokens[:3])
            if setting is beam:
                counts.update(tokens[3:])
    eos = [token for token, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if token not in early][:2]
    settings = [
        dict(name="greedy", model="tiny", num_beams=1, max_new_tokens=MAX_NEW, eos=eos),
        dict(name="greedy-no-repeat-3", model="tiny", num_beams=1, max_new_tokens=MAX_NEW, eos=eos,
             no_repeat_ngram_size=3),
        dict(name="beam10-paper", model="tiny", num_beams=10, max_new_tokens=MAX_NEW, eos=eos,
             length_penalty=0.8, no_repeat_ngram_size=4),
        dict(name="lora-beam10-paper", model="tiny-lora/peft", num_beams=10, max_new_tokens=MAX_NEW, eos=eos,
             length_penalty=0.8, no_repeat_ngram_size=4),
    ]
    lora = PeftModel.from_pretrained(GPT2LMHeadModel.from_pretrained(os.path.join(FIXTURES, "tiny")),
                                     os.path.join(FIXTURES, "tiny-lora", "peft")).eval()
    cases = []
    for setting in settings:
        model = lora if setting["model"] != "tiny" else base
        for prompt in inputs:
            output = trim(generate(model, prompt, setting), eos)
            cases.append(dict(setting=setting["name"], prompt=prompt, output=output))
    ended = sum(1 for case in cases if case["output"] and case["output"][-1] in eos)
    directory = os.path.join(FIXTURES, "generation")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "tiny_generate.json"), "w") as handle:
        json.dump(dict(settings=settings, cases=cases), handle, indent=1)
        handle.write("\n")
    print(f"{len(cases)} cases, end tokens {eos}, {ended} outputs end with one")


if __name__ == "__main__":
    main()

"""Records Hugging Face `generate` outputs for a small deterministic toy language model.

The toy model's next-token logits depend on the last two tokens through two seeded tables, so the
Swift test can rebuild the same model from the tables and compare greedy and beam-search outputs
token for token. Run once: python3 tools/make_decoding_fixtures.py
Writes Tests/GPT2Tests/Fixtures/decoding/toy_generate.json.
"""
import json
import pathlib

import torch
from transformers import GenerationMixin, PretrainedConfig, PreTrainedModel
from transformers.modeling_outputs import CausalLMOutput

VOCAB = 48
SEED = 20261129


class ToyConfig(PretrainedConfig):
    model_type = "lorabook-toy"

    def __init__(self, vocab_size=VOCAB, **kwargs):
        self.vocab_size = vocab_size
        super().__init__(**kwargs)


class ToyLM(PreTrainedModel, GenerationMixin):
    config_class = ToyConfig

    def __init__(self, config, last, previous):
        super().__init__(config)
        self.last = torch.nn.Parameter(last, requires_grad=False)
        self.previous = torch.nn.Parameter(previous, requires_grad=False)

    def forward(self, input_ids, attention_mask=None, **kwargs):
        before = torch.roll(input_ids, shifts=1, dims=1)
        before[:, 0] = 0
        logits = self.last[input_ids] + self.previous[before]
        return CausalLMOutput(logits=logits)


def main():
    generator = torch.Generator().manual_seed(SEED)
    last = torch.randn(VOCAB, VOCAB, generator=generator) * 3
    previous = torch.randn(VOCAB, VOCAB, generator=generator)
    model = ToyLM(ToyConfig(), last, previous).eval()
    prompts = [[5, 17, 3], [1], [40, 41, 42, 43, 44, 2], [9, 9, 9, 9], [30, 7]]
    settings = [
        dict(name="greedy", num_beams=1, max_new_tokens=12, eos=[0]),
        dict(name="greedy-no-repeat-2", num_beams=1, max_new_tokens=15, eos=[0], no_repeat_ngram_size=2),
        dict(name="greedy-repetition-1.5", num_beams=1, max_new_tokens=10, eos=[0], repetition_penalty=1.5),
        dict(name="beam10-paper", num_beams=10, max_new_tokens=16, eos=[0, 1], length_penalty=0.8,
             no_repeat_ngram_size=4),
        dict(name="beam4-lp1", num_beams=4, max_new_tokens=9, eos=[0], length_penalty=1.0),
        dict(name="beam3-lp2-no-repeat-2", num_beams=3, max_new_tokens=20, eos=[0, 2], length_penalty=2.0,
             no_repeat_ngram_size=2),
        dict(name="beam5-repetition-1.3", num_beams=5, max_new_tokens=8, eos=[0], length_penalty=0.8,
             repetition_penalty=1.3),
    ]
    cases = []
    for setting in settings:
        for prompt in prompts:
            ids = torch.tensor([prompt])
            out = model.generate(
                ids, attention_mask=torch.ones_like(ids), do_sample=False, num_beams=setting["num_beams"],
                max_new_tokens=setting["max_new_tokens"], eos_token_id=setting["eos"], pad_token_id=setting["eos"][0],
                length_penalty=setting.get("length_penalty", 1.0),
                no_repeat_ngram_size=setting.get("no_repeat_ngram_size", 0),
                repetition_penalty=setting.get("repetition_penalty", 1.0), use_cache=False, early_stopping=False,
            )
            generated = out[0, len(prompt):].tolist()
            # HF pads finished outputs with the pad token; keep up to and including the first end token.
            for i, token in enumerate(generated):
                if token in setting["eos"]:
                    generated = generated[: i + 1]
                    break
            cases.append(dict(setting=setting["name"], prompt=prompt, output=generated))
    fixture = dict(
        about="HF transformers generate() on a toy model: logits[t] = last[x_t] + previous[x_{t-1}] (x_{-1} = 0)",
        transformers=__import__("transformers").__version__,
        vocab=VOCAB, last=last.flatten().tolist(), previous=previous.flatten().tolist(),
        settings=settings, cases=cases,
    )
    target = pathlib.Path(__file__).resolve().parent.parent / "Tests/GPT2Tests/Fixtures/decoding/toy_generate.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(fixture, indent=1))
    print(f"wrote {len(cases)} cases to {target}")


if __name__ == "__main__":
    main()

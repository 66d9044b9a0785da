"""Reference outputs of the LoRA paper's beam search (microsoft/LoRA examples/NLG/src/gpt2_beam.py), for PaperBeamSearch.

The search below is written from the algorithm as gpt2_beam.py runs it, over Hugging Face model logits
(no KV cache: every step re-runs the whole sequence, so it is slow and plainly correct):
  - repetition penalty and the no-repeat-n-gram ban look at the generated tokens only (the script's `history`);
  - step 0 expands beam 0 only; each step keeps the top `beams` (beam, token) pairs of beam score + log softmax;
  - a kept hypothesis ending in an end token becomes a candidate scored beam_score / generated_len ** lp
    (the end token counted), replacing the best only if strictly higher, and its beam score becomes -inf;
  - no early stop: after max_new steps every hypothesis is a candidate at length max_new.
Ties in the top-k go to the lower flattened (beam, token) index, the rule the Swift search uses.

Models: the toy bigram model of make_decoding_fixtures.py (own tables, own seed) and the tiny GPT-2 fixture
(Tests/GPT2Tests/Fixtures/tiny, loaded with transformers). Run once from the package root:
    python3 tools/make_paper_decoding_fixtures.py
Writes Tests/GPT2Tests/Fixtures/decoding/paper_beam.json.
"""
import json
import pathlib

import torch
from transformers import GPT2LMHeadModel

ROOT = pathlib.Path(__file__).resolve().parent.parent
VOCAB = 40
SEED = 20261204


def toy_next_logits(last, previous):
    def logits(sequence):
        x = sequence[-1]
        before = sequence[-2] if len(sequence) >= 2 else 0
        return last[x] + previous[before]
    return logits


def gpt2_next_logits(model):
    def logits(sequence):
        with torch.no_grad():
            return model(torch.tensor([sequence])).logits[0, -1].float()
    return logits


def banned_after(generated, n):
    """Tokens that would repeat an n-gram of the generated tokens (fairseq's rule, as gpt2_beam.py uses it)."""
    if n <= 0 or len(generated) + 1 < n:
        return []
    prefix = tuple(generated[len(generated) - (n - 1):]) if n > 1 else ()
    banned = []
    for start in range(len(generated) - n + 1):
        if tuple(generated[start:start + n - 1]) == prefix:
            banned.append(generated[start + n - 1])
    return banned


def paper_beam(next_logits, prompt, beams, length_penalty, no_repeat, max_new, eos, repetition_penalty=1.0):
    history = [[]]
    beam_scores = torch.zeros(1)
    best_score, best = None, None

    def offer(sequence, score, length):
        nonlocal best_score, best
        candidate = score / length ** length_penalty
        if best_score is None or best_score < candidate:
            best_score, best = candidate, list(sequence)

    for step in range(max_new):
        rows = []
        for generated in history:
            logits = next_logits(prompt + generated).clone()
            if repetition_penalty != 1.0:
                for token in set(generated):
                    logits[token] = logits[token] * repetition_penalty if logits[token] < 0 else logits[token] / repetition_penalty
            for token in banned_after(generated, no_repeat):
                logits[token] = -float("inf")
            rows.append(torch.log(torch.softmax(logits, dim=-1)))
        scores = (beam_scores.unsqueeze(-1) + torch.stack(rows)).view(-1)
        vocab = rows[0].shape[0]
        order = sorted(range(scores.shape[0]), key=lambda j: (-scores[j].item(), j))[:beams]
        history = [history[j // vocab] + [j % vocab] for j in order]
        beam_scores = torch.stack([scores[j] for j in order])
        for b, generated in enumerate(history):
            if generated[-1] in eos:
                offer(generated, beam_scores[b], step + 1)
                beam_scores[b] = -float("inf")
    for b, generated in enumerate(history):
        offer(generated, beam_scores[b], max_new)
    return best


def main():
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(SEED)
    last = torch.randn(VOCAB, VOCAB, generator=generator) * 3
    previous = torch.randn(VOCAB, VOCAB, generator=generator)
    toy = toy_next_logits(last, previous)
    tiny = GPT2LMHeadModel.from_pretrained(ROOT / "Tests/GPT2Tests/Fixtures/tiny").eval()
    gpt2 = gpt2_next_logits(tiny)

    settings = [
        dict(name="toy-beam10-paper", model="toy", beams=10, length_penalty=0.8, no_repeat=4, max_new=16, eos=[0, 1]),
        dict(name="toy-beam4-lp1", model="toy", beams=4, length_penalty=1.0, no_repeat=0, max_new=9, eos=[0]),
        dict(name="toy-beam3-lp2-no-repeat-2", model="toy", beams=3, length_penalty=2.0, no_repeat=2, max_new=20, eos=[0, 2]),
        dict(name="toy-beam5-repetition-1.3", model="toy", beams=5, length_penalty=0.8, no_repeat=0, max_new=8, eos=[0],
             repetition_penalty=1.3),
        dict(name="toy-greedy-no-repeat-2", model="toy", beams=1, length_penalty=0.8, no_repeat=2, max_new=15, eos=[0]),
        dict(name="tiny-beam10-paper", model="tiny", beams=10, length_penalty=0.8, no_repeat=4, max_new=20, eos=[95, 7]),
        dict(name="tiny-beam4-no-repeat-2", model="tiny", beams=4, length_penalty=0.8, no_repeat=2, max_new=16, eos=[95]),
        dict(name="tiny-greedy", model="tiny", beams=1, length_penalty=0.8, no_repeat=4, max_new=12, eos=[95]),
    ]
    toy_prompts = [[5, 17, 3], [1], [30, 31, 32, 33, 34, 2], [9, 9, 9, 9], [22, 7]]
    tiny_prompts = [[3, 14, 15, 92, 65], [1], [10, 20, 30, 10, 20, 30], [95, 4]]
    cases = []
    for setting in settings:
        model = toy if setting["model"] == "toy" else gpt2
        for prompt in (toy_prompts if setting["model"] == "toy" else tiny_prompts):
            output = paper_beam(model, prompt, setting["beams"], setting["length_penalty"], setting["no_repeat"],
                                setting["max_new"], setting["eos"], setting.get("repetition_penalty", 1.0))
            cases.append(dict(setting=setting["name"], prompt=prompt, output=output))
    fixture = dict(
        about="The LoRA paper's beam search (gpt2_beam.py semantics) over a toy model "
              "(logits[t] = last[x_t] + previous[x_{t-1}], x_{-1} = 0) and the tiny GPT-2 fixture",
        torch=torch.__version__, transformers=__import__("transformers").__version__,
        vocab=VOCAB, last=last.flatten().tolist(), previous=previous.flatten().tolist(),
        settings=settings, cases=cases,
    )
    target = ROOT / "Tests/GPT2Tests/Fixtures/decoding/paper_beam.json"
    target.write_text(json.dumps(fixture, indent=1))
    print(f"wrote {len(cases)} cases to {target}")


if __name__ == "__main__":
    main()

"""Writes the parity fixtures of the selective fine-tuning methods (BitFit, top k blocks) with PyTorch.

Run from the package root: python3 tools/make_method_fixtures.py
Output (committed, about 40 kB): Tests/GPT2Tests/Fixtures/methods/selective.json.

The tiny model of tools/make_gpt2_fixtures.py (Fixtures/tiny) on its reference batch, in eval mode (no dropout):
for each method, only the chosen tensors get requires_grad, and torch.optim.AdamW takes STEPS steps over them at
a constant learning rate with label-smoothed cross-entropy. The fixture holds the loss before each step, the
gradients of the first step and the trained tensors after the last step, under their HF names, each as its first
64 values (all of a bias), its sum and its sum of magnitudes (to keep the file small).
No library implements BitFit or FT-top-k as such: their definitions are a choice of trained tensors, so the
reference is plain PyTorch autograd and AdamW over exactly those tensors.
Seeded and single-threaded: reruns give identical numbers.
"""

import json
import os

import torch
from safetensors.torch import load_file
from transformers import GPT2LMHeadModel

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GPT2Tests", "Fixtures")
LABEL_SMOOTHING = 0.1
STEPS, LEARNING_RATE, WEIGHT_DECAY, EPS = 3, 1e-2, 0.01, 1e-6


def load_tiny():
    model = GPT2LMHeadModel.from_pretrained(os.path.join(FIXTURES, "tiny"))
    model.eval()
    reference = load_file(os.path.join(FIXTURES, "tiny", "reference.safetensors"))
    return model, reference["input_ids"], reference["labels"]


def smoothed_loss(logits, labels):
    shifted_logits = logits[:, :-1, :].reshape(-1, logits.shape[-1])
    shifted_labels = labels[:, 1:].reshape(-1)
    return torch.nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING, ignore_index=-100)(shifted_logits, shifted_labels)


def bitfit_names(model, config):
    """BitFit: every tensor named bias (linear layers and LayerNorms), as its reference code selects them."""
    return [name for name, _ in model.named_parameters() if name.endswith(".bias")]


def top_blocks_names(blocks):
    """FT-top-k: every tensor of the last k transformer blocks; embeddings (tied head) and ln_f stay frozen."""
    def select(model, config):
        prefixes = [f"transformer.h.{layer}." for layer in range(config.n_layer - blocks, config.n_layer)]
        return [name for name, _ in model.named_parameters() if any(name.startswith(p) for p in prefixes)]
    return select


SAMPLE = 64


def summary(tensor):
    """A tensor as its first SAMPLE values (all of a small one), its sum and its sum of magnitudes, in float64."""
    flat = tensor.detach().reshape(-1).double()
    return {"head": [float(f"{value:.8g}") for value in flat[:SAMPLE].tolist()], "count": flat.numel(),
            "sum": flat.sum().item(), "abs_sum": flat.abs().sum().item()}


def train(model, tensors, names, input_ids, labels):
    """AdamW over tensors[n] for n in names, STEPS steps: the loss before each step, the first step's gradients."""
    optimizer = torch.optim.AdamW([tensors[n] for n in names], lr=LEARNING_RATE, betas=(0.9, 0.999), eps=EPS,
                                  weight_decay=WEIGHT_DECAY)
    losses, first_gradients = [], {}
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = smoothed_loss(model(input_ids=input_ids).logits, labels)
        loss.backward()
        losses.append(loss.item())
        if step == 0:
            first_gradients = {n: summary(tensors[n].grad) for n in names}
        optimizer.step()
    return losses, first_gradients


def run(method, select):
    model, input_ids, labels = load_tiny()
    names = select(model, model.config)
    parameters = dict(model.named_parameters())
    frozen_before = {name: p.detach().clone() for name, p in parameters.items() if name not in names}
    for name, parameter in parameters.items():
        parameter.requires_grad_(name in names)
    losses, first_gradients = train(model, parameters, names, input_ids, labels)
    for name, before in frozen_before.items():
        assert torch.equal(before, parameters[name]), f"{method}: frozen {name} changed"
    trainable = sum(parameters[n].numel() for n in names)
    print(f"{method}: {len(names)} tensors, {trainable} values, losses {losses}")
    return {"trained": names, "trainable_count": trainable, "losses": losses, "first_gradients": first_gradients,
            "after": {n: summary(parameters[n]) for n in names}}


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    write_fixture("selective.json", "tools/make_method_fixtures.py",
                  {"bitfit": run("bitfit", bitfit_names), "top1": run("top1", top_blocks_names(1))})


def write_fixture(file_name, script, methods, **settings):
    """Writes Fixtures/methods/FILE_NAME: the AdamW settings, any further `settings` and the methods' numbers."""
    write_json(file_name, {
        "note": f"made by {script} from Fixtures/tiny and its reference batch, eval mode",
        "steps": STEPS, "learning_rate": LEARNING_RATE, "weight_decay": WEIGHT_DECAY, "eps": EPS,
        "betas": [0.9, 0.999], "label_smoothing": LABEL_SMOOTHING, **settings, "methods": methods,
    })


def write_json(file_name, fixture):
    """Writes Fixtures/methods/FILE_NAME as compact JSON, through a temporary file."""
    directory = os.path.join(FIXTURES, "methods")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, file_name)
    with open(path + ".tmp", "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
        handle.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()

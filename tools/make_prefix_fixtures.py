"""Writes the parity fixtures of prefix tuning (and LoRA + prefix) with Hugging Face PEFT.

Run from the package root: python3 tools/make_prefix_fixtures.py
Outputs (committed, about 200 kB): Tests/GPT2Tests/Fixtures/methods/prefix.json,
Tests/GPT2Tests/Fixtures/tiny-prefix/peft/ (the initial prefix as PEFT's save_pretrained writes it) and
Tests/GPT2Tests/Fixtures/tiny-prefix-mlp/peft/ (the same for the reparameterised prefix: the MLP's output).

The tiny model of tools/make_gpt2_fixtures.py (Fixtures/tiny) on its reference batch, in eval mode (no dropout).
Prefix: PEFT's PrefixTuningConfig without the reparameterisation MLP (prefix_projection=False), so the trained
tensor is `prompt_embeddings` [length, n_layer * 2 * n_embd], PEFT's N(0, 1) init from a fixed seed. PEFT passes it as
GPT-2's past_key_values, so the tokens take positions length ... length + T - 1.
Prefix with projection: PrefixTuningConfig(prefix_projection=True, encoder_hidden_size=PROJECTION), Li & Liang's
reparameterisation: the trained tensors are the embedding [length, n_embd] and the two-layer MLP with tanh
(torch's default Linear init, so every weight and bias is non-zero); the prefix is the MLP's output.
LoRA + prefix: the same prefix, plus tools/make_gpt2_fixtures.py's per-slice LoRA (SliceLoRA, loralib's
MergedLinear) on q and v of every c_attn; PEFT cannot stack a LoRA and a prefix, so the LoRA is a module of the
base model that PEFT's prefix model wraps, and both train.
For each: the logits and loss of the first forward, then STEPS steps of torch.optim.AdamW at a constant learning
rate with label-smoothed cross-entropy: the loss before each step, the gradients of the first step and the values
after the last. Seeded and single-threaded: reruns give identical numbers.
"""

import json
import os
import shutil
import sys

import torch
from peft import PeftModel, PrefixTuningConfig, get_peft_model
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_gpt2_fixtures import SliceLoRA, native_name  # noqa: E402
from make_method_fixtures import (EPS, FIXTURES, LABEL_SMOOTHING, LEARNING_RATE, STEPS, WEIGHT_DECAY,  # noqa: E402
                                  load_tiny, smoothed_loss, write_json)

PREFIX_LENGTH = 4
PROJECTION = 12
LORA_RANK, LORA_ALPHA, LORA_TARGETS = 2, 8.0, ("q", "v")
SEED = 4242


def values(tensor):
    return [float(f"{value:.9g}") for value in tensor.detach().reshape(-1).double().tolist()]


def prefix_model(base, projection=None):
    if projection is None:
        config = PrefixTuningConfig(task_type="CAUSAL_LM", num_virtual_tokens=PREFIX_LENGTH, prefix_projection=False)
    else:
        config = PrefixTuningConfig(task_type="CAUSAL_LM", num_virtual_tokens=PREFIX_LENGTH, prefix_projection=True,
                                    encoder_hidden_size=projection)
    torch.manual_seed(SEED)
    model = get_peft_model(base, config)
    model.eval()
    return model


def add_slice_lora(base):
    """Per-slice LoRA on q and v of every c_attn, with a non-zero B so both A and B get gradients."""
    generator = torch.Generator().manual_seed(SEED + 1)
    for block in base.transformer.h:
        block.attn.c_attn = SliceLoRA(block.attn.c_attn, base.config.n_embd, LORA_RANK, LORA_ALPHA, LORA_TARGETS,
                                      generator)


def lora_parameters(base):
    named = {}
    for layer, block in enumerate(base.transformer.h):
        for target in LORA_TARGETS:
            named[native_name(layer, target, "A")] = block.attn.c_attn.a[target]
            named[native_name(layer, target, "B")] = block.attn.c_attn.b[target]
    return named


def train(model, trained, input_ids, labels, frozen):
    """`trained`: name -> parameter, in the engine's trainable order. Returns the fixture's record."""
    for parameter in trained.values():
        parameter.requires_grad_(True)
    frozen_before = {name: p.detach().clone() for name, p in frozen.items()}
    initial = {name: values(p) for name, p in trained.items()}
    optimizer = torch.optim.AdamW(list(trained.values()), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=EPS,
                                  weight_decay=WEIGHT_DECAY)
    losses, first_gradients, first_logits = [], {}, None
    for step in range(STEPS):
        optimizer.zero_grad()
        logits = model(input_ids=input_ids).logits
        loss = smoothed_loss(logits, labels)
        loss.backward()
        losses.append(loss.item())
        if step == 0:
            first_logits = values(logits)
            first_gradients = {name: values(p.grad) for name, p in trained.items()}
        optimizer.step()
    for name, before in frozen_before.items():
        assert torch.equal(before, frozen[name]), f"frozen {name} changed"
    return {"initial": initial, "logits": first_logits, "losses": losses, "first_gradients": first_gradients,
            "after": {name: values(p) for name, p in trained.items()},
            "trainable_count": sum(p.numel() for p in trained.values())}


def prefix_parameter(model):
    return model.prompt_encoder["default"].embedding.weight


def run_prefix(input_ids, labels):
    base, _, _ = load_tiny()
    frozen = {name: p for name, p in base.named_parameters()}
    model = prefix_model(base)
    export(model)
    record = train(model, {"prompt_embeddings": prefix_parameter(model)}, input_ids, labels, frozen)
    print(f"prefix: {record['trainable_count']} values, losses {record['losses']}")
    return record


def run_prefix_projection(input_ids, labels):
    base, _, _ = load_tiny()
    frozen = {name: p for name, p in base.named_parameters()}
    model = prefix_model(base, PROJECTION)
    save_peft_fixture(model, "tiny-prefix-mlp", input_ids)
    encoder = model.prompt_encoder["default"]
    # PrefixEncoder's own parameter names, in its order: the engine's trainable order.
    trained = dict(encoder.named_parameters())
    assert list(trained) == ["embedding.weight", "transform.0.weight", "transform.0.bias", "transform.2.weight",
                             "transform.2.bias"], list(trained)
    record = train(model, trained, input_ids, labels, frozen)
    with torch.no_grad():
        base_logits = load_tiny()[0](input_ids=input_ids).logits
        first = torch.tensor(record["logits"]).reshape(base_logits.shape)
    print(f"prefix_projection: {record['trainable_count']} values, losses {record['losses']}, "
          f"max |logits - base logits| {(first - base_logits).abs().max().item():.3f}")
    return record


def run_lora_prefix(input_ids, labels):
    base, _, _ = load_tiny()
    add_slice_lora(base)
    lora = lora_parameters(base)
    frozen = {name: p for name, p in base.named_parameters() if not any(p is q for q in lora.values())}
    model = prefix_model(base)
    trained = dict(lora)
    trained["prompt_embeddings"] = prefix_parameter(model)
    record = train(model, trained, input_ids, labels, frozen)
    print(f"lora+prefix: {record['trainable_count']} values, losses {record['losses']}")
    return record


def export(model):
    """The initial prefix as PEFT saves it, for the engine's loading test."""
    _, input_ids, _ = load_tiny()
    save_peft_fixture(model, "tiny-prefix", input_ids)


def save_peft_fixture(model, name, input_ids):
    """Saves PEFT `model`'s adapter as Fixtures/NAME/peft with a machine-independent config, and prints how close
    PEFT's reload of it comes to the model's logits on `input_ids`."""
    directory = os.path.join(FIXTURES, name, "peft")
    shutil.rmtree(directory, ignore_errors=True)
    model.save_pretrained(directory)
    os.remove(os.path.join(directory, "README.md"))
    # PEFT records the base's local path (and target modules in a set's order); the committed file names no
    # machine's folders and sorts the modules.
    config_path = os.path.join(directory, "adapter_config.json")
    with open(config_path) as handle:
        config = json.load(handle)
    config["base_model_name_or_path"] = None
    if isinstance(config.get("target_modules"), list):
        config["target_modules"] = sorted(config["target_modules"])
    with open(config_path, "w") as handle:
        json.dump(config, handle, indent=2, sort_keys=True)
        handle.write("\n")
    saved = load_file(os.path.join(directory, "adapter_model.safetensors"))
    print(f"{name}/peft:", {key: tuple(t.shape) for key, t in sorted(saved.items())})
    base, _, _ = load_tiny()
    reloaded = PeftModel.from_pretrained(base, directory)
    reloaded.eval()
    difference = (reloaded(input_ids=input_ids).logits - model(input_ids=input_ids).logits).abs().max().item()
    print(f"{name}/peft: reload vs original logits, max |difference| = {difference:.3e}")


def main():
    torch.set_num_threads(1)
    _, input_ids, labels = load_tiny()
    fixture = {
        "note": "made by tools/make_prefix_fixtures.py from Fixtures/tiny and its reference batch, eval mode, PEFT "
                "prefix tuning without projection (prefix, lora_prefix) and with it (prefix_projection)",
        "steps": STEPS, "learning_rate": LEARNING_RATE, "weight_decay": WEIGHT_DECAY, "eps": EPS,
        "label_smoothing": LABEL_SMOOTHING, "prefix_length": PREFIX_LENGTH, "projection": PROJECTION,
        "lora": {"rank": LORA_RANK, "alpha": LORA_ALPHA, "targets": list(LORA_TARGETS)},
        "methods": {"prefix": run_prefix(input_ids, labels), "lora_prefix": run_lora_prefix(input_ids, labels),
                    "prefix_projection": run_prefix_projection(input_ids, labels)},
    }
    write_json("prefix.json", fixture)


if __name__ == "__main__":
    main()

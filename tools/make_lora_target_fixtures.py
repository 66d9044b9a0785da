"""Writes the parity fixtures of LoRA on GPT-2's other linear layers (attn.c_proj, mlp.c_fc, mlp.c_proj) with HF PEFT.

Run from the package root: nice -n 15 python3 tools/make_lora_target_fixtures.py
Outputs (committed, about 70 kB): Tests/GPT2Tests/Fixtures/methods/lora-targets.json and
Tests/GPT2Tests/Fixtures/tiny-lora-targets/peft/ (the "modules" adapter as PEFT's save_pretrained writes it).

The tiny model of tools/make_gpt2_fixtures.py (Fixtures/tiny) on its reference batch, in eval mode (no dropout).
lorabook's target names: "o" is attn.c_proj, "fc" is mlp.c_fc, "proj" is mlp.c_proj.
- "modules": PEFT's LoraConfig on target_modules attn.c_proj, c_fc and mlp.c_proj (its Conv1D LoRA,
  fan_in_fan_out): lora_A Kaiming-uniform from a fixed seed, lora_B set to seeded N(0, 0.05^2) values so that
  both A and B get gradients.
- "all": the same PEFT LoRA plus tools/make_gpt2_fixtures.py's per-slice LoRA (SliceLoRA, loralib's
  MergedLinear) on q and v of every c_attn, which is what lorabook's q/v targets compute (PEFT's c_attn LoRA
  is one LoRA on the fused projection, a different model); all of it trains.
For each: the initial LoRA tensors under lorabook's native names, the logits of the first forward, then STEPS
steps of torch.optim.AdamW at a constant learning rate with label-smoothed cross-entropy: the loss before each
step, the gradients of the first step and the values after the last. Seeded and single-threaded: reruns give
identical numbers.
"""

import os
import sys

import torch
from peft import LoraConfig, get_peft_model

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_gpt2_fixtures import SliceLoRA, native_name  # noqa: E402
from make_method_fixtures import load_tiny, write_fixture  # noqa: E402
from make_prefix_fixtures import save_peft_fixture, train  # noqa: E402

RANK, ALPHA = 2, 8.0
SEED = 5151
# lorabook's target name -> GPT-2 module path inside a block, as PEFT's target_modules names it.
MODULES = {"o": "attn.c_proj", "fc": "mlp.c_fc", "proj": "mlp.c_proj"}


def module_name(layer, target, part):
    """lorabook's native name of a LoRA matrix on a whole linear layer."""
    return f"transformer.h.{layer}.{MODULES[target]}.lora_{target}.{part}"


def module(block, path):
    for part in path.split("."):
        block = getattr(block, part)
    return block


def peft_lora(base):
    """PEFT's Conv1D LoRA on the three modules, with B made non-zero from a seed."""
    config = LoraConfig(task_type="CAUSAL_LM", r=RANK, lora_alpha=ALPHA, lora_dropout=0.0, fan_in_fan_out=True,
                        target_modules=list(MODULES.values()), bias="none")
    torch.manual_seed(SEED)
    model = get_peft_model(base, config)
    generator = torch.Generator().manual_seed(SEED + 2)
    with torch.no_grad():
        for block in model.base_model.model.transformer.h:
            for path in MODULES.values():
                b = module(block, path).lora_B["default"].weight
                b.copy_(torch.randn(b.shape, generator=generator) * 0.05)
    model.eval()
    return model


def named_lora(model, slice_targets):
    """Every LoRA parameter under lorabook's native name, in the engine's order: per layer, q k v o fc proj, A then B."""
    named = {}
    for layer, block in enumerate(model.base_model.model.transformer.h):
        for target in slice_targets:
            named[native_name(layer, target, "A")] = block.attn.c_attn.a[target]
            named[native_name(layer, target, "B")] = block.attn.c_attn.b[target]
        for target, path in MODULES.items():
            layer_module = module(block, path)
            named[module_name(layer, target, "A")] = layer_module.lora_A["default"].weight
            named[module_name(layer, target, "B")] = layer_module.lora_B["default"].weight
    return named


def run(key, slice_targets, input_ids, labels):
    base, _, _ = load_tiny()
    frozen = {name: p for name, p in base.named_parameters()}
    if slice_targets:
        generator = torch.Generator().manual_seed(SEED + 1)
        for block in base.transformer.h:
            block.attn.c_attn = SliceLoRA(block.attn.c_attn, base.config.n_embd, RANK, ALPHA, slice_targets, generator)
    model = peft_lora(base)
    if not slice_targets:
        save_peft_fixture(model, "tiny-lora-targets", input_ids)
    record = train(model, named_lora(model, slice_targets), input_ids, labels, frozen)
    record["targets"] = list(slice_targets) + list(MODULES)
    print(f"{key}: {record['trainable_count']} values, losses {record['losses']}")
    return record


def main():
    torch.set_num_threads(1)
    _, input_ids, labels = load_tiny()
    methods = {"modules": run("modules", (), input_ids, labels), "all": run("all", ("q", "v"), input_ids, labels)}
    write_fixture("lora-targets.json", "tools/make_lora_target_fixtures.py", methods, rank=RANK, alpha=ALPHA)


if __name__ == "__main__":
    main()

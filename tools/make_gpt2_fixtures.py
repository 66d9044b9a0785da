"""Writes the GPT2Tests parity fixtures with Hugging Face transformers, PEFT and safetensors.

Run from the package root: python3 tools/make_gpt2_fixtures.py
Outputs (committed, about 0.5 MB): Tests/GPT2Tests/Fixtures/{tiny,tiny-lora,tiny-f16}/ and dtypes.safetensors.
Seeded and single-threaded: reruns give identical tensors (safetensors may order __metadata__ keys differently).
"""

import json
import math
import os
import shutil
import sys

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file, save_file
from transformers import GPT2Config, GPT2LMHeadModel

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GPT2Tests", "Fixtures")
SEED = 20260
BATCH, LENGTH = 2, 12
LABEL_SMOOTHING = 0.1
LORA_RANK, LORA_ALPHA, LORA_TARGETS = 2, 8.0, ("q", "v")


def tiny_config():
    return GPT2Config(
        n_layer=2, n_head=2, n_embd=32, n_positions=32, vocab_size=96,
        bos_token_id=95, eos_token_id=95, initializer_range=0.05,
    )


def build_base_model(config):
    """HF random init, then every LayerNorm and bias perturbed so parity tests see non-trivial values."""
    torch.manual_seed(SEED)
    model = GPT2LMHeadModel(config)
    generator = torch.Generator().manual_seed(SEED + 1)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            noise = torch.randn(parameter.shape, generator=generator)
            if ".ln_" in name and name.endswith(".weight"):
                parameter.copy_(1.0 + 0.2 * noise)
            elif name.endswith(".bias"):
                parameter.copy_(0.05 * noise)
    model.eval()
    return model


def batch_inputs(vocab_size):
    """Two rows: the second padded at the right with token 0; labels keep only completion tokens."""
    generator = torch.Generator().manual_seed(SEED + 2)
    input_ids = torch.randint(1, vocab_size, (BATCH, LENGTH), generator=generator)
    labels = input_ids.clone()
    context = [4, 3]
    real_length = [LENGTH, 9]
    for row in range(BATCH):
        input_ids[row, real_length[row]:] = 0
        labels[row, :context[row]] = -100
        labels[row, real_length[row]:] = -100
    return input_ids, labels


def smoothed_loss(logits, labels):
    """HF convention: logits[t] predicts labels[t + 1]; mean over positions whose label is not -100."""
    shifted_logits = logits[:, :-1, :].reshape(-1, logits.shape[-1])
    shifted_labels = labels[:, 1:].reshape(-1)
    smoothed = torch.nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING, ignore_index=-100)
    plain = torch.nn.CrossEntropyLoss(ignore_index=-100)
    return smoothed(shifted_logits, shifted_labels), plain(shifted_logits, shifted_labels)


class SliceLoRA(torch.nn.Module):
    """loralib MergedLinear-style LoRA on GPT-2's fused c_attn: a separate rank-r pair per targeted q/k/v slice."""

    def __init__(self, base, width, rank, alpha, targets, generator):
        super().__init__()
        self.base, self.width, self.scaling, self.targets = base, width, alpha / rank, targets
        self.a = torch.nn.ParameterDict()
        self.b = torch.nn.ParameterDict()
        for target in targets:
            bound = 1.0 / math.sqrt(width)
            self.a[target] = torch.nn.Parameter((torch.rand(rank, width, generator=generator) * 2 - 1) * bound)
            self.b[target] = torch.nn.Parameter(torch.randn(width, rank, generator=generator) * 0.05)

    def forward(self, x):
        out = self.base(x)
        pieces = list(out.split(self.width, dim=-1))
        for target in self.targets:
            index = "qkv".index(target)
            pieces[index] = pieces[index] + (x @ self.a[target].t() @ self.b[target].t()) * self.scaling
        return torch.cat(pieces, dim=-1)


def native_name(layer, target, part):
    return f"transformer.h.{layer}.attn.c_attn.lora_{target}.{part}"


def write_tiny(model, config, input_ids, labels):
    directory = os.path.join(ROOT, "tiny")
    shutil.rmtree(directory, ignore_errors=True)
    model.save_pretrained(directory, safe_serialization=True)
    model.zero_grad()
    logits = model(input_ids=input_ids).logits
    loss, nll = smoothed_loss(logits, labels)
    loss.backward()
    reference = {"input_ids": input_ids, "labels": labels, "logits": logits.detach(),
                 "loss": loss.detach().reshape(()), "loss_unsmoothed": nll.detach().reshape(())}
    for name, parameter in model.named_parameters():
        reference[f"grad.{name}"] = parameter.grad.detach().clone()
    save_file({k: v.contiguous() for k, v in reference.items()}, os.path.join(directory, "reference.safetensors"),
              metadata={"label_smoothing": str(LABEL_SMOOTHING), "mode": "eval (no dropout)",
                        "note": "no attention_mask: right padding does not reach earlier positions"})
    print(f"tiny: loss {loss.item():.6f} (unsmoothed {nll.item():.6f}), {len(reference)} tensors")
    return logits.detach()


def write_tiny_lora(config, input_ids, labels):
    directory = os.path.join(ROOT, "tiny-lora")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    model = build_base_model(config)
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    generator = torch.Generator().manual_seed(SEED + 3)
    wrappers = []
    for block in model.transformer.h:
        wrapper = SliceLoRA(block.attn.c_attn, config.n_embd, LORA_RANK, LORA_ALPHA, LORA_TARGETS, generator)
        block.attn.c_attn = wrapper
        wrappers.append(wrapper)
    model.eval()
    logits = model(input_ids=input_ids).logits
    loss, nll = smoothed_loss(logits, labels)
    loss.backward()
    reference = {"input_ids": input_ids, "labels": labels, "logits": logits.detach(),
                 "loss": loss.detach().reshape(()), "loss_unsmoothed": nll.detach().reshape(())}
    native = {}
    for layer, wrapper in enumerate(wrappers):
        for target in LORA_TARGETS:
            for part, parameter in (("A", wrapper.a[target]), ("B", wrapper.b[target])):
                name = native_name(layer, target, part)
                native[name] = parameter.detach().clone()
                reference[f"lora.{name}"] = parameter.detach().clone()
                reference[f"grad.lora.{name}"] = parameter.grad.detach().clone()
    save_file({k: v.contiguous() for k, v in reference.items()}, os.path.join(directory, "reference.safetensors"),
              metadata={"base": "../tiny", "rank": str(LORA_RANK), "alpha": str(LORA_ALPHA),
                        "targets": ",".join(LORA_TARGETS), "label_smoothing": str(LABEL_SMOOTHING),
                        "mode": "eval (no LoRA dropout)"})
    print(f"tiny-lora: loss {loss.item():.6f} (unsmoothed {nll.item():.6f}), {len(reference)} tensors")
    write_peft_export(config, native, logits.detach(), input_ids, os.path.join(directory, "peft"))


def write_peft_export(config, native, lora_logits, input_ids, directory):
    """The same adapter as PEFT saves it: one rank r*|targets| LoRA on c_attn with block-structured lora_B."""
    width, targets = config.n_embd, LORA_TARGETS
    peft_rank = LORA_RANK * len(targets)
    base = build_base_model(config)
    lora_config = LoraConfig(r=peft_rank, lora_alpha=LORA_ALPHA * len(targets), lora_dropout=0.1,
                             target_modules=["c_attn"], fan_in_fan_out=True, bias="none", task_type="CAUSAL_LM")
    peft_model = get_peft_model(base, lora_config)
    with torch.no_grad():
        for layer, block in enumerate(peft_model.base_model.model.transformer.h):
            stacked_a = torch.cat([native[native_name(layer, t, "A")] for t in targets], dim=0)
            block_b = torch.zeros(3 * width, peft_rank)
            for slot, target in enumerate(targets):
                rows = slice("qkv".index(target) * width, ("qkv".index(target) + 1) * width)
                block_b[rows, slot * LORA_RANK:(slot + 1) * LORA_RANK] = native[native_name(layer, target, "B")]
            block.attn.c_attn.lora_A["default"].weight.copy_(stacked_a)
            block.attn.c_attn.lora_B["default"].weight.copy_(block_b)
    shutil.rmtree(directory, ignore_errors=True)
    peft_model.save_pretrained(directory)
    os.remove(os.path.join(directory, "README.md"))
    reloaded = PeftModel.from_pretrained(build_base_model(config), directory)
    reloaded.eval()
    with torch.no_grad():
        peft_logits = reloaded(input_ids=input_ids).logits
    difference = (peft_logits - lora_logits).abs().max().item()
    print(f"tiny-lora/peft: PEFT reload vs q/v-LoRA logits, max |difference| = {difference:.3e}")
    if difference > 1e-5:
        sys.exit("PEFT export does not reproduce the slice LoRA")


def write_tiny_half(config):
    """The tiny model saved in float16 and bfloat16, for checkpoint loading with dtype conversion."""
    for dtype, folder in ((torch.float16, "tiny-f16"), (torch.bfloat16, "tiny-bf16")):
        directory = os.path.join(ROOT, folder)
        shutil.rmtree(directory, ignore_errors=True)
        build_base_model(config).to(dtype).save_pretrained(directory, safe_serialization=True)
    print("tiny-f16, tiny-bf16: written")


def write_dtypes():
    """Known values in every dtype the reader takes, each beside its exact float32 (or int64) twin."""
    special = torch.tensor([0.0, -0.0, 1.0, -2.0, 0.5, 65504.0, 6.103515625e-05, 5.960464477539063e-08,
                            1.0009765625, float("inf"), float("-inf"), 3.140625], dtype=torch.float32)
    wide = torch.tensor([1.0, -1.5, 3.0e38, 1.1754943508222875e-38, 9.183549615799121e-41, 1.0078125,
                         float("inf"), float("-inf"), -7.0e-3, 2.0 ** 100], dtype=torch.float32)
    tensors = {
        "f16": special.to(torch.float16).reshape(3, 4),
        "f16.as_f32": special.to(torch.float16).to(torch.float32).reshape(3, 4),
        "bf16": wide.to(torch.bfloat16).reshape(2, 5),
        "bf16.as_f32": wide.to(torch.bfloat16).to(torch.float32).reshape(2, 5),
        "f32": torch.tensor([[1.5, -2.25], [1e-30, 7.0]], dtype=torch.float32),
        "i64": torch.tensor([-100, 0, 1, 50256, 2 ** 40], dtype=torch.int64),
        "i32": torch.tensor([[-7, 0], [123456, -2 ** 31]], dtype=torch.int32),
        "scalar": torch.tensor(2.5, dtype=torch.float32),
    }
    save_file(tensors, os.path.join(ROOT, "dtypes.safetensors"), metadata={"purpose": "dtype conversion"})
    print("dtypes.safetensors: written")


def main():
    torch.set_num_threads(1)
    config = tiny_config()
    model = build_base_model(config)
    input_ids, labels = batch_inputs(config.vocab_size)
    write_tiny(model, config, input_ids, labels)
    write_tiny_lora(config, input_ids, labels)
    write_tiny_half(config)
    write_dtypes()


if __name__ == "__main__":
    main()

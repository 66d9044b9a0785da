"""Loads a LoRA adapter folder written by lorabook into HF PEFT on its base model and prints the logits.

Run: python3 tools/check_peft_adapter.py ADAPTER_DIR BASE_DIR [--tokens 12] [--seed 0] [--lorabook BINARY]
BASE_DIR is a checkpoint folder (config.json + model.safetensors). When the adapter carries lorabook's
metadata (lorabook.rank/alpha/targets), the script also rebuilds the per-slice q/k/v LoRA (and the whole-layer
o / fc / proj LoRA) directly in torch from the stored tensors and prints the largest logit difference from PEFT's forward (expect about 1e-7).
With --lorabook, it also decodes the same prompt greedily with PEFT and with `lorabook generate --adapter` and
prints both continuations and whether they agree.
"""

import argparse
import subprocess

import torch
from peft import PeftModel
from safetensors import safe_open
from transformers import GPT2LMHeadModel


# lorabook's whole-layer LoRA targets and the GPT-2 modules they adapt.
WHOLE_LAYERS = {"o": "attn.c_proj", "fc": "mlp.c_fc", "proj": "mlp.c_proj"}


def slice_lora_logits(base_dir, adapter_dir, input_ids):
    """Forward of the base model with each targeted q/k/v slice of c_attn adapted by its own rank-r pair, and each
    targeted whole layer (o, fc, proj) by its own."""
    path = f"{adapter_dir}/adapter_model.safetensors"
    with safe_open(path, "pt") as weights:
        metadata = weights.metadata() or {}
        if "lorabook.rank" not in metadata:
            return None
        rank = int(metadata["lorabook.rank"])
        alpha = float(metadata["lorabook.alpha"])
        targets = metadata["lorabook.targets"].split(",")
        tensors = {key: weights.get_tensor(key).float() for key in weights.keys()}
    model = GPT2LMHeadModel.from_pretrained(base_dir).eval()
    width = model.config.n_embd
    slices = [target for target in targets if target in ("q", "k", "v")]
    for layer, block in enumerate(model.transformer.h):
        prefix = f"base_model.model.transformer.h.{layer}"
        if slices:
            fused_a = tensors[f"{prefix}.attn.c_attn.lora_A.weight"]
            fused_b = tensors[f"{prefix}.attn.c_attn.lora_B.weight"]
            pairs = {}
            for slot, target in enumerate(slices):
                index = "qkv".index(target)
                a = fused_a[slot * rank:(slot + 1) * rank]
                b = fused_b[index * width:(index + 1) * width, slot * rank:(slot + 1) * rank]
                pairs[index] = (a, b)
            original = block.attn.c_attn.forward

            def adapted(x, original=original, pairs=pairs):
                out = original(x)
                pieces = list(out.split(width, dim=-1))
                for index, (a, b) in pairs.items():
                    pieces[index] = pieces[index] + (x @ a.t() @ b.t()) * (alpha / rank)
                return torch.cat(pieces, dim=-1)

            block.attn.c_attn.forward = adapted
        # Whole layers (o, fc, proj): the layer's output gains x A^T B^T alpha / r.
        for target in targets:
            if target in WHOLE_LAYERS:
                module = block
                for part in WHOLE_LAYERS[target].split("."):
                    module = getattr(module, part)
                a = tensors[f"{prefix}.{WHOLE_LAYERS[target]}.lora_A.weight"]
                b = tensors[f"{prefix}.{WHOLE_LAYERS[target]}.lora_B.weight"]

                def whole(x, original=module.forward, a=a, b=b):
                    return original(x) + (x @ a.t() @ b.t()) * (alpha / rank)

                module.forward = whole
    with torch.no_grad():
        return model(input_ids=input_ids).logits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("adapter_dir")
    parser.add_argument("base_dir")
    parser.add_argument("--tokens", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lorabook", help="lorabook binary: compare greedy continuations with `generate --adapter`")
    parser.add_argument("--new", type=int, default=10, help="new tokens for the greedy comparison")
    arguments = parser.parse_args()

    torch.set_num_threads(1)
    base = GPT2LMHeadModel.from_pretrained(arguments.base_dir).eval()
    model = PeftModel.from_pretrained(base, arguments.adapter_dir).eval()
    config = model.peft_config["default"]
    print(f"PEFT config: r={config.r} lora_alpha={config.lora_alpha} target_modules={sorted(config.target_modules)}"
          f" fan_in_fan_out={config.fan_in_fan_out} scaling={config.lora_alpha / config.r}")
    generator = torch.Generator().manual_seed(arguments.seed)
    length = min(arguments.tokens, base.config.n_positions)
    input_ids = torch.randint(0, base.config.vocab_size, (1, length), generator=generator)
    with torch.no_grad():
        logits = model(input_ids=input_ids).logits
        plain = GPT2LMHeadModel.from_pretrained(arguments.base_dir).eval()(input_ids=input_ids).logits
    torch.set_printoptions(precision=6, linewidth=120)
    print(f"input_ids: {input_ids.tolist()}")
    print(f"logits {tuple(logits.shape)}, last position, first 8: {logits[0, -1, :8]}")
    print(f"max |PEFT - base| = {(logits - plain).abs().max().item():.6e} (non-zero when the adapter changes the model)")
    reference = slice_lora_logits(arguments.base_dir, arguments.adapter_dir, input_ids)
    if reference is not None:
        print(f"max |PEFT - per-target LoRA| = {(logits - reference).abs().max().item():.3e}")
    if arguments.lorabook:
        prompt = input_ids[0, :4].tolist()
        sequence = list(prompt)
        with torch.no_grad():
            for _ in range(arguments.new):
                sequence.append(int(model(input_ids=torch.tensor([sequence])).logits[0, -1].argmax()))
        ours = subprocess.run([arguments.lorabook, "generate", "--model", arguments.base_dir, "--adapter", arguments.adapter_dir,
                               "--decoder", "hf", "--ids", "--max-new", str(arguments.new), "--end-token",
                               str(base.config.vocab_size - 1), "--", " ".join(map(str, prompt))],
                              check=True, capture_output=True, text=True).stdout.split()
        theirs = sequence[len(prompt):]
        end = base.config.vocab_size - 1
        if end in theirs:
            theirs = theirs[:theirs.index(end) + 1]
        print(f"greedy from {prompt}: PEFT {theirs}, lorabook {list(map(int, ours))}, "
              f"{'agree' if theirs == list(map(int, ours)) else 'DIFFER'}")


if __name__ == "__main__":
    main()
